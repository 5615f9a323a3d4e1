import type { JWK } from 'jose';
import type { ClientAuthenticator } from './auth/client-auth.ts';
import type { TokenService } from './auth/tokens.ts';
import type { MockClock } from './clock.ts';
import type { DomainEvents } from './events.ts';
import type { Store } from './store/store.ts';

/** Everything a handler may use: one instance per mock, never a module global. */
export interface MockContext {
  store: Store;
  clock: MockClock;
  tokens: TokenService;
  clientAuth: ClientAuthenticator;
  /** The mock's base URL, also the `iss` of its tokens. */
  issuer: string;
  /** Checks a value against a schema of the Partner API spec (for bodies checked item by item). */
  checkSchema: (name: string, value: unknown, location: string) => { field: string; message: string }[];
  /** Domain events (resource created, dealer disconnected, ...), which webhooks deliver. */
  events: DomainEvents;
  /** The public half of the token signing key, as published at the JWKS endpoint. */
  signingJwk: JWK;
  /** The scopes a client-credentials token can carry, read from the spec's security schemes. */
  partnerScopes: readonly string[];
  /** The extra scopes an authorization-code token may carry. */
  userScopes: readonly string[];
  lifetimes: {
    authCodeSeconds: number;
    refreshTokenSeconds: number;
  };
}
