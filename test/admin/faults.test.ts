import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../../mock/admin/faults.ts';
import { DEMO_CREDENTIALS } from '../../mock/demo-world.ts';
import { MockError } from '../../mock/errors.ts';
import { createAdminClient } from '../../spec/admin-client.ts';
import type { FaultCreate } from '../../spec/admin-types.ts';
import { call, clientToken, freshMock } from '../support/mock.ts';

describe('faults armed through the control plane', () => {
  it('answers the next N requests of an operation with the status in the error envelope, then serves normally', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const armed = await createAdminClient(mock.url).POST('/__mock/faults', {
      body: { operation_id: 'getDealer', status: 503, count: 2 },
    });
    expect(armed.response.status).toBe(201);
    for (let i = 0; i < 2; i += 1) {
      const faulted = await call(mock, 'GET', '/partner/v1/dealers/1001', { token });
      expect(faulted.status).toBe(503);
      expect(faulted.body).toEqual({
        error: {
          code: 'injected_fault',
          message: expect.stringContaining(armed.data?.fault_id ?? 'no id'),
          request_id: expect.stringMatching(/^req_/),
          field: null,
        },
      });
    }
    const normal = await call(mock, 'GET', '/partner/v1/dealers/1001', { token });
    expect(normal.status).toBe(200);
    expect(normal.body.dealer_id).toBe(1001);
  });

  it('answers a fault on the token endpoint in the OAuth error format', async () => {
    const mock = await freshMock();
    await createAdminClient(mock.url).POST('/__mock/faults', {
      body: { operation_id: 'requestToken', status: 503 },
    });
    const { client_id, client_secret } = DEMO_CREDENTIALS.dealerApp;
    const form = { grant_type: 'client_credentials', client_id, client_secret };
    const faulted = await call(mock, 'POST', '/oauth/token', { form });
    expect(faulted.status).toBe(503);
    expect(faulted.body.error).toBe('injected_fault');
    expect((await call(mock, 'POST', '/oauth/token', { form })).status).toBe(200);
  });

  it('matches a method and a path pattern where * stands for one segment', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    await createAdminClient(mock.url).POST('/__mock/faults', {
      body: { method: 'GET', path: '/partner/v1/dealers/*/sites', status: 500, count: 5 },
    });
    const sites = await call(mock, 'GET', '/partner/v1/dealers/1001/sites', { token });
    expect(sites.status).toBe(500);
    expect(sites.body.error.code).toBe('injected_fault');
    // Another method, a shorter path and a longer one do not match.
    const created = await call(mock, 'POST', '/partner/v1/dealers/1001/sites', { token, body: {} });
    expect(created.status).not.toBe(500);
    expect((await call(mock, 'GET', '/partner/v1/dealers/1001', { token })).status).toBe(200);
    expect((await call(mock, 'GET', '/partner/v1/dealers/1001/sites/1', { token })).status).not.toBe(500);
  });

  it('delays a matching request by latency_ms and then answers it normally', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    await createAdminClient(mock.url).POST('/__mock/faults', {
      body: { operation_id: 'getDealer', latency_ms: 120 },
    });
    const started = performance.now();
    const response = await call(mock, 'GET', '/partner/v1/dealers/1001', { token });
    expect(performance.now() - started).toBeGreaterThanOrEqual(120);
    expect(response.status).toBe(200);
    expect(response.body.dealer_id).toBe(1001);
  });

  it('drops the connection, so that the fetch rejects, and keeps serving afterwards', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    await createAdminClient(mock.url).POST('/__mock/faults', {
      body: { operation_id: 'getDealer', drop: true },
    });
    await expect(call(mock, 'GET', '/partner/v1/dealers/1001', { token })).rejects.toThrow();
    expect((await call(mock, 'GET', '/partner/v1/dealers/1001', { token })).status).toBe(200);
  });

  it('hits every matching request at probability 1 until the faults are cleared', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const admin = createAdminClient(mock.url);
    await admin.POST('/__mock/faults', { body: { operation_id: 'getDealer', status: 502, probability: 1 } });
    for (let i = 0; i < 4; i += 1) {
      expect((await call(mock, 'GET', '/partner/v1/dealers/1001', { token })).status).toBe(502);
    }
    const listed = await admin.GET('/__mock/faults');
    expect(listed.data).toMatchObject([{ hits: 4, remaining: null, probability: 1 }]);
    await admin.DELETE('/__mock/faults');
    expect((await call(mock, 'GET', '/partner/v1/dealers/1001', { token })).status).toBe(200);
  });

  it('records a faulted request in the journal with verdict fault and the fault id', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const admin = createAdminClient(mock.url);
    const armed = await admin.POST('/__mock/faults', { body: { operation_id: 'getDealer', status: 503 } });
    await call(mock, 'GET', '/partner/v1/dealers/1001', { token });
    const { data } = await admin.GET('/__mock/journal', { params: { query: { operation_id: 'getDealer' } } });
    expect(data).toHaveLength(1);
    expect(data?.[0]).toMatchObject({
      status: 503,
      verdict: 'fault',
      fault_id: armed.data?.fault_id,
      path: '/partner/v1/dealers/1001',
    });
  });

  it('records a dropped request in the journal with status 0', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const admin = createAdminClient(mock.url);
    const armed = await admin.POST('/__mock/faults', { body: { operation_id: 'getDealer', drop: true } });
    await expect(call(mock, 'GET', '/partner/v1/dealers/1001', { token })).rejects.toThrow();
    const { data } = await admin.GET('/__mock/journal', { params: { query: { operation_id: 'getDealer' } } });
    expect(data?.[0]).toMatchObject({ status: 0, verdict: 'fault', fault_id: armed.data?.fault_id });
  });
});

