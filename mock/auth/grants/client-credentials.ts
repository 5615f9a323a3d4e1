import { grantScopes } from '../scopes.ts';
import type { GrantHandler } from './grant.ts';

/** RFC 6749 section 4.4: a token for the client itself, with its dealer scope fixed by the client. */
export const clientCredentialsGrant: GrantHandler = async (context, client, form) => {
  const scope = grantScopes(form.scope, client.scopes);
  const issued = await context.tokens.issue(client, scope, null);
  return {
    access_token: issued.token,
    token_type: 'Bearer',
    expires_in: issued.expiresIn,
    scope: scope.join(' '),
  };
};
