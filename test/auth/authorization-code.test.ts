import { describe, expect, it } from 'vitest';
import type { RunningMock } from '../../mock/server.ts';
import { authorizationCode, call, freshMock, pkce, userTokens } from '../support/mock.ts';

const REDIRECT = 'http://127.0.0.1:8765/callback';
const PLATFORM = { client_id: 'platform-demo', client_secret: 'platform-demo-secret' };

function exchange(mock: RunningMock, code: string, verifier: string, redirectUri = REDIRECT) {
  return call(mock, 'POST', '/oauth/token', {
    form: {
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
      ...PLATFORM,
    },
  });
}

function authorizeQuery(overrides: Record<string, string> = {}): string {
  return new URLSearchParams({
    response_type: 'code',
    client_id: 'platform-demo',
    redirect_uri: REDIRECT,
    code_challenge: pkce().challenge,
    state: 's1',
    ...overrides,
  }).toString();
}

describe('authorization code with PKCE', () => {
  it('exchanges a code once for a user token and a refresh token', async () => {
    const mock = await freshMock();
    const { verifier, challenge } = pkce();
    const code = await authorizationCode(mock, 'admin@acme.test', {
      challenge,
      scope: 'openid offline_access read:dealer',
    });
    const response = await exchange(mock, code, verifier);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ token_type: 'Bearer', scope: 'openid offline_access read:dealer' });
    expect(response.body.refresh_token).toEqual(expect.any(String));
  });

  it('issues no refresh token without offline_access', async () => {
    const mock = await freshMock();
    const tokens = await userTokens(mock, 'admin@acme.test', 'read:dealer');
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('answers invalid_grant to a reused code and revokes the token its first use issued', async () => {
    const mock = await freshMock();
    const { verifier, challenge } = pkce();
    const code = await authorizationCode(mock, 'admin@acme.test', { challenge });
    const first = await exchange(mock, code, verifier);
    const connectBody = { external_dealer_id: 'ext-1', company_name: 'Acme' };
    const replay = await exchange(mock, code, verifier);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    const afterReplay = await call(mock, 'PUT', '/partner/v1/dealers/connect', {
      token: first.body.access_token,
      body: connectBody,
    });
    expect(afterReplay.status).toBe(401);
  });

  it('answers invalid_grant once the code has expired on the mock clock', async () => {
    const mock = await freshMock();
    const { verifier, challenge } = pkce();
    const code = await authorizationCode(mock, 'admin@acme.test', { challenge });
    mock.context.clock.advance(60_000);
    const response = await exchange(mock, code, verifier);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringContaining('expired'),
    });
  });

  it('answers invalid_grant to a wrong code_verifier and to a different redirect_uri', async () => {
    const mock = await freshMock();
    const { verifier, challenge } = pkce();
    const code = await authorizationCode(mock, 'admin@acme.test', { challenge });
    const wrongVerifier = await exchange(mock, code, pkce().verifier);
    expect(wrongVerifier.body).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringContaining('code_verifier'),
    });
    const code2 = await authorizationCode(mock, 'admin@acme.test', { challenge });
    const wrongRedirect = await exchange(mock, code2, verifier, 'http://localhost:8765/callback');
    expect(wrongRedirect.body).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringContaining('redirect_uri'),
    });
  });

  it('rotates refresh tokens and revokes the family when a rotated one is replayed', async () => {
    const mock = await freshMock();
    const { refresh_token } = await userTokens(mock, 'admin@acme.test');
    const refresh = (token: string) =>
      call(mock, 'POST', '/oauth/token', {
        form: { grant_type: 'refresh_token', refresh_token: token, ...PLATFORM },
      });
    const second = await refresh(refresh_token as string);
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(refresh_token);
    const replay = await refresh(refresh_token as string);
    expect(replay.body.error).toBe('invalid_grant');
    const successor = await refresh(second.body.refresh_token);
    expect(successor.body).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringContaining('revoked'),
    });
  });

  it('revokes a refresh token and an access token through /oauth/revoke', async () => {
    const mock = await freshMock();
    const { access_token, refresh_token } = await userTokens(mock, 'admin@acme.test');
    const revoke = (token: string) => call(mock, 'POST', '/oauth/revoke', { form: { token, ...PLATFORM } });
    expect((await revoke(refresh_token as string)).status).toBe(200);
    expect((await revoke(access_token)).status).toBe(200);
    expect((await revoke('unknown-token')).status).toBe(200);
    const refreshed = await call(mock, 'POST', '/oauth/token', {
      form: { grant_type: 'refresh_token', refresh_token: refresh_token as string, ...PLATFORM },
    });
    expect(refreshed.body.error).toBe('invalid_grant');
    const used = await call(mock, 'PUT', '/partner/v1/dealers/connect', {
      token: access_token,
      body: { external_dealer_id: 'x', company_name: 'y' },
    });
    expect(used.status).toBe(401);
    expect(used.body.error.message).toContain('revoked');
  });
});

