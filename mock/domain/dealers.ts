import type { Dealer, DealerConnectRequest, DealerDisconnection, DealerUpdate } from '../../spec/types.ts';
import { isoAt } from '../clock.ts';
import type { MockContext } from '../context.ts';
import { conflict, forbidden, notFound } from '../errors.ts';
import type { AccessContext } from '../http/authenticate.ts';
import type { DealerRecord } from '../store/types.ts';

/** The Dealer body as a given client sees it: with its own binding's external id (null for Dealer apps). */
export function dealerView(context: MockContext, dealer: DealerRecord, clientId: string): Dealer {
  const binding = context.store.getBinding(clientId, dealer.dealer_id);
  return { ...dealer, external_dealer_id: binding?.external_dealer_id ?? null };
}

/**
 * Binds the signed-in dealer admin's dealer to the calling Platform partner under
 * `external_dealer_id`. The same binding again is a no-op; a clash with another binding is 409.
 * The body's `company_name` is not copied onto the dealer: the stored record is answered (A-register).
 */
export function connectDealer(
  context: MockContext,
  access: AccessContext,
  request: DealerConnectRequest,
): Dealer {
  const { client, user } = access;
  if (!user) forbidden('user_token_required', "Connect needs a dealer admin's authorization-code token.");
  if (client.kind !== 'platform') {
    forbidden('platform_partner_required', 'Only a Platform partner client can be connected to a dealer.');
  }
  if (!user.is_dealer_admin) {
    forbidden('dealer_admin_required', `${user.email} is not an admin of dealer ${user.dealer_id}.`);
  }
  const { store, clock } = context;
  const dealer = store.getDealer(user.dealer_id);
  if (!dealer) notFound('dealer_not_found', `Dealer ${user.dealer_id} does not exist.`);
  let connected = false;
  store.transaction(() => {
    const existing = store.getBinding(client.client_id, dealer.dealer_id);
    if (existing) {
      if (existing.external_dealer_id === request.external_dealer_id) return;
      conflict(
        'dealer_already_connected',
        `Dealer ${dealer.dealer_id} is already connected as "${existing.external_dealer_id}"; disconnect it first.`,
        'external_dealer_id',
      );
    }
    const clash = store.getBindingByExternalId(client.client_id, request.external_dealer_id);
    if (clash) {
      conflict(
        'external_id_conflict',
        `external_dealer_id "${request.external_dealer_id}" is already bound to another dealer.`,
        'external_dealer_id',
      );
    }
    store.insertBinding({
      client_id: client.client_id,
      dealer_id: dealer.dealer_id,
      external_dealer_id: request.external_dealer_id,
      connected_at: isoAt(clock.now()),
    });
    connected = true;
  });
  const view = dealerView(context, dealer, client.client_id);
  if (connected)
    context.events.publish({
      type: 'dealer.connected',
      dealer_id: dealer.dealer_id,
      data: view,
      client_id: client.client_id,
    });
  return view;
}

/** Removes the calling Platform partner's binding to a dealer; the dealer's data stays. */
export function disconnectDealer(
  context: MockContext,
  access: AccessContext,
  dealerId: number,
): DealerDisconnection {
  const { client } = access;
  if (client.kind !== 'platform') {
    forbidden('platform_partner_required', 'Only a Platform partner can disconnect a dealer.');
  }
  const { store, clock } = context;
  const binding = store.getBinding(client.client_id, dealerId);
  if (!binding)
    notFound('binding_not_found', `Dealer ${dealerId} is not connected to this partner.`, 'dealerId');
  store.deleteBinding(client.client_id, dealerId);
  const disconnection: DealerDisconnection = {
    dealer_id: dealerId,
    external_dealer_id: binding.external_dealer_id,
    disconnected_at: isoAt(clock.now()),
  };
  context.events.publish({
    type: 'dealer.disconnected',
    dealer_id: dealerId,
    data: disconnection,
    client_id: client.client_id,
  });
  return disconnection;
}

/**
 * The dealer record. Like every operation under `/dealers/{dealerId}`, the pipeline has already
 * checked that the caller reaches it (see `reachDealer`), so this only reads it.
 */
function requireDealer(context: MockContext, dealerId: number): DealerRecord {
  const dealer = context.store.getDealer(dealerId);
  if (!dealer) notFound('dealer_not_found', `Dealer ${dealerId} does not exist.`, 'dealerId');
  return dealer;
}

/** The dealer, as the caller sees it. */
export function getDealer(context: MockContext, access: AccessContext, dealerId: number): Dealer {
  return dealerView(context, requireDealer(context, dealerId), access.client.client_id);
}

/** Applies a partial update to the dealer's company fields. */
export function updateDealer(
  context: MockContext,
  access: AccessContext,
  dealerId: number,
  patch: DealerUpdate,
): Dealer {
  const dealer = requireDealer(context, dealerId);
  const updated: DealerRecord = { ...dealer, ...patch };
  context.store.updateDealer(updated);
  return dealerView(context, updated, access.client.client_id);
}
