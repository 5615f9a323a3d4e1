import type { GrantKind } from '../auth/tokens.ts';
import type { MockContext } from '../context.ts';
import { forbidden, invalidToken, missingScope } from '../errors.ts';
import type { Operation } from '../openapi/operations.ts';
import type { ClientRecord, UserRecord } from '../store/types.ts';

/** Who is calling, as proven by a verified access token. */
export interface AccessContext {
  client: ClientRecord;
  /** The signed-in user, on authorization-code tokens. */
  user: UserRecord | null;
  grant: GrantKind;
  scopes: ReadonlySet<string>;
  jti: string;
}

/** The security scheme names of the spec, and which kind of token each stands for. */
const SCHEME_GRANTS: Readonly<Record<string, GrantKind>> = {
  partnerClientCredentials: 'client-credentials',
  dealerAdminAuthorizationCode: 'authorization_code',
};

/**
 * Checks the bearer token of a secured operation against the operation's security requirement:
 * a valid, unrevoked token (401 otherwise), of the right grant kind (403 `user_token_required` or
 * `client_credentials_required`), carrying the required scopes (403 `permission_denied`).
 * Returns null for operations without OAuth security.
 */
export async function authenticate(
  context: MockContext,
  operation: Operation,
  authorization: string | undefined,
): Promise<AccessContext | null> {
  const requirements = operation.security.filter((r) => Object.keys(r).some((name) => name in SCHEME_GRANTS));
  if (requirements.length === 0) return null;
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(authorization ?? '');
  if (!authorization) invalidToken('An access token is required (Authorization: Bearer <token>).');
  if (!match) invalidToken('The Authorization header must be "Bearer <access token>".');
  const claims = await context.tokens.verify(match[1] as string);
  if (context.store.isAccessTokenRevoked(claims.jti)) invalidToken('The access token was revoked.');
  const client = context.store.getClient(claims.azp);
  if (!client) invalidToken('The client of this access token no longer exists.');
  const user = claims.user_id === undefined ? null : context.store.getUser(claims.user_id);
  if (claims.user_id !== undefined && !user) invalidToken('The user of this access token no longer exists.');
  const scopes = new Set(claims.scope.split(' '));

  const fitting = requirements.filter((r) =>
    Object.keys(r).some((name) => SCHEME_GRANTS[name] === claims.gty),
  );
  if (fitting.length === 0) {
    if (claims.gty === 'client-credentials') {
      forbidden(
        'user_token_required',
        "This call needs a dealer admin's authorization-code token, not a client token.",
      );
    }
    forbidden('client_credentials_required', 'This call needs a client-credentials token, not a user token.');
  }
  const needed = fitting.flatMap((r) => Object.values(r).flat());
  const absent = needed.find((scope) => !scopes.has(scope));
  if (absent) missingScope(absent);
  return { client, user, grant: claims.gty, scopes, jti: claims.jti };
}
