import type { MockContext } from '../context.ts';
import { forbidden, notFound } from '../errors.ts';
import type { AccessContext } from '../http/authenticate.ts';
import type { DealerRecord } from '../store/types.ts';

/**
 * The dealer scope of a token, applied to everything under `/partner/v1/dealers/{dealerId}`: a
 * Dealer app reaches only the dealer it is installed on, a Platform partner only the dealers bound
 * to it right now (so a disconnect takes effect on the next call, whatever tokens are out there).
 */
export function reachDealer(context: MockContext, access: AccessContext, dealerId: number): DealerRecord {
  const { client } = access;
  if (client.kind === 'dealer_app' && client.dealer_id !== dealerId) {
    forbidden(
      'dealer_out_of_scope',
      `This Dealer app is installed on dealer ${client.dealer_id}, not ${dealerId}.`,
    );
  }
  if (client.kind === 'platform' && !context.store.getBinding(client.client_id, dealerId)) {
    forbidden('dealer_not_connected', `Dealer ${dealerId} is not connected to this Platform partner.`);
  }
  const dealer = context.store.getDealer(dealerId);
  if (!dealer) notFound('dealer_not_found', `Dealer ${dealerId} does not exist.`, 'dealerId');
  return dealer;
}