describe('managing faults', () => {
  it('lists armed faults in matching order with their defaults', async () => {
    const mock = await freshMock();
    const admin = createAdminClient(mock.url);
    await admin.POST('/__mock/faults', { body: { operation_id: 'requestToken', status: 503 } });
    await admin.POST('/__mock/faults', {
      body: { method: 'GET', path: '/partner/v1/dealers/*', latency_ms: 10, probability: 0.5 },
    });
    const { data } = await admin.GET('/__mock/faults');
    expect(data).toEqual([
      {
        fault_id: 'flt_1',
        operation_id: 'requestToken',
        method: null,
        path: null,
        status: 503,
        latency_ms: 0,
        drop: false,
        remaining: 1,
        probability: null,
        hits: 0,
      },
      {
        fault_id: 'flt_2',
        operation_id: null,
        method: 'GET',
        path: '/partner/v1/dealers/*',
        status: null,
        latency_ms: 10,
        drop: false,
        remaining: null,
        probability: 0.5,
        hits: 0,
      },
    ]);
  });

  it('deletes one fault and leaves the others armed', async () => {
    const mock = await freshMock();
    const admin = createAdminClient(mock.url);
    const first = await admin.POST('/__mock/faults', { body: { operation_id: 'getDealer', status: 503 } });
    await admin.POST('/__mock/faults', { body: { operation_id: 'listSites', status: 503 } });
    const deleted = await admin.DELETE('/__mock/faults/{faultId}', {
      params: { path: { faultId: first.data?.fault_id ?? '' } },
    });
    expect(deleted.response.status).toBe(204);
    const { data } = await admin.GET('/__mock/faults');
    expect(data?.map((fault) => fault.operation_id)).toEqual(['listSites']);
  });

  it('answers 404 fault_not_found when deleting an unknown fault', async () => {
    const mock = await freshMock();
    const { error, response } = await createAdminClient(mock.url).DELETE('/__mock/faults/{faultId}', {
      params: { path: { faultId: 'flt_99' } },
    });
    expect(response.status).toBe(404);
    expect(error?.error).toMatchObject({ code: 'fault_not_found', field: 'faultId' });
  });

  it('clears every fault', async () => {
    const mock = await freshMock();
    const admin = createAdminClient(mock.url);
    await admin.POST('/__mock/faults', { body: { operation_id: 'getDealer', status: 503 } });
    await admin.POST('/__mock/faults', { body: { operation_id: 'listSites', status: 503 } });
    const cleared = await admin.DELETE('/__mock/faults');
    expect(cleared.response.status).toBe(204);
    expect((await admin.GET('/__mock/faults')).data).toEqual([]);
    const token = await clientToken(mock);
    expect((await call(mock, 'GET', '/partner/v1/dealers/1001', { token })).status).toBe(200);
  });

  it.each([
    ['neither an operation nor a path', { status: 503 }, 'operation_id'],
    [
      'both an operation and a path',
      { operation_id: 'getDealer', method: 'GET', path: '/x', status: 503 },
      'operation_id',
    ],
    ['a method without a path', { method: 'GET', status: 503 }, 'path'],
    ['a path without a method', { path: '/partner/v1/dealers/*', status: 503 }, 'method'],
    ['no effect', { operation_id: 'getDealer', count: 2 }, 'status'],
    [
      'both count and probability',
      { operation_id: 'getDealer', status: 503, count: 2, probability: 0.5 },
      'probability',
    ],
    ['a status that is not an error', { operation_id: 'getDealer', status: 200 }, 'status'],
    ['a probability above 1', { operation_id: 'getDealer', status: 503, probability: 1.5 }, 'probability'],
    ['a path that is not absolute', { method: 'GET', path: 'partner/v1', status: 503 }, 'path'],
    ['an unknown method', { method: 'TRACE', path: '/x', status: 503 }, 'method'],
  ] as const)('refuses a fault with %s, naming the field', async (_name, body, field) => {
    const mock = await freshMock();
    const admin = createAdminClient(mock.url);
    const { error, response } = await admin.POST('/__mock/faults', { body: body as FaultCreate });
    expect(response.status).toBe(400);
    expect(error?.error.code).toBe('invalid_request');
    expect(error?.error.field).toBe(field);
    expect((await admin.GET('/__mock/faults')).data).toEqual([]);
  });
});

