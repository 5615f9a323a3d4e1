import { oauthError } from '../errors.ts';

/**
 * The scopes a token request ends up with: the requested ones if the client may have them all
 * (`invalid_scope` otherwise), or every scope the client may have when it asked for none.
 */
export function grantScopes(requested: string | undefined, allowed: readonly string[]): string[] {
  if (requested === undefined || requested.trim() === '') return [...allowed];
  const wanted = [...new Set(requested.split(' ').filter(Boolean))];
  const refused = wanted.filter((scope) => !allowed.includes(scope));
  if (refused.length > 0) oauthError('invalid_scope', `The client may not request: ${refused.join(' ')}.`);
  return wanted;
}
