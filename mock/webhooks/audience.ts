import type { MockContext } from '../context.ts';
import type { DomainEvent } from '../events.ts';
import type { WebhookRecord, WebhooksStore } from '../store/webhooks-store.ts';

/**
 * The active webhooks that subscribed to the event's type and whose client can reach its dealer at
 * the time of the event: a Dealer app its own dealer, a Platform partner the dealers bound to it.
 * An event that names a `client_id` concerns that client only. `dealer.*` events carry one
 * partner's binding (its `external_dealer_id`), so without a `client_id` they go only to the
 * Platform partner whose binding that is, never to other clients of the dealer.
 */
export function recipientsOf(
  context: MockContext,
  webhooks: WebhooksStore,
  event: DomainEvent & { client_id?: string },
): WebhookRecord[] {
  const reach = new Map<string, boolean>();
  const canReceive = (clientId: string): boolean => {
    let known = reach.get(clientId);
    if (known === undefined) {
      known =
        event.client_id === undefined ? reaches(context, clientId, event) : clientId === event.client_id;
      reach.set(clientId, known);
    }
    return known;
  };
  return webhooks
    .listWebhooks()
    .filter((w) => w.status === 'active' && w.events.includes(event.type) && canReceive(w.client_id));
}

function reaches(context: MockContext, clientId: string, event: DomainEvent): boolean {
  if (event.dealer_id === null) return false;
  const client = context.store.getClient(clientId);
  if (!client) return false;
  const isDealerEvent = event.type.startsWith('dealer.');
  if (client.kind === 'dealer_app') return !isDealerEvent && client.dealer_id === event.dealer_id;
  const binding = context.store.getBinding(clientId, event.dealer_id);
  if (!binding) return false;
  return !isDealerEvent || binding.external_dealer_id === event.data.external_dealer_id;
}
