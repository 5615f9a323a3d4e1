import type { ClientRegistration, Seed } from '../spec/admin-types.ts';
import { sha256 } from './auth/client-auth.ts';
import type { Store } from './store/store.ts';
import type { JsonWebKeyRecord } from './store/types.ts';

/** A seed entry that cannot be loaded; `field` points at it, e.g. `clients[1].dealer_id`. */
export class SeedError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'SeedError';
  }
}

/** How an entry is named in errors: its position and its id, e.g. `clients[1] (client_id "acme-app")`. */
function entry(list: string, index: number, idName: string, id: unknown): string {
  return `${list}[${index}] (${idName} ${JSON.stringify(id)})`;
}

/**
 * Checks what a schema cannot: unique ids and e-mails, references between entries, and the rules of
 * each kind of client. Throws a {@link SeedError} naming the first bad entry.
 */
export function checkSeed(seed: Seed): void {
  const dealers = new Set<number>();
  (seed.dealers ?? []).forEach((dealer, i) => {
    if (dealers.has(dealer.dealer_id)) {
      throw new SeedError(
        `dealers[${i}].dealer_id`,
        `${entry('dealers', i, 'dealer_id', dealer.dealer_id)}: duplicate dealer_id`,
      );
    }
    dealers.add(dealer.dealer_id);
  });
  const userIds = new Set<number>();
  const emails = new Set<string>();
  (seed.users ?? []).forEach((user, i) => {
    const name = entry('users', i, 'email', user.email);
    if (userIds.has(user.user_id))
      throw new SeedError(`users[${i}].user_id`, `${name}: duplicate user_id ${user.user_id}`);
    if (emails.has(user.email.toLowerCase()))
      throw new SeedError(`users[${i}].email`, `${name}: duplicate email`);
    if (!dealers.has(user.dealer_id)) {
      throw new SeedError(
        `users[${i}].dealer_id`,
        `${name}: dealer_id ${user.dealer_id} names no dealer of the seed`,
      );
    }
    userIds.add(user.user_id);
    emails.add(user.email.toLowerCase());
  });
  const clients = new Map<string, ClientRegistration>();
  (seed.clients ?? []).forEach((client, i) => {
    const problem = clientProblem(client, (id) => dealers.has(id));
    if (clients.has(client.client_id)) {
      throw new SeedError(
        `clients[${i}].client_id`,
        `${entry('clients', i, 'client_id', client.client_id)}: duplicate client_id`,
      );
    }
    if (problem)
      throw new SeedError(
        `clients[${i}].${problem.field}`,
        `${entry('clients', i, 'client_id', client.client_id)}: ${problem.message}`,
      );
    clients.set(client.client_id, client);
  });
  const bound = new Set<string>();
  (seed.bindings ?? []).forEach((binding, i) => {
    const name = entry('bindings', i, 'external_dealer_id', binding.external_dealer_id);
    const client = clients.get(binding.client_id);
    if (!client)
      throw new SeedError(
        `bindings[${i}].client_id`,
        `${name}: client_id ${binding.client_id} names no client of the seed`,
      );
    if (client.kind !== 'platform')
      throw new SeedError(`bindings[${i}].client_id`, `${name}: only a platform client can be bound`);
    if (!dealers.has(binding.dealer_id)) {
      throw new SeedError(
        `bindings[${i}].dealer_id`,
        `${name}: dealer_id ${binding.dealer_id} names no dealer of the seed`,
      );
    }
    for (const key of [
      `${binding.client_id}/d/${binding.dealer_id}`,
      `${binding.client_id}/x/${binding.external_dealer_id}`,
    ]) {
      if (bound.has(key))
        throw new SeedError(
          `bindings[${i}]`,
          `${name}: the client already has this dealer or external id bound`,
        );
      bound.add(key);
    }
  });
}

/**
 * What is wrong with a client registration, or null. Shared by seeds and the admin API: a Dealer app
 * sits on one existing dealer with a Dealer app tier; a Platform partner has no dealer; each has a
 * secret or public keys.
 */
export function clientProblem(
  client: ClientRegistration,
  dealerExists: (dealerId: number) => boolean,
): { field: string; message: string } | null {
  if (client.client_secret === undefined && (client.public_jwks ?? []).length === 0) {
    return { field: 'client_secret', message: 'give a client_secret, public_jwks, or both' };
  }
  if (client.kind === 'dealer_app') {
    if (client.dealer_id === undefined)
      return { field: 'dealer_id', message: 'a dealer_app needs the dealer_id it is installed on' };
    if (!dealerExists(client.dealer_id))
      return { field: 'dealer_id', message: `dealer_id ${client.dealer_id} names no dealer` };
    if (client.rate_tier === 'custom')
      return { field: 'rate_tier', message: 'a dealer_app uses the free, pro or enterprise tier' };
    if ((client.redirect_uris ?? []).length > 0)
      return { field: 'redirect_uris', message: 'only platform clients use the authorization-code flow' };
  } else {
    if (client.dealer_id !== undefined)
      return {
        field: 'dealer_id',
        message: 'a platform client reaches dealers by connect, not by dealer_id',
      };
    if (client.rate_tier !== undefined && client.rate_tier !== 'custom') {
      return { field: 'rate_tier', message: 'a platform client has a custom ceiling (rate_tier custom)' };
    }
  }
  if (
    client.kind === 'dealer_app' &&
    (client.rate_limit_per_minute !== undefined || client.rate_limit_burst !== undefined)
  ) {
    return {
      field: 'rate_limit_per_minute',
      message: 'custom ceilings are for platform clients; pick a rate_tier',
    };
  }
  return null;
}

/** Writes a client registration into the store, with defaults applied. */
export function insertClient(
  store: Store,
  client: ClientRegistration,
  partnerScopes: readonly string[],
  createdAt: string,
): void {
  store.insertClient({
    client_id: client.client_id,
    name: client.name ?? client.client_id,
    kind: client.kind,
    dealer_id: client.dealer_id ?? null,
    secret_sha256: client.client_secret === undefined ? null : sha256(client.client_secret),
    public_jwks: (client.public_jwks ?? []) as JsonWebKeyRecord[],
    redirect_uris: client.redirect_uris ?? [],
    scopes: client.scopes ?? [...partnerScopes],
    rate_tier: client.rate_tier ?? (client.kind === 'platform' ? 'custom' : 'free'),
    rate_limit_per_minute: client.rate_limit_per_minute ?? null,
    rate_limit_burst: client.rate_limit_burst ?? null,
    created_at: createdAt,
  });
}

/** Writes a checked seed into an empty store (the caller holds the transaction). */
export function writeSeed(store: Store, seed: Seed, partnerScopes: readonly string[], now: string): void {
  for (const dealer of seed.dealers ?? []) {
    store.insertDealer({
      ...dealer,
      company_address2: dealer.company_address2 ?? null,
      created_at: dealer.created_at ?? now,
    });
  }
  for (const user of seed.users ?? []) store.insertUser(user);
  for (const client of seed.clients ?? []) insertClient(store, client, partnerScopes, now);
  for (const binding of seed.bindings ?? []) store.insertBinding({ ...binding, connected_at: now });
}
