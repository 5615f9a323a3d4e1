import { readFileSync } from 'node:fs';
import { importPKCS8 } from 'jose';
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { MockClock } from '../../mock/clock.ts';
import {
  DEMO_CREDENTIALS,
  DEMO_REDIRECT_URIS,
  PLATFORM_DEMO_PRIVATE_KEY_PATH,
} from '../../mock/demo-world.ts';
import type { RunningMock } from '../../mock/server.ts';
import { call, freshMock } from '../support/mock.ts';

// A maintained third-party OAuth client (oauth4webapi) drives the token endpoint, so the mock is
// proven against someone else's reading of the RFCs, not only our own tests. It signs assertions
// with the wall clock, so these mocks run on wall time.
const insecure = { [oauth.allowInsecureRequests]: true };
const { platform, dealerApp } = DEMO_CREDENTIALS;

async function discover(mock: RunningMock): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(mock.url);
  const response = await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure });
  return oauth.processDiscoveryResponse(issuer, response);
}

async function clientCredentials(mock: RunningMock, clientId: string, auth: oauth.ClientAuth) {
  const as = await discover(mock);
  const client: oauth.Client = { client_id: clientId };
  const response = await oauth.clientCredentialsGrantRequest(
    as,
    client,
    auth,
    { scope: 'read:dealer' },
    insecure,
  );
  return oauth.processClientCredentialsResponse(as, client, response);
}

async function canReadDealer(mock: RunningMock, token: string, dealerId: number): Promise<number> {
  return (await call(mock, 'GET', `/partner/v1/dealers/${dealerId}`, { token })).status;
}

describe('the token endpoint, driven by oauth4webapi with metadata discovery', () => {
  it('discovers the metadata with the mock as issuer', async () => {
    const mock = await freshMock({ clock: new MockClock() });
    const as = await discover(mock);
    expect(as.token_endpoint).toBe(`${mock.url}/oauth/token`);
    expect(as.code_challenge_methods_supported).toEqual(['S256']);
  });

  it('gets a client-credentials token with client_secret_basic', async () => {
    const mock = await freshMock({ clock: new MockClock() });
    const tokens = await clientCredentials(
      mock,
      dealerApp.client_id,
      oauth.ClientSecretBasic(dealerApp.client_secret),
    );
    expect(tokens.token_type).toBe('bearer');
    expect(await canReadDealer(mock, tokens.access_token, 1001)).toBe(200);
  });

  it('gets a client-credentials token with client_secret_post', async () => {
    const mock = await freshMock({ clock: new MockClock() });
    const tokens = await clientCredentials(
      mock,
      dealerApp.client_id,
      oauth.ClientSecretPost(dealerApp.client_secret),
    );
    expect(tokens.scope).toBe('read:dealer');
  });

  it('gets a client-credentials token with private_key_jwt signed by the demo key', async () => {
    const mock = await freshMock({ clock: new MockClock() });
    const key = await importPKCS8(readFileSync(PLATFORM_DEMO_PRIVATE_KEY_PATH, 'utf8'), 'RS256');
    const tokens = await clientCredentials(
      mock,
      platform.client_id,
      oauth.PrivateKeyJwt({ key, kid: platform.key_id }),
    );
    expect(tokens.expires_in).toBe(3600);
  });

  it('runs authorization code with PKCE, then refresh, then revocation', async () => {
    const mock = await freshMock({ clock: new MockClock() });
    const as = await discover(mock);
    const client: oauth.Client = { client_id: platform.client_id };
    const auth = oauth.ClientSecretPost(platform.client_secret);
    const redirectUri = DEMO_REDIRECT_URIS[0] as string;
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const authorizeUrl = new URL(as.authorization_endpoint as string);
    authorizeUrl.search = new URLSearchParams({
      response_type: 'code',
      client_id: client.client_id,
      redirect_uri: redirectUri,
      scope: 'offline_access read:dealer',
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      login_hint: 'admin@acme.test',
      prompt: 'none',
    }).toString();
    const redirect = await fetch(authorizeUrl, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const callback = oauth.validateAuthResponse(
      as,
      client,
      new URL(redirect.headers.get('location') as string),
      state,
    );
    const codeResponse = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      auth,
      callback,
      redirectUri,
      verifier,
      insecure,
    );
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, codeResponse);
    expect(tokens.refresh_token).toEqual(expect.any(String));

    const refreshResponse = await oauth.refreshTokenGrantRequest(
      as,
      client,
      auth,
      tokens.refresh_token as string,
      insecure,
    );
    const refreshed = await oauth.processRefreshTokenResponse(as, client, refreshResponse);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);

    const revocation = await oauth.revocationRequest(
      as,
      client,
      auth,
      refreshed.refresh_token as string,
      insecure,
    );
    await oauth.processRevocationResponse(revocation);
    const afterRevoke = await oauth.refreshTokenGrantRequest(
      as,
      client,
      auth,
      refreshed.refresh_token as string,
      insecure,
    );
    await expect(oauth.processRefreshTokenResponse(as, client, afterRevoke)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });
});