describe('FaultInjector', () => {
  const OPERATIONS = new Set(['getDealer', 'listSites']);

  /** A random function that answers the given values in turn. */
  function sequence(...values: number[]): () => number {
    let i = 0;
    return () => values[i++ % values.length] as number;
  }

  it('hits a probability fault when the random draw falls below the fraction', () => {
    const faults = new FaultInjector(OPERATIONS, sequence(0.2, 0.7, 0.49, 0.5, 0));
    faults.add({ operation_id: 'getDealer', status: 503, probability: 0.5 });
    const hits = Array.from(
      { length: 5 },
      () => faults.take('getDealer', 'GET', '/partner/v1/dealers/1') !== null,
    );
    expect(hits).toEqual([true, false, true, false, true]);
    expect(faults.list()[0]).toMatchObject({ hits: 3, remaining: null });
  });

  it('does not draw for requests that do not match', () => {
    let draws = 0;
    const faults = new FaultInjector(OPERATIONS, () => {
      draws += 1;
      return 0;
    });
    faults.add({ operation_id: 'getDealer', status: 503, probability: 0.5 });
    expect(faults.take('listSites', 'GET', '/partner/v1/dealers/1/sites')).toBeNull();
    expect(draws).toBe(0);
  });

  it('disarms a counted fault after its last hit', () => {
    const faults = new FaultInjector(OPERATIONS);
    faults.add({ operation_id: 'getDealer', status: 503, count: 2 });
    expect(faults.take('getDealer', 'GET', '/p')?.remaining).toBe(1);
    expect(faults.take('getDealer', 'GET', '/p')?.remaining).toBe(0);
    expect(faults.take('getDealer', 'GET', '/p')).toBeNull();
    expect(faults.list()).toEqual([]);
  });

  it('falls through to the next fault when a probability fault misses', () => {
    const faults = new FaultInjector(OPERATIONS, () => 0.9);
    faults.add({ operation_id: 'getDealer', status: 503, probability: 0.1 });
    const second = faults.add({ operation_id: 'getDealer', status: 500 });
    expect(faults.take('getDealer', 'GET', '/p')?.fault_id).toBe(second.fault_id);
  });

  it('matches the method regardless of case', () => {
    const faults = new FaultInjector(OPERATIONS);
    faults.add({ method: 'GET', path: '/partner/v1/dealers/*', status: 503 });
    expect(faults.take('getDealer', 'get', '/partner/v1/dealers/1001')).not.toBeNull();
  });

  it('throws a 404 MockError for an unknown fault id', () => {
    const faults = new FaultInjector(OPERATIONS);
    expect(() => faults.remove('flt_1')).toThrow(MockError);
  });

  it('refuses a fault naming an operation the spec does not have', () => {
    const faults = new FaultInjector(OPERATIONS);
    expect(() => faults.add({ operation_id: 'getDealr', status: 503 })).toThrow(/No operation "getDealr"/);
  });
});
