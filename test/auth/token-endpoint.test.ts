import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../mock/auth/client-auth.ts';
import type { RunningMock } from '../../mock/server.ts';
import { call, freshMock, platformAssertion, T0 } from '../support/mock.ts';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function token(mock: RunningMock, form: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await call(mock, 'POST', '/oauth/token', { form, headers });
  expect(response.headers.get('cache-control')).toBe('no-store');
  return response;
}

describe('POST /oauth/token, client_credentials', () => {
  it('accepts client_secret_post', async () => {
    const mock = await freshMock();
    const response = await token(mock, {
      grant_type: 'client_credentials',
      client_id: 'dealer-app-demo',
      client_secret: 'dealer-app-demo-secret',
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(response.body.refresh_token).toBeUndefined();
  });

  it('accepts client_secret_basic', async () => {
    const mock = await freshMock();
    const response = await token(
      mock,
      { grant_type: 'client_credentials' },
      { authorization: basic('platform-demo', 'platform-demo-secret') },
    );
    expect(response.status).toBe(200);
  });

  it('answers 401 invalid_client with a Basic challenge to a wrong Basic secret', async () => {
    const mock = await freshMock();
    const response = await token(
      mock,
      { grant_type: 'client_credentials' },
      { authorization: basic('platform-demo', 'nope') },
    );
    expect(response.status).toBe(401);
    expect(response.body.error).toBe('invalid_client');
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="chekt"');
  });

  it('answers 401 invalid_client without a challenge to a wrong posted secret', async () => {
    const mock = await freshMock();
    const response = await token(mock, {
      grant_type: 'client_credentials',
      client_id: 'platform-demo',
      client_secret: 'x',
    });
    expect(response.status).toBe(401);
    expect(response.body.error).toBe('invalid_client');
    expect(response.headers.get('www-authenticate')).toBeNull();
  });

  it('answers invalid_request when grant_type is missing, and unsupported_grant_type for an unknown one', async () => {
    const mock = await freshMock();
    const missing = await token(mock, { client_id: 'platform-demo', client_secret: 'platform-demo-secret' });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: 'invalid_request' });
    expect(missing.body.error_description).toContain('grant_type');
    const unknown = await token(mock, {
      grant_type: 'password',
      client_id: 'platform-demo',
      client_secret: 'platform-demo-secret',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('unsupported_grant_type');
  });

  it('answers invalid_scope for a scope the client may not have, and narrows to the scopes asked for', async () => {
    const mock = await freshMock();
    const creds = {
      grant_type: 'client_credentials',
      client_id: 'dealer-app-demo',
      client_secret: 'dealer-app-demo-secret',
    };
    const refused = await token(mock, { ...creds, scope: 'read:dealer superpowers' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_scope');
    const narrowed = await token(mock, { ...creds, scope: 'read:dealer read:sites' });
    expect(narrowed.body.scope).toBe('read:dealer read:sites');
  });

  it('answers unauthorized_client when a Dealer app uses the authorization_code grant', async () => {
    const mock = await freshMock();
    const response = await token(mock, {
      grant_type: 'authorization_code',
      client_id: 'dealer-app-demo',
      client_secret: 'dealer-app-demo-secret',
      code: 'x',
      redirect_uri: 'http://127.0.0.1:8765/callback',
      code_verifier: 'x'.repeat(43),
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('unauthorized_client');
  });

  it('answers invalid_request when two client authentication methods are used at once', async () => {
    const mock = await freshMock();
    const response = await token(
      mock,
      { grant_type: 'client_credentials', client_id: 'platform-demo', client_secret: 'platform-demo-secret' },
      { authorization: basic('platform-demo', 'platform-demo-secret') },
    );
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_request');
  });
});

describe('POST /oauth/token, private_key_jwt', () => {
  const form = (assertion: string) => ({
    grant_type: 'client_credentials',
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: assertion,
  });

  it('accepts an RS256 assertion addressed to the token endpoint, and to the issuer', async () => {
    const mock = await freshMock();
    expect((await token(mock, form(await platformAssertion(`${mock.url}/oauth/token`)))).status).toBe(200);
    expect((await token(mock, form(await platformAssertion(mock.url)))).status).toBe(200);
  });

  it('rejects a reused jti', async () => {
    const mock = await freshMock();
    const assertion = await platformAssertion(`${mock.url}/oauth/token`, { jti: 'once' });
    expect((await token(mock, form(assertion))).status).toBe(200);
    const replay = await token(mock, form(assertion));
    expect(replay.status).toBe(401);
    expect(replay.body.error_description).toContain('jti');
  });

  it('rejects an assertion that expires more than five minutes ahead, or has expired', async () => {
    const mock = await freshMock();
    const now = Math.floor(T0 / 1000);
    const tooLong = await token(mock, form(await platformAssertion(mock.url, { exp: now + 301 })));
    expect(tooLong.status).toBe(401);
    expect(tooLong.body.error_description).toContain('5 minutes');
    const assertion = await platformAssertion(mock.url, { exp: now + 60 });
    mock.context.clock.advance(61_000);
    const expired = await token(mock, form(assertion));
    expect(expired.status).toBe(401);
    expect(expired.body.error).toBe('invalid_client');
  });

  it('rejects an assertion for another audience', async () => {
    const mock = await freshMock();
    const response = await token(mock, form(await platformAssertion('https://elsewhere.example/')));
    expect(response.status).toBe(401);
    expect(response.body.error_description).toContain('aud');
  });

  it('accepts ES256 assertions from a client that registered an EC key, and rejects a wrong signature', async () => {
    const mock = await freshMock();
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const other = await generateKeyPair('ES256');
    mock.context.store.insertClient({
      client_id: 'ec-partner',
      name: 'EC partner',
      kind: 'platform',
      dealer_id: null,
      secret_sha256: sha256('unused-secret'),
      public_jwks: [{ ...(await exportJWK(publicKey)), kty: 'EC', kid: 'ec-1' }],
      redirect_uris: [],
      scopes: ['read:dealer'],
      rate_tier: 'custom',
      rate_limit_per_minute: null,
      rate_limit_burst: null,
      created_at: '2026-01-01T00:00:00.000Z',
    });
    const sign = (key: CryptoKey) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: 'ec-1' })
        .setIssuer('ec-partner')
        .setSubject('ec-partner')
        .setAudience(`${mock.url}/oauth/token`)
        .setIssuedAt(Math.floor(T0 / 1000))
        .setExpirationTime(Math.floor(T0 / 1000) + 120)
        .setJti(crypto.randomUUID())
        .sign(key);
    const ok = await token(mock, form(await sign(privateKey)));
    expect(ok.status).toBe(200);
    expect(ok.body.scope).toBe('read:dealer');
    const forged = await token(mock, form(await sign(other.privateKey)));
    expect(forged.status).toBe(401);
    expect(forged.body.error_description).toContain('signature');
  });
});
