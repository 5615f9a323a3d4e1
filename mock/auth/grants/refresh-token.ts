import { oauthError } from '../../errors.ts';
import { sha256 } from '../client-auth.ts';
import { issueUserTokens } from './authorization-code.ts';
import type { GrantHandler } from './grant.ts';

/**
 * RFC 6749 section 6 with rotation: each use returns a new refresh token and retires the old one.
 * Presenting a retired token again is treated as theft: the whole family is revoked.
 */
export const refreshTokenGrant: GrantHandler = async (context, client, form) => {
  const { store, clock } = context;
  if (!form.refresh_token)
    oauthError('invalid_request', 'refresh_token is required.', { field: 'refresh_token' });
  const now = clock.now();
  const digest = sha256(form.refresh_token);
  const stored = store.getRefreshToken(digest);
  if (!stored || stored.client_id !== client.client_id) oauthError('invalid_grant', 'Unknown refresh token.');
  if (stored.revoked_at !== null) oauthError('invalid_grant', 'The refresh token was revoked.');
  if (stored.rotated_at !== null) {
    store.revokeRefreshFamily(stored.family_id, now);
    oauthError('invalid_grant', 'The refresh token was already used; its whole family is now revoked.');
  }
  if (stored.expires_at <= now) oauthError('invalid_grant', 'The refresh token has expired.');
  const granted = stored.scope.split(' ');
  const scope = form.scope ? form.scope.split(' ').filter(Boolean) : granted;
  const widened = scope.filter((s) => !granted.includes(s));
  if (widened.length > 0) oauthError('invalid_scope', `Scopes not granted originally: ${widened.join(' ')}.`);
  // Narrowing the scope must not lose the right to refresh again.
  if (!scope.includes('offline_access')) scope.push('offline_access');
  const user = store.getUser(stored.user_id);
  if (!user) oauthError('invalid_grant', 'The user of this refresh token no longer exists.');
  store.markRefreshTokenRotated(digest, now);
  const issued = await issueUserTokens(context, client, user, scope, stored.family_id);
  return issued.body;
};
