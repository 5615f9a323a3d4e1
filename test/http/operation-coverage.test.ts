import { describe, expect, it } from 'vitest';
import { ADMIN_SPEC_PATH } from '../../mock/admin/control-plane.ts';
import { adminHandlers } from '../../mock/admin/handlers.ts';
import { loadDocument } from '../../mock/openapi/document.ts';
import { OperationIndex } from '../../mock/openapi/operations.ts';
import { allHandlers } from '../../mock/routes/index.ts';
import { freshMock } from '../support/mock.ts';

// Every operation of the spec must be served by a handler of the mock: a spec change that adds an
// operation without an implementation fails here, not in a partner's CI.

describe('operation coverage', () => {
  it('serves every operation of the Partner API spec with a handler', async () => {
    const mock = await freshMock();
    const served = new Set(Object.keys(allHandlers(mock.context)));
    const missing = new OperationIndex(loadDocument()).operations
      .map((operation) => operation.operationId)
      .filter((id) => !served.has(id));
    expect(missing).toEqual([]);
  });

  it('serves every operation of the control-plane spec with a handler', async () => {
    const mock = await freshMock();
    const handlers = adminHandlers({
      context: mock.context,
      journal: mock.journal,
      faults: mock.faults,
      rateLimiter: undefined as never,
      validateSeed: () => [],
      afterClockChange: async () => {},
    });
    const served = new Set(Object.keys(handlers));
    const missing = new OperationIndex(loadDocument(ADMIN_SPEC_PATH)).operations
      .map((operation) => operation.operationId)
      .filter((id) => !served.has(id));
    expect(missing).toEqual([]);
  });
});
