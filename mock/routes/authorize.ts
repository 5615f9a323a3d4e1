import { randomBytes } from 'node:crypto';
import { sha256 } from '../auth/client-auth.ts';
import type { MockContext } from '../context.ts';
import { MockError } from '../errors.ts';
import type { Handler, Reply } from '../http/handler.ts';
import type { Violation } from '../openapi/validator.ts';
import type { ClientRecord, UserRecord } from '../store/types.ts';
import { renderConsentPage } from './consent-page.ts';

/** The authorize request's query, as far as it could be read. */
type AuthorizeQuery = Partial<Record<string, string>>;

type RedirectError =
  | 'invalid_request'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'login_required';

/**
 * `GET /oauth/authorize` (RFC 6749 section 4.1.1 with PKCE): shows a login-and-consent page listing
 * the users, or, for scripts, signs in `login_hint` directly when `prompt=none` (or when the page's
 * form submits `decision=allow`). Errors are redirected to the client per section 4.1.2.1, except a bad
 * client or redirect URI, which is shown here and never redirected.
 */
export function authorizeHandler(context: MockContext): Handler<'authorize'> {
  return ({ query }) => authorize(context, query as AuthorizeQuery);
}

/** Maps an authorize request that fails the spec to the RFC's answer for it. */
export function authorizeViolation(
  context: MockContext,
  query: AuthorizeQuery,
  violations: Violation[],
): Reply<'authorize'> {
  const { redirectUri } = trustedClient(context, query);
  const first = violations[0] as Violation;
  const field = first.field.replace(/^query\./, '');
  const code: RedirectError = field === 'response_type' ? 'unsupported_response_type' : 'invalid_request';
  return redirectError(redirectUri, query.state, code, `${field} ${first.message}.`);
}

function authorize(context: MockContext, query: AuthorizeQuery): Reply<'authorize'> {
  const { client, redirectUri } = trustedClient(context, query);
  const fail = (code: RedirectError, description: string) =>
    redirectError(redirectUri, query.state, code, description);
  if (query.code_challenge_method !== undefined && query.code_challenge_method !== 'S256') {
    return fail('invalid_request', 'Only code_challenge_method=S256 is supported.');
  }
  const allowed = [...client.scopes, ...context.userScopes];
  const requested = (query.scope ?? '').split(' ').filter(Boolean);
  const refused = requested.filter((s) => !allowed.includes(s));
  if (refused.length > 0)
    return fail('invalid_scope', `Scopes not allowed for this client: ${refused.join(' ')}.`);
  if (query.decision === 'deny') return fail('access_denied', 'The user denied the request.');

  const silent = query.prompt === 'none';
  const user = query.login_hint ? context.store.getUserByEmail(query.login_hint) : null;
  if (user && (silent || query.decision === 'allow')) {
    return issueCode(context, client, user, redirectUri, query, requested.length > 0 ? requested : allowed);
  }
  if (silent) {
    const reason = query.login_hint
      ? `No user ${query.login_hint}.`
      : 'prompt=none needs login_hint=<email>.';
    return fail('login_required', reason);
  }
  const notice =
    query.decision === 'allow'
      ? 'Choose a user to sign in as.'
      : query.login_hint
        ? `No user ${query.login_hint}.`
        : null;
  const body = renderConsentPage({
    clientName: client.name,
    scopes: requested.length > 0 ? requested : allowed,
    users: context.store
      .listUsers()
      .map((u) => ({ ...u, dealerName: context.store.getDealer(u.dealer_id)?.company_name ?? '' })),
    query,
    notice,
  });
  return { status: 200, body, headers: { 'Cache-Control': 'no-store' } };
}

/** The client and redirect URI, when both can be trusted; otherwise a 400 shown to the user. */
function trustedClient(
  context: MockContext,
  query: AuthorizeQuery,
): { client: ClientRecord; redirectUri: string } {
  const client = query.client_id ? context.store.getClient(query.client_id) : null;
  if (!client)
    throw new MockError(400, 'invalid_request', 'Unknown or missing client_id.', { field: 'client_id' });
  if (client.redirect_uris.length === 0) {
    throw new MockError(
      400,
      'unauthorized_client',
      `Client ${client.client_id} cannot use the authorization-code flow.`,
    );
  }
  if (!query.redirect_uri || !client.redirect_uris.includes(query.redirect_uri)) {
    throw new MockError(
      400,
      'invalid_request',
      'redirect_uri is missing or not registered for this client.',
      {
        field: 'redirect_uri',
      },
    );
  }
  return { client, redirectUri: query.redirect_uri };
}

function issueCode(
  context: MockContext,
  client: ClientRecord,
  user: UserRecord,
  redirectUri: string,
  query: AuthorizeQuery,
  scope: string[],
): Reply<'authorize'> {
  const code = randomBytes(32).toString('base64url');
  context.store.insertAuthCode({
    code_sha256: sha256(code),
    client_id: client.client_id,
    user_id: user.user_id,
    redirect_uri: redirectUri,
    scope: scope.join(' '),
    code_challenge: query.code_challenge ?? '',
    expires_at: context.clock.now() + context.lifetimes.authCodeSeconds * 1000,
    used_at: null,
    issued_jti: null,
    issued_until: null,
    refresh_family_id: null,
  });
  return redirect(redirectUri, { code, state: query.state });
}

function redirectError(
  redirectUri: string,
  state: string | undefined,
  error: RedirectError,
  description: string,
): Reply<'authorize'> {
  return redirect(redirectUri, { error, error_description: description, state });
}

function redirect(redirectUri: string, params: Record<string, string | undefined>): Reply<'authorize'> {
  const target = new URL(redirectUri);
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) target.searchParams.set(name, value);
  return {
    status: 302,
    body: undefined,
    headers: { Location: target.toString(), 'Cache-Control': 'no-store' },
  };
}
