import type { JsonWebKey, TokenRequest } from '../../spec/types.ts';
import { sha256 } from '../auth/client-auth.ts';
import { GRANT_HANDLERS, GRANTS_BY_CLIENT_KIND } from '../auth/grants/index.ts';
import type { MockContext } from '../context.ts';
import { oauthError } from '../errors.ts';
import type { HandlerTable } from '../http/handler.ts';
import type { Violation } from '../openapi/validator.ts';

/** RFC 6749 section 5.1: token responses must not be cached. */
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

/** The auth server's JSON endpoints: token, revocation, metadata and keys. */
export function oauthHandlers(context: MockContext): HandlerTable {
  const { store, tokens, clientAuth, issuer } = context;
  return {
    requestToken: async ({ body, authorization }) => {
      const form = body as TokenRequest;
      const grant = GRANT_HANDLERS[form.grant_type];
      if (!grant) oauthError('unsupported_grant_type', `grant_type "${form.grant_type}" is not supported.`);
      const { client } = await clientAuth.authenticate(authorization, form);
      if (!(GRANTS_BY_CLIENT_KIND[client.kind] as readonly string[]).includes(form.grant_type)) {
        oauthError(
          'unauthorized_client',
          `Client ${client.client_id} may not use the ${form.grant_type} grant.`,
        );
      }
      return { status: 200, body: await grant(context, client, form), headers: NO_STORE };
    },

    revokeToken: async ({ body, authorization }) => {
      const { client } = await clientAuth.authenticate(authorization, body);
      const now = context.clock.now();
      const refresh =
        body.token_type_hint === 'access_token' ? null : store.getRefreshToken(sha256(body.token));
      if (refresh && refresh.client_id === client.client_id) {
        store.revokeRefreshFamily(refresh.family_id, now);
      } else {
        const claims = await tokens.inspect(body.token);
        if (claims && claims.azp === client.client_id) store.revokeAccessToken(claims.jti, claims.exp * 1000);
      }
      // RFC 7009 section 2.2: unknown or foreign tokens are answered 200 as well.
      return { status: 200, body: undefined, headers: NO_STORE };
    },

    getJwks: () => ({ status: 200, body: { keys: [context.signingJwk as JsonWebKey] } }),

    getAuthorizationServerMetadata: () => {
      const authMethods = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'] as const;
      return {
        status: 200,
        body: {
          issuer,
          authorization_endpoint: `${issuer}/oauth/authorize`,
          token_endpoint: `${issuer}/oauth/token`,
          revocation_endpoint: `${issuer}/oauth/revoke`,
          jwks_uri: `${issuer}/.well-known/jwks.json`,
          response_types_supported: ['code'],
          grant_types_supported: Object.keys(GRANT_HANDLERS) as TokenRequest['grant_type'][],
          token_endpoint_auth_methods_supported: [...authMethods],
          token_endpoint_auth_signing_alg_values_supported: ['RS256', 'ES256'],
          revocation_endpoint_auth_methods_supported: [...authMethods],
          revocation_endpoint_auth_signing_alg_values_supported: ['RS256', 'ES256'],
          code_challenge_methods_supported: ['S256'],
          scopes_supported: [...context.partnerScopes, ...context.userScopes],
        },
      };
    },
  };
}

/**
 * A malformed token or revocation request in RFC 6749 terms: an unknown `grant_type` is
 * `unsupported_grant_type`, anything else `invalid_request`.
 */
export function oauthRequestViolation(violations: Violation[]): never {
  const first = violations[0] as Violation;
  const field = first.field.replace(/^body\./, '');
  if (field === 'grant_type' && first.message.startsWith('must be one of')) {
    oauthError('unsupported_grant_type', `grant_type ${first.message}.`, { field });
  }
  oauthError(
    'invalid_request',
    violations.map((v) => `${v.field.replace(/^body\./, '')} ${v.message}`).join('; '),
    {
      field,
    },
  );
}
