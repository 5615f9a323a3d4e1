import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { JWT_BEARER_ASSERTION, sha256 } from '../../mock/auth/client-auth.ts';
import type { RunningMock } from '../../mock/server.ts';
import { createAdminClient } from '../../spec/admin-client.ts';
import type { ClientRegistration } from '../../spec/admin-types.ts';
import { call, freshMock, T0 } from '../support/mock.ts';

const SECRET = 'my-dealer-app-secret-0001';

/** A client-credentials token request with a client secret (client_secret_post). */
function tokenBySecret(mock: RunningMock, clientId: string, secret: string) {
  return call(mock, 'POST', '/oauth/token', {
    form: { grant_type: 'client_credentials', client_id: clientId, client_secret: secret },
  });
}

/** A fresh EC P-256 key pair, its public half as a JWK with a kid. */
async function ecKey(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid } as NonNullable<
    ClientRegistration['public_jwks']
  >[number];
  return { jwk, privateKey };
}

/** A `private_key_jwt` assertion for `clientId`, valid around T0 (the frozen clock of freshMock). */
function es256Assertion(mock: RunningMock, clientId: string, kid: string, key: CryptoKey) {
  const iat = Math.floor(T0 / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(`${mock.url}/oauth/token`)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 120)
    .setJti(randomBytes(8).toString('hex'))
    .sign(key);
}

