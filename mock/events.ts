import type { WebhookEventType } from '../spec/types.ts';

/** Something that happened in the mock that a webhook may subscribe to. */
export interface DomainEvent {
  type: WebhookEventType;
  /** The dealer it happened under (null for events with no dealer). */
  dealer_id: number | null;
  /** The resource as the API would answer it (the webhook delivery's `data`). */
  data: Record<string, unknown>;
  /**
   * Set when the event concerns one client only (`dealer.connected` / `dealer.disconnected` describe
   * one partner's binding): then only that client's webhooks receive it.
   */
  client_id?: string;
}

/** A listener of domain events; it must not throw (it runs inside the request that caused them). */
export type DomainEventListener = (event: DomainEvent) => void;

/**
 * The mock's in-process event bus: domain code publishes what happened, the webhook dispatcher
 * (and anything else) subscribes. Synchronous and per instance.
 */
export class DomainEvents {
  private readonly listeners: DomainEventListener[] = [];

  /** Registers a listener; returns a function that removes it. */
  subscribe(listener: DomainEventListener): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  /** Tells every listener. */
  publish(event: DomainEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
