import { authorizationCodeGrant } from './authorization-code.ts';
import { clientCredentialsGrant } from './client-credentials.ts';
import type { GrantHandler } from './grant.ts';
import { refreshTokenGrant } from './refresh-token.ts';

/** The token endpoint's grant types; anything else is `unsupported_grant_type`. */
export const GRANT_HANDLERS: Readonly<Record<string, GrantHandler>> = {
  client_credentials: clientCredentialsGrant,
  authorization_code: authorizationCodeGrant,
  refresh_token: refreshTokenGrant,
};

/** Which grant types each kind of client may use. */
export const GRANTS_BY_CLIENT_KIND = {
  dealer_app: ['client_credentials'],
  platform: ['client_credentials', 'authorization_code', 'refresh_token'],
} as const satisfies Record<'dealer_app' | 'platform', readonly string[]>;