describe('POST /__mock/clients', () => {
  it('registers a Dealer app whose token reaches its dealer and no other', async () => {
    const mock = await freshMock();
    const { data, response } = await createAdminClient(mock.url).POST('/__mock/clients', {
      body: { client_id: 'my-dealer-app', client_secret: SECRET, kind: 'dealer_app', dealer_id: 1002 },
    });
    expect(response.status).toBe(201);
    expect(data).toMatchObject({
      client_id: 'my-dealer-app',
      kind: 'dealer_app',
      dealer_id: 1002,
      has_secret: true,
      rate_tier: 'free',
    });
    const token = await tokenBySecret(mock, 'my-dealer-app', SECRET);
    expect(token.status).toBe(200);
    const own = await call(mock, 'GET', '/partner/v1/dealers/1002', { token: token.body.access_token });
    expect(own.status).toBe(200);
    expect(own.body.company_name).toBe('Beacon Alarm');
    const other = await call(mock, 'GET', '/partner/v1/dealers/1001', { token: token.body.access_token });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('dealer_out_of_scope');
  });

  it('registers a Platform partner whose ES256 private_key_jwt assertion gets a token', async () => {
    const mock = await freshMock();
    const { jwk, privateKey } = await ecKey('my-ec-key-1');
    const { data, response } = await createAdminClient(mock.url).POST('/__mock/clients', {
      body: { client_id: 'my-platform', kind: 'platform', public_jwks: [jwk] },
    });
    expect(response.status).toBe(201);
    expect(data).toMatchObject({ has_secret: false, public_key_ids: ['my-ec-key-1'], rate_tier: 'custom' });
    const token = await call(mock, 'POST', '/oauth/token', {
      form: {
        grant_type: 'client_credentials',
        client_assertion_type: JWT_BEARER_ASSERTION,
        client_assertion: await es256Assertion(mock, 'my-platform', 'my-ec-key-1', privateKey),
      },
    });
    expect(token.status).toBe(200);
    const webhooks = await call(mock, 'GET', '/partner/v1/webhooks', { token: token.body.access_token });
    expect(webhooks.status).toBe(200);
  });

  it('refuses an assertion signed with another key than the registered one', async () => {
    const mock = await freshMock();
    const { jwk } = await ecKey('my-ec-key-1');
    const stranger = await ecKey('my-ec-key-1');
    await createAdminClient(mock.url).POST('/__mock/clients', {
      body: { client_id: 'my-platform', kind: 'platform', public_jwks: [jwk] },
    });
    const token = await call(mock, 'POST', '/oauth/token', {
      form: {
        grant_type: 'client_credentials',
        client_assertion_type: JWT_BEARER_ASSERTION,
        client_assertion: await es256Assertion(mock, 'my-platform', 'my-ec-key-1', stranger.privateKey),
      },
    });
    expect(token.status).toBe(401);
    expect(token.body.error).toBe('invalid_client');
  });

  it("shows a Platform partner's custom rate ceiling in X-RateLimit-Limit", async () => {
    const mock = await freshMock();
    const { data } = await createAdminClient(mock.url).POST('/__mock/clients', {
      body: {
        client_id: 'my-platform',
        client_secret: 'my-platform-secret-0001',
        kind: 'platform',
        rate_limit_per_minute: 123,
        rate_limit_burst: 7,
      },
    });
    expect(data).toMatchObject({ rate_limit_per_minute: 123, rate_limit_burst: 7 });
    const token = await tokenBySecret(mock, 'my-platform', 'my-platform-secret-0001');
    const response = await call(mock, 'GET', '/partner/v1/webhooks', { token: token.body.access_token });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ratelimit-limit')).toBe('123');
  });

  it('answers 409 client_exists for a client_id that is taken', async () => {
    const mock = await freshMock();
    const { error, response } = await createAdminClient(mock.url).POST('/__mock/clients', {
      body: { client_id: 'dealer-app-demo', client_secret: SECRET, kind: 'dealer_app', dealer_id: 1002 },
    });
    expect(response.status).toBe(409);
    expect(error?.error).toMatchObject({ code: 'client_exists', field: 'client_id' });
    expect(mock.context.store.getClient('dealer-app-demo')?.dealer_id).toBe(1001);
  });

  it.each([
    [
      'a Dealer app without dealer_id',
      { client_id: 'bad-app', client_secret: SECRET, kind: 'dealer_app' },
      'dealer_id',
    ],
    [
      'a Dealer app on a dealer that does not exist',
      { client_id: 'bad-app', client_secret: SECRET, kind: 'dealer_app', dealer_id: 9999 },
      'dealer_id',
    ],
    [
      'a Platform partner with a dealer_id',
      { client_id: 'bad-platform', client_secret: SECRET, kind: 'platform', dealer_id: 1001 },
      'dealer_id',
    ],
    [
      'a client with neither a secret nor a key',
      { client_id: 'bad-app', kind: 'dealer_app', dealer_id: 1001 },
      'client_secret',
    ],
    [
      'a secret shorter than 16 characters',
      { client_id: 'bad-app', client_secret: 'short', kind: 'dealer_app', dealer_id: 1001 },
      'client_secret',
    ],
    [
      'a Dealer app with a custom ceiling',
      {
        client_id: 'bad-app',
        client_secret: SECRET,
        kind: 'dealer_app',
        dealer_id: 1001,
        rate_limit_per_minute: 100,
      },
      'rate_limit_per_minute',
    ],
    ['an unknown kind', { client_id: 'bad-app', client_secret: SECRET, kind: 'robot' }, 'kind'],
  ] as const)('refuses %s with 400 naming the field', async (_name, body, field) => {
    const mock = await freshMock();
    const { error, response } = await createAdminClient(mock.url).POST('/__mock/clients', {
      body: body as ClientRegistration,
    });
    expect(response.status).toBe(400);
    expect(error?.error.code).toBe('invalid_request');
    expect(error?.error.field).toBe(field);
    expect(mock.context.store.getClient(body.client_id)).toBeNull();
  });
});

describe('GET /__mock/clients', () => {
  it('lists every client, the registered one included', async () => {
    const mock = await freshMock();
    const admin = createAdminClient(mock.url);
    await admin.POST('/__mock/clients', {
      body: { client_id: 'my-dealer-app', client_secret: SECRET, kind: 'dealer_app', dealer_id: 1002 },
    });
    const { data } = await admin.GET('/__mock/clients');
    expect(data?.map((client) => client.client_id).sort()).toEqual([
      'dealer-app-demo',
      'my-dealer-app',
      'platform-demo',
    ]);
  });

  it('never returns a secret, nor its digest', async () => {
    const mock = await freshMock();
    const admin = createAdminClient(mock.url);
    await admin.POST('/__mock/clients', {
      body: { client_id: 'my-dealer-app', client_secret: SECRET, kind: 'dealer_app', dealer_id: 1002 },
    });
    const { data } = await admin.GET('/__mock/clients');
    const text = JSON.stringify(data);
    expect(data).toHaveLength(3);
    for (const secret of [SECRET, 'dealer-app-demo-secret', 'platform-demo-secret']) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(sha256(secret));
    }
    expect(text).not.toContain('secret_sha256');
  });
});