describe('GET /oauth/authorize', () => {
  it('shows a login-and-consent page listing the demo users', async () => {
    const mock = await freshMock();
    const response = await call(mock, 'GET', `/oauth/authorize?${authorizeQuery()}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    for (const email of ['admin@acme.test', 'tech@acme.test', 'admin@beacon.test', 'admin@citadel.test']) {
      expect(response.body).toContain(email);
    }
    expect(response.body).toContain('name="decision" value="allow"');
  });

  it('redirects with the code and the state when the page form allows', async () => {
    const mock = await freshMock();
    const response = await call(
      mock,
      'GET',
      `/oauth/authorize?${authorizeQuery({ login_hint: 'admin@acme.test', decision: 'allow' })}`,
    );
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') as string);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('code')).toEqual(expect.any(String));
    expect(location.searchParams.get('state')).toBe('s1');
  });

  it('redirects access_denied when the user denies', async () => {
    const mock = await freshMock();
    const response = await call(
      mock,
      'GET',
      `/oauth/authorize?${authorizeQuery({ login_hint: 'admin@acme.test', decision: 'deny' })}`,
    );
    const location = new URL(response.headers.get('location') as string);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('s1');
  });

  it('redirects login_required for prompt=none without a known login_hint', async () => {
    const mock = await freshMock();
    const response = await call(
      mock,
      'GET',
      `/oauth/authorize?${authorizeQuery({ prompt: 'none', login_hint: 'ghost@x.test' })}`,
    );
    expect(new URL(response.headers.get('location') as string).searchParams.get('error')).toBe(
      'login_required',
    );
  });

  it('redirects invalid_request when the PKCE challenge is missing, and invalid_scope for a foreign scope', async () => {
    const mock = await freshMock();
    const query = new URLSearchParams(authorizeQuery({ prompt: 'none', login_hint: 'admin@acme.test' }));
    query.delete('code_challenge');
    const missing = await call(mock, 'GET', `/oauth/authorize?${query}`);
    expect(missing.status).toBe(302);
    expect(new URL(missing.headers.get('location') as string).searchParams.get('error')).toBe(
      'invalid_request',
    );
    const scope = await call(
      mock,
      'GET',
      `/oauth/authorize?${authorizeQuery({ scope: 'delete:everything' })}`,
    );
    expect(new URL(scope.headers.get('location') as string).searchParams.get('error')).toBe('invalid_scope');
  });

  it('does not redirect to an unregistered redirect_uri, and answers 400 instead', async () => {
    const mock = await freshMock();
    const response = await call(
      mock,
      'GET',
      `/oauth/authorize?${authorizeQuery({ redirect_uri: 'https://evil.example/cb' })}`,
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(response.body.error).toBe('invalid_request');
  });

  it('answers 400 unauthorized_client for a Dealer app, which has no redirect URIs', async () => {
    const mock = await freshMock();
    const response = await call(
      mock,
      'GET',
      `/oauth/authorize?${authorizeQuery({ client_id: 'dealer-app-demo' })}`,
    );
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('unauthorized_client');
  });
});
