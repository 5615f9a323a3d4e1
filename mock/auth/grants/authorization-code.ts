import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { TokenResponse } from '../../../spec/types.ts';
import type { MockContext } from '../../context.ts';
import { oauthError } from '../../errors.ts';
import type { ClientRecord, UserRecord } from '../../store/types.ts';
import { sha256 } from '../client-auth.ts';
import type { GrantHandler } from './grant.ts';

/**
 * RFC 6749 section 4.1.3 with PKCE (RFC 7636): the code is single-use, short-lived, bound to its
 * client and redirect URI, and the verifier must hash to the challenge. A replayed code is
 * `invalid_grant`, and what its first exchange issued is revoked (RFC 6749 section 4.1.2).
 */
export const authorizationCodeGrant: GrantHandler = async (context, client, form) => {
  const { store, clock } = context;
  if (!form.code) oauthError('invalid_request', 'code is required.', { field: 'code' });
  if (!form.redirect_uri)
    oauthError('invalid_request', 'redirect_uri is required.', { field: 'redirect_uri' });
  if (!form.code_verifier)
    oauthError('invalid_request', 'code_verifier is required (PKCE).', { field: 'code_verifier' });
  const now = clock.now();
  const digest = sha256(form.code);
  const code = store.getAuthCode(digest);
  if (!code || code.client_id !== client.client_id)
    oauthError('invalid_grant', 'Unknown authorization code.');
  if (code.used_at !== null) {
    store.transaction(() => {
      if (code.issued_jti && code.issued_until) store.revokeAccessToken(code.issued_jti, code.issued_until);
      if (code.refresh_family_id) store.revokeRefreshFamily(code.refresh_family_id, now);
    });
    oauthError(
      'invalid_grant',
      'The authorization code was already used; tokens issued with it are revoked.',
    );
  }
  if (code.expires_at <= now) oauthError('invalid_grant', 'The authorization code has expired.');
  if (code.redirect_uri !== form.redirect_uri) {
    oauthError('invalid_grant', 'redirect_uri does not match the one of the authorization request.');
  }
  if (s256(form.code_verifier) !== code.code_challenge) {
    oauthError('invalid_grant', 'code_verifier does not match the code_challenge.');
  }
  const user = store.getUser(code.user_id);
  if (!user) oauthError('invalid_grant', 'The user of this code no longer exists.');
  const response = await issueUserTokens(context, client, user, code.scope.split(' '));
  store.markAuthCodeUsed(digest, now, {
    jti: response.jti,
    until: response.expiresAt,
    family: response.refreshFamily,
  });
  return response.body;
};

/** The PKCE S256 transform: BASE64URL(SHA256(verifier)). */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/**
 * Issues an access token for a signed-in user and, when `offline_access` was granted, a refresh
 * token in a new rotation family (or in `family` when rotating).
 */
export async function issueUserTokens(
  context: MockContext,
  client: ClientRecord,
  user: UserRecord,
  scope: string[],
  family: string = randomUUID(),
): Promise<{ body: TokenResponse; jti: string; expiresAt: number; refreshFamily: string | null }> {
  const issued = await context.tokens.issue(client, scope, user);
  const body: TokenResponse = {
    access_token: issued.token,
    token_type: 'Bearer',
    expires_in: issued.expiresIn,
    scope: scope.join(' '),
  };
  if (!scope.includes('offline_access')) {
    return { body, jti: issued.jti, expiresAt: issued.expiresAt, refreshFamily: null };
  }
  const refreshToken = randomBytes(32).toString('base64url');
  context.store.insertRefreshToken({
    token_sha256: sha256(refreshToken),
    family_id: family,
    client_id: client.client_id,
    user_id: user.user_id,
    scope: scope.join(' '),
    expires_at: context.clock.now() + context.lifetimes.refreshTokenSeconds * 1000,
    rotated_at: null,
    revoked_at: null,
  });
  return {
    body: { ...body, refresh_token: refreshToken },
    jti: issued.jti,
    expiresAt: issued.expiresAt,
    refreshFamily: family,
  };
}
