import type { Store } from './store.ts';

/** The stored first answer to a (client, operation, key). */
export interface IdempotencyRecord {
  client_id: string;
  operation_id: string;
  idempotency_key: string;
  /** Digest of what makes two requests "the same payload". */
  request_sha256: string;
  status: number;
  /** The response body as JSON, or null when there was none. */
  body: string | null;
  /** The handler's own response headers as JSON. */
  headers: string;
  /** Epoch ms on the mock's clock. */
  created_at: number;
}

/** Idempotency records over the mock's SQLite store. Knows nothing of HTTP. */
export class IdempotencyStore {
  constructor(private readonly store: Store) {}

  /** The record for this (client, operation, key), or null. */
  get(clientId: string, operationId: string, key: string): IdempotencyRecord | null {
    return (
      (this.store
        .sql(
          'SELECT * FROM idempotency_records WHERE client_id = ? AND operation_id = ? AND idempotency_key = ?',
        )
        .get(clientId, operationId, key) as IdempotencyRecord | undefined) ?? null
    );
  }

  /** Stores (or replaces an expired) record. */
  put(record: IdempotencyRecord): void {
    this.store
      .sql(
        `INSERT INTO idempotency_records (client_id, operation_id, idempotency_key, request_sha256, status, body,
        headers, created_at)
       VALUES (@client_id, @operation_id, @idempotency_key, @request_sha256, @status, @body, @headers, @created_at)
       ON CONFLICT (client_id, operation_id, idempotency_key) DO UPDATE SET
        request_sha256 = excluded.request_sha256, status = excluded.status, body = excluded.body,
        headers = excluded.headers, created_at = excluded.created_at`,
      )
      .run(record);
  }

  /** Forgets every record created before `before` (epoch ms). */
  deleteOlderThan(before: number): void {
    this.store.sql('DELETE FROM idempotency_records WHERE created_at < ?').run(before);
  }
}
