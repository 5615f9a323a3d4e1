import type { Dealer } from '../../spec/types.ts';

/** A dealer as stored: the API's Dealer without the caller-specific `external_dealer_id`. */
export type DealerRecord = Omit<Dealer, 'external_dealer_id'>;

/** A person who can sign in at the authorize endpoint. */
export interface UserRecord {
  user_id: number;
  email: string;
  name: string;
  dealer_id: number;
  is_dealer_admin: boolean;
}

/** Dealer app (one dealer) or Platform partner (the dealers bound to it). */
export type ClientKind = 'dealer_app' | 'platform';

/** Dealer app rate-limit tiers, and `custom` for a Platform partner's agreed ceiling. */
export type RateTier = 'free' | 'pro' | 'enterprise' | 'custom';

/** A registered OAuth client. Secrets are kept only as SHA-256 digests. */
export interface ClientRecord {
  client_id: string;
  name: string;
  kind: ClientKind;
  dealer_id: number | null;
  secret_sha256: string | null;
  public_jwks: JsonWebKeyRecord[];
  redirect_uris: string[];
  scopes: string[];
  rate_tier: RateTier;
  rate_limit_per_minute: number | null;
  rate_limit_burst: number | null;
  created_at: string;
}

/** A public JSON Web Key as registered for `private_key_jwt`. */
export interface JsonWebKeyRecord {
  kty: string;
  kid?: string;
  [member: string]: unknown;
}

/** A Platform partner's binding to a dealer, made by connect and removed by disconnect. */
export interface BindingRecord {
  client_id: string;
  dealer_id: number;
  external_dealer_id: string;
  connected_at: string;
}

/** A pending or used authorization code (stored by digest). */
export interface AuthCodeRecord {
  code_sha256: string;
  client_id: string;
  user_id: number;
  redirect_uri: string;
  scope: string;
  code_challenge: string;
  expires_at: number;
  used_at: number | null;
  issued_jti: string | null;
  issued_until: number | null;
  refresh_family_id: string | null;
}

/** A refresh token (stored by digest); rotation links a family of them. */
export interface RefreshTokenRecord {
  token_sha256: string;
  family_id: string;
  client_id: string;
  user_id: number;
  scope: string;
  expires_at: number;
  rotated_at: number | null;
  revoked_at: number | null;
}
