import { createHash } from 'node:crypto';
import type { MockContext } from '../context.ts';
import { conflict } from '../errors.ts';
import type { Operation } from '../openapi/operations.ts';
import { IdempotencyStore } from '../store/idempotency-store.ts';
import type { HandlerCall, ReplyOnWire } from './pipeline.ts';

/** How long a stored answer is replayed (docs: /docs/idempotency, "24 h"). */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The header, as the validated (lower-cased) request headers name it. */
const HEADER = 'idempotency-key';

/**
 * The pipeline's `aroundHandler` for `Idempotency-Key` (docs: /docs/idempotency; register: see
 * spec/ASSUMPTIONS.md). On every operation that declares the header, keyed by (client, operationId,
 * key) for 24 hours on the mock's clock:
 * - same key, same payload (method, path parameters, query, body): the stored answer is replayed and
 *   the handler does not run again;
 * - same key, another payload: 409 `idempotency_conflict`;
 * - only 2xx answers are stored: a 4xx changed nothing, so running it again is safe and reflects the
 *   current state (the docs' advice for 409 is "refresh local state, retry"); a 5xx is a mock bug.
 * A second request with a key whose first request is still running waits for it, then replays or
 * conflicts like any later request (the spec declares no "in progress" answer).
 */
export class IdempotencyGuard {
  private readonly records: IdempotencyStore;
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly context: MockContext) {
    this.records = new IdempotencyStore(context.store);
  }

  /** The `aroundHandler` to give the pipeline. */
  readonly around = async (call: HandlerCall, execute: () => Promise<ReplyOnWire>): Promise<ReplyOnWire> => {
    const key = call.headers[HEADER];
    if (call.access === null || typeof key !== 'string' || !declaresKey(call.operation)) return execute();
    const clientId = call.access.client.client_id;
    const { operationId } = call.operation;
    const slot = JSON.stringify([clientId, operationId, key]);
    for (let running = this.inFlight.get(slot); running; running = this.inFlight.get(slot)) {
      await running.catch(() => undefined);
    }
    const requestSha256 = requestDigest(call);
    const now = this.context.clock.now();
    const stored = this.records.get(clientId, operationId, key);
    if (stored && stored.created_at + IDEMPOTENCY_WINDOW_MS > now) {
      if (stored.request_sha256 !== requestSha256) {
        conflict(
          'idempotency_conflict',
          `Idempotency-Key "${key}" was already used with a different request payload in the last 24 hours.`,
          'Idempotency-Key',
        );
      }
      return {
        status: stored.status,
        body: stored.body === null ? undefined : JSON.parse(stored.body),
        headers: JSON.parse(stored.headers) as Record<string, string>,
      };
    }
    const running = execute();
    this.inFlight.set(slot, running);
    try {
      const reply = await running;
      if (reply.status >= 200 && reply.status < 300) {
        const at = this.context.clock.now();
        this.records.deleteOlderThan(at - IDEMPOTENCY_WINDOW_MS);
        this.records.put({
          client_id: clientId,
          operation_id: operationId,
          idempotency_key: key,
          request_sha256: requestSha256,
          status: reply.status,
          body: reply.body === undefined ? null : JSON.stringify(reply.body),
          headers: JSON.stringify(reply.headers ?? {}),
          created_at: at,
        });
      }
      return reply;
    } finally {
      this.inFlight.delete(slot);
    }
  };
}

function declaresKey(operation: Operation): boolean {
  return operation.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === HEADER);
}

/** What "the same payload" means: method, operation, path parameters, query and body, key order aside. */
function requestDigest(call: HandlerCall & { query?: unknown }): string {
  const payload = canonical({
    method: call.operation.method,
    operation: call.operation.operationId,
    path: call.path,
    query: call.query ?? null,
    body: Buffer.isBuffer(call.body) ? createHash('sha256').update(call.body).digest('hex') : call.body,
  });
  return createHash('sha256').update(JSON.stringify(payload)).digest('hex');
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value ?? null;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
  );
}
