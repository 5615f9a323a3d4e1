import { randomBytes } from 'node:crypto';
import type { WebhookDelivery } from '../../spec/types.ts';
import { epochSeconds, isoAt } from '../clock.ts';
import type { MockContext } from '../context.ts';
import type { DomainEvent } from '../events.ts';
import {
  type DeliveryAttemptRecord,
  type DeliveryOutcome,
  type DeliveryRecord,
  WebhooksStore,
} from '../store/webhooks-store.ts';
import { recipientsOf } from './audience.ts';
import { deliveryHeaders } from './signature.ts';
import { postDelivery, type Transport } from './transport.ts';

/**
 * Waits after failed attempts 1..5, on the mock's clock (spec: `partnerEvent` webhook, register
 * A38): 1 s, 2 s, 4 s, 8 s, 16 s, so 6 attempts in all; after the sixth failure the delivery is
 * given up (`failed`).
 */
export const RETRY_DELAYS_MS: readonly number[] = [1_000, 2_000, 4_000, 8_000, 16_000];

/** Attempts per delivery, the first included. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** How long a receiver has to answer, in real time (guide /guides/webhook-setup: 5 s; register A38). */
export const DELIVERY_TIMEOUT_MS = 5_000;

/** The delivery body, with `data` as loose as the domain event's. */
type DeliveryBody = Omit<WebhookDelivery, 'data'> & { data: Record<string, unknown> };

/** A delivery with its attempts, as the log shows it. */
export interface DeliveryLogEntry extends Omit<DeliveryRecord, 'payload'> {
  payload: DeliveryBody;
  attempt_log: DeliveryAttemptRecord[];
}

/** How a dispatcher is built; the defaults are the documented behaviour. */
export interface DispatcherOptions {
  timeoutMs?: number;
  /** How often the running server looks for due deliveries, in real ms. */
  pollMs?: number;
  transport?: Transport;
  log?: (message: string) => void;
}

/**
 * Turns domain events into signed webhook deliveries and sends them. A delivery is queued in the
 * store with its next attempt time on the mock's clock; `runDue` sends every due one. A running
 * mock calls it from a small unref'd timer and right after each event; tests call it after moving
 * the clock, so retries need no sleeping. Every attempt is logged.
 */
export class WebhookDispatcher {
  /** The webhooks, deliveries and attempt log. */
  readonly store: WebhooksStore;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly timeoutMs: number;
  private readonly pollMs: number;
  private readonly transport: Transport;
  private readonly log: (message: string) => void;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly context: MockContext,
    options: DispatcherOptions = {},
  ) {
    this.store = new WebhooksStore(context.store);
    this.timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
    this.pollMs = options.pollMs ?? 250;
    this.transport = options.transport ?? postDelivery;
    this.log = options.log ?? (() => undefined);
  }

  /** Subscribes to the mock's domain events and starts the polling timer. */
  start(): void {
    this.unsubscribe ??= this.context.events.subscribe((event) => this.enqueue(event));
    this.timer ??= setInterval(() => this.tick(), this.pollMs).unref();
  }

  /** Stops listening and polling; deliveries still queued stay in the store. */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Queues one delivery per recipient webhook. Runs inside the request that caused the event, so it
   * never throws: a failure is logged and the request goes on.
   */
  enqueue(event: DomainEvent): void {
    try {
      const now = this.context.clock.now();
      const recipients = recipientsOf(this.context, this.store, event);
      if (recipients.length === 0) return;
      const body: DeliveryBody = {
        id: `evt_${randomBytes(9).toString('base64url')}`,
        type: event.type,
        created_at: isoAt(now),
        dealer_id: event.dealer_id,
        data: event.data,
      };
      const payload = JSON.stringify(body);
      this.store.insertDeliveries(
        recipients.map((webhook) => ({
          delivery_id: `dlv_${randomBytes(9).toString('base64url')}`,
          webhook_id: webhook.webhook_id,
          client_id: webhook.client_id,
          notification_id: body.id,
          event_type: event.type,
          dealer_id: event.dealer_id,
          url: webhook.url,
          payload,
          status: 'pending',
          attempts: 0,
          next_attempt_at: now,
          last_status_code: null,
          last_error: null,
          created_at: now,
          completed_at: null,
        })),
      );
      if (this.timer) setImmediate(() => this.tick());
    } catch (error) {
      this.log(`webhook: could not queue ${event.type}: ${(error as Error).stack ?? String(error)}`);
    }
  }

  /**
   * Sends every pending delivery whose next attempt is due on the mock's clock, and resolves when
   * those (and any attempt already under way) have finished.
   */
  async runDue(): Promise<void> {
    for (const delivery of this.store.dueDeliveries(this.context.clock.now())) {
      if (this.inFlight.has(delivery.delivery_id)) continue;
      const attempt = this.attempt(delivery).finally(() => this.inFlight.delete(delivery.delivery_id));
      this.inFlight.set(delivery.delivery_id, attempt);
    }
    await Promise.all(this.inFlight.values());
  }

  /** The delivery log, oldest first: every delivery with its parsed body and its attempts. */
  deliveries(filter: { webhookId?: string; clientId?: string } = {}): DeliveryLogEntry[] {
    return this.store.listDeliveries(filter).map((delivery) => ({
      ...delivery,
      payload: JSON.parse(delivery.payload) as DeliveryBody,
      attempt_log: this.store.listAttempts(delivery.delivery_id),
    }));
  }

  private tick(): void {
    if (!this.context.store.sqlite.open) {
      this.stop();
      return;
    }
    this.runDue().catch((error: unknown) =>
      this.log(`webhook: dispatch failed: ${(error as Error).stack ?? String(error)}`),
    );
  }

  private async attempt(delivery: DeliveryRecord): Promise<void> {
    const webhook = this.store.getWebhook(delivery.webhook_id);
    if (!webhook) return;
    const attempt = delivery.attempts + 1;
    const attemptedAt = this.context.clock.now();
    const headers = deliveryHeaders(
      {
        secret: webhook.secret,
        notificationId: delivery.notification_id,
        eventType: delivery.event_type,
        rawBody: delivery.payload,
      },
      attempt,
      epochSeconds(attemptedAt),
    );
    const started = performance.now();
    const result = await this.transport(delivery.url, headers, delivery.payload, this.timeoutMs);
    const statusCode = 'statusCode' in result ? result.statusCode : null;
    const error =
      'error' in result
        ? result.error
        : statusCode !== null && statusCode >= 200 && statusCode < 300
          ? null
          : `receiver answered ${statusCode}`;
    if (!this.context.store.sqlite.open) return;
    this.store.recordAttempt(
      {
        delivery_id: delivery.delivery_id,
        attempt,
        attempted_at: attemptedAt,
        status_code: statusCode,
        error,
        duration_ms: Math.round(performance.now() - started),
      },
      this.outcome(attempt, error === null),
    );
  }

  private outcome(attempt: number, succeeded: boolean): DeliveryOutcome {
    const now = this.context.clock.now();
    if (succeeded) return { status: 'succeeded', next_attempt_at: null, completed_at: now };
    const delay = RETRY_DELAYS_MS[attempt - 1];
    if (delay === undefined) return { status: 'failed', next_attempt_at: null, completed_at: now };
    return { status: 'pending', next_attempt_at: now + delay, completed_at: null };
  }
}
