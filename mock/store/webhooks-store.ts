import type { Store } from './store.ts';

/** A registered webhook, secret included (it signs the deliveries). */
export interface WebhookRecord {
  webhook_id: string;
  client_id: string;
  url: string;
  events: string[];
  secret: string;
  status: 'active' | 'disabled';
  created_at: string;
}

/** Where a delivery stands: still trying, acknowledged, given up, or dropped with its webhook. */
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'dropped';

/** One notification to one webhook, with its retry state. Times are epoch ms on the mock's clock. */
export interface DeliveryRecord {
  delivery_id: string;
  webhook_id: string;
  client_id: string;
  /** The `id` of the `WebhookDelivery` body (and `X-CHeKT-Event-Id`), stable across attempts. */
  notification_id: string;
  event_type: string;
  dealer_id: number | null;
  url: string;
  /** The exact JSON body sent on every attempt. */
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: number;
  completed_at: number | null;
}

/** One attempt at a delivery: the receiver's status code, or the error that prevented one. */
export interface DeliveryAttemptRecord {
  delivery_id: string;
  attempt: number;
  attempted_at: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

/** How an attempt changes its delivery. */
export interface DeliveryOutcome {
  status: DeliveryStatus;
  next_attempt_at: number | null;
  completed_at: number | null;
}

type Row = Record<string, unknown>;

/** Webhooks, their deliveries and the attempt log, over the mock's SQLite store. Knows nothing of HTTP. */
export class WebhooksStore {
  constructor(private readonly store: Store) {}

  /** Adds a webhook. */
  insertWebhook(webhook: WebhookRecord): void {
    this.store
      .sql(
        `INSERT INTO webhooks (webhook_id, client_id, url, events, secret, status, created_at)
       VALUES (@webhook_id, @client_id, @url, @events, @secret, @status, @created_at)`,
      )
      .run({ ...webhook, events: JSON.stringify(webhook.events) });
  }

  /** The webhook with this id, or null. */
  getWebhook(webhookId: string): WebhookRecord | null {
    const row = this.store.sql('SELECT * FROM webhooks WHERE webhook_id = ?').get(webhookId) as
      | Row
      | undefined;
    return row ? toWebhook(row) : null;
  }

  /** The webhooks of a client (or of every client), in registration order. */
  listWebhooks(clientId?: string): WebhookRecord[] {
    const rows =
      clientId === undefined
        ? this.store.sql('SELECT * FROM webhooks ORDER BY created_at, rowid').all()
        : this.store
            .sql('SELECT * FROM webhooks WHERE client_id = ? ORDER BY created_at, rowid')
            .all(clientId);
    return (rows as Row[]).map(toWebhook);
  }

  /** Removes a webhook and drops its pending deliveries (the log stays); true when there was one. */
  deleteWebhook(webhookId: string, now: number): boolean {
    return this.store.transaction(() => {
      const removed = this.store.sql('DELETE FROM webhooks WHERE webhook_id = ?').run(webhookId).changes > 0;
      this.store
        .sql(
          `UPDATE webhook_deliveries SET status = 'dropped', next_attempt_at = NULL, completed_at = ?
         WHERE webhook_id = ? AND status = 'pending'`,
        )
        .run(now, webhookId);
      return removed;
    });
  }

  /** Queues deliveries. */
  insertDeliveries(deliveries: DeliveryRecord[]): void {
    this.store.transaction(() => {
      for (const delivery of deliveries) {
        this.store
          .sql(
            `INSERT INTO webhook_deliveries (delivery_id, webhook_id, client_id, notification_id, event_type,
            dealer_id, url, payload, status, attempts, next_attempt_at, last_status_code, last_error,
            created_at, completed_at)
           VALUES (@delivery_id, @webhook_id, @client_id, @notification_id, @event_type, @dealer_id, @url,
            @payload, @status, @attempts, @next_attempt_at, @last_status_code, @last_error, @created_at,
            @completed_at)`,
          )
          .run(delivery);
      }
    });
  }

  /** The delivery with this id, or null. */
  getDelivery(deliveryId: string): DeliveryRecord | null {
    return (
      (this.store.sql('SELECT * FROM webhook_deliveries WHERE delivery_id = ?').get(deliveryId) as
        | DeliveryRecord
        | undefined) ?? null
    );
  }

  /** Pending deliveries whose next attempt is due at `now`, oldest first. */
  dueDeliveries(now: number): DeliveryRecord[] {
    return this.store
      .sql(
        `SELECT * FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ?
       ORDER BY next_attempt_at, created_at, rowid`,
      )
      .all(now) as DeliveryRecord[];
  }

  /** Deliveries, newest last, optionally of one webhook or one client. */
  listDeliveries(filter: { webhookId?: string; clientId?: string } = {}): DeliveryRecord[] {
    if (filter.webhookId !== undefined) {
      return this.store
        .sql('SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY created_at, rowid')
        .all(filter.webhookId) as DeliveryRecord[];
    }
    if (filter.clientId !== undefined) {
      return this.store
        .sql('SELECT * FROM webhook_deliveries WHERE client_id = ? ORDER BY created_at, rowid')
        .all(filter.clientId) as DeliveryRecord[];
    }
    return this.store
      .sql('SELECT * FROM webhook_deliveries ORDER BY created_at, rowid')
      .all() as DeliveryRecord[];
  }

  /** The attempts of a delivery, in order. */
  listAttempts(deliveryId: string): DeliveryAttemptRecord[] {
    return this.store
      .sql('SELECT * FROM webhook_delivery_attempts WHERE delivery_id = ? ORDER BY attempt')
      .all(deliveryId) as DeliveryAttemptRecord[];
  }

  /**
   * Logs an attempt and moves its delivery on, in one transaction. A delivery that is no longer
   * pending (its webhook was deleted meanwhile) keeps its status; the attempt is logged anyway.
   */
  recordAttempt(attempt: DeliveryAttemptRecord, outcome: DeliveryOutcome): void {
    this.store.transaction(() => {
      this.store
        .sql(
          `INSERT INTO webhook_delivery_attempts (delivery_id, attempt, attempted_at, status_code, error, duration_ms)
         VALUES (@delivery_id, @attempt, @attempted_at, @status_code, @error, @duration_ms)`,
        )
        .run(attempt);
      this.store
        .sql(
          `UPDATE webhook_deliveries SET attempts = @attempt, last_status_code = @status_code, last_error = @error,
          status = CASE WHEN status = 'pending' THEN @status ELSE status END,
          next_attempt_at = CASE WHEN status = 'pending' THEN @next_attempt_at ELSE NULL END,
          completed_at = CASE WHEN status = 'pending' THEN @completed_at ELSE completed_at END
         WHERE delivery_id = @delivery_id`,
        )
        .run({ ...attempt, ...outcome });
    });
  }
}

function toWebhook(row: Row): WebhookRecord {
  return {
    webhook_id: row.webhook_id as string,
    client_id: row.client_id as string,
    url: row.url as string,
    events: JSON.parse(row.events as string) as string[],
    secret: row.secret as string,
    status: row.status as WebhookRecord['status'],
    created_at: row.created_at as string,
  };
}
