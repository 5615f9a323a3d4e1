import { describe, expect, it } from 'vitest';
import { JWT_BEARER_ASSERTION } from '../../mock/auth/client-auth.ts';
import { DEMO_CREDENTIALS, DEMO_REDIRECT_URIS } from '../../mock/demo-world.ts';
import type { RunningMock } from '../../mock/server.ts';
import { createAdminClient } from '../../spec/admin-client.ts';
import { alarm } from '../events/alarm.ts';
import {
  authorizationCode,
  call,
  clientToken,
  connect,
  freshMock,
  pkce,
  platformAssertion,
  T0,
} from '../support/mock.ts';

/** The whole journal, as its JSON text and its entries. */
async function journalOf(mock: RunningMock, query: Record<string, string | number> = {}) {
  const { data, response } = await createAdminClient(mock.url).GET('/__mock/journal', {
    params: { query },
  });
  expect(response.status).toBe(200);
  return data ?? [];
}

describe('GET /__mock/journal', () => {
  it('records a call with its time on the mock clock, route, status, latency, client, dealer, trace id and verdict', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    await createAdminClient(mock.url).DELETE('/__mock/journal');
    await createAdminClient(mock.url).POST('/__mock/clock/advance', { body: { seconds: 42 } });
    const response = await call(mock, 'GET', '/partner/v1/dealers/1001', {
      token,
      headers: { 'x-partner-trace-id': 'trace-0001' },
    });
    expect(response.status).toBe(200);
    const entries = await journalOf(mock);
    expect(entries).toEqual([
      {
        request_id: expect.stringMatching(/^req_/),
        at: new Date(T0 + 42_000).toISOString(),
        method: 'GET',
        path: '/partner/v1/dealers/1001',
        operation_id: 'getDealer',
        status: 200,
        latency_ms: expect.any(Number),
        client_id: 'dealer-app-demo',
        dealer_id: 1001,
        trace_id: 'trace-0001',
        verdict: 'valid',
        violations: [],
        fault_id: null,
      },
    ]);
    expect(entries[0]?.latency_ms).toBeGreaterThanOrEqual(0);
  });

  it('records every call, the token request and refused calls included, oldest first', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    await call(mock, 'GET', '/partner/v1/dealers/1001', { token });
    await call(mock, 'GET', '/partner/v1/dealers/1002', { token });
    await call(mock, 'GET', '/partner/v1/dealers/1001');
    const entries = await journalOf(mock);
    expect(entries.map((e) => [e.operation_id, e.status, e.dealer_id])).toEqual([
      ['requestToken', 200, null],
      ['getDealer', 200, 1001],
      ['getDealer', 403, 1002],
      ['getDealer', 401, null],
    ]);
  });

  it('filters by trace_id', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    await call(mock, 'GET', '/partner/v1/dealers/1001', {
      token,
      headers: { 'x-partner-trace-id': 'trace-a' },
    });
    await call(mock, 'GET', '/partner/v1/dealers/1001', {
      token,
      headers: { 'x-partner-trace-id': 'trace-b' },
    });
    const entries = await journalOf(mock, { trace_id: 'trace-b' });
    expect(entries).toHaveLength(1);
    expect(entries[0]?.trace_id).toBe('trace-b');
  });

  it('filters by client_id', async () => {
    const mock = await freshMock();
    await call(mock, 'GET', '/partner/v1/dealers/1001', { token: await clientToken(mock) });
    await call(mock, 'GET', '/partner/v1/webhooks', { token: await clientToken(mock, 'platform') });
    const entries = await journalOf(mock, { client_id: 'platform-demo' });
    expect(entries.map((e) => e.operation_id)).toEqual(['listWebhooks']);
  });

  it('filters by dealer_id', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    await call(mock, 'GET', '/partner/v1/dealers/1001', { token });
    await call(mock, 'GET', '/partner/v1/dealers/1002', { token });
    const entries = await journalOf(mock, { dealer_id: 1002 });
    expect(entries.map((e) => [e.path, e.status])).toEqual([['/partner/v1/dealers/1002', 403]]);
  });

  it('answers only the most recent entries up to limit', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    for (const dealer of [1001, 1002, 1003])
      await call(mock, 'GET', `/partner/v1/dealers/${dealer}`, { token });
    const entries = await journalOf(mock, { limit: 2 });
    expect(entries.map((e) => e.path)).toEqual(['/partner/v1/dealers/1002', '/partner/v1/dealers/1003']);
  });

  it('records a request that fails validation with verdict invalid_request and its violations', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const response = await call(mock, 'PATCH', '/partner/v1/dealers/1001', {
      token,
      body: { company_email: 'not-an-email' },
    });
    expect(response.status).toBe(400);
    const [entry] = await journalOf(mock, { operation_id: 'updateDealer' });
    expect(entry).toMatchObject({ status: 400, verdict: 'invalid_request', client_id: 'dealer-app-demo' });
    expect(entry?.violations.length).toBeGreaterThan(0);
    expect(entry?.violations[0]?.field).toContain('company_email');
  });

  it('never holds a secret, token, assertion or authorization code', async () => {
    const mock = await freshMock();
    const { client_id, client_secret } = DEMO_CREDENTIALS.platform;
    const secrets: string[] = [DEMO_CREDENTIALS.dealerApp.client_secret, client_secret];
    secrets.push(await clientToken(mock));
    const assertion = await platformAssertion(`${mock.url}/oauth/token`);
    secrets.push(assertion);
    const byAssertion = await call(mock, 'POST', '/oauth/token', {
      form: {
        grant_type: 'client_credentials',
        client_assertion_type: JWT_BEARER_ASSERTION,
        client_assertion: assertion,
      },
    });
    expect(byAssertion.status).toBe(200);
    secrets.push(byAssertion.body.access_token);
    const { verifier, challenge } = pkce();
    const code = await authorizationCode(mock, 'admin@acme.test', {
      challenge,
      scope: 'openid offline_access read:dealer',
    });
    secrets.push(code, verifier);
    const exchanged = await call(mock, 'POST', '/oauth/token', {
      form: {
        grant_type: 'authorization_code',
        code,
        redirect_uri: DEMO_REDIRECT_URIS[0] as string,
        code_verifier: verifier,
        client_id,
        client_secret,
      },
    });
    expect(exchanged.status).toBe(200);
    secrets.push(exchanged.body.access_token, exchanged.body.refresh_token);
    const refreshed = await call(mock, 'POST', '/oauth/token', {
      form: {
        grant_type: 'refresh_token',
        refresh_token: exchanged.body.refresh_token,
        client_id,
        client_secret,
      },
    });
    expect(refreshed.status).toBe(200);
    secrets.push(refreshed.body.access_token, refreshed.body.refresh_token);
    await call(mock, 'GET', '/partner/v1/webhooks', { token: refreshed.body.access_token });
    await call(mock, 'POST', '/oauth/revoke', {
      form: { token: refreshed.body.refresh_token, client_id, client_secret },
    });
    await call(mock, 'POST', '/oauth/token', {
      form: { grant_type: 'client_credentials', client_id, client_secret: 'a-wrong-secret-0001' },
    });
    secrets.push('a-wrong-secret-0001');
    const entries = await journalOf(mock);
    expect(entries.length).toBeGreaterThanOrEqual(8);
    const text = JSON.stringify(entries);
    for (const secret of secrets) {
      expect(typeof secret).toBe('string');
      expect(text).not.toContain(secret);
    }
  });

  it("never holds the token of a media upload URL, which is that upload's only credential", async () => {
    const mock = await freshMock();
    const event = await call(mock, 'POST', '/partner/v1/events', {
      token: await clientToken(mock),
      body: alarm(),
    });
    expect(event.status).toBe(201);
    const uploadUrl: string = event.body.uploads[0].upload_url;
    const uploadId = uploadUrl.split('/').pop() as string;
    const upload = await fetch(uploadUrl, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg' },
      body: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]),
    });
    expect(upload.status).toBe(204);
    const entries = await journalOf(mock, { operation_id: 'uploadEventMedia' });
    expect(entries).toHaveLength(1);
    expect(entries[0]?.status).toBe(204);
    expect(JSON.stringify(await journalOf(mock))).not.toContain(uploadId.slice(4));
  });

  it("lists a Platform partner's calls to several dealers under its client_id", async () => {
    const mock = await freshMock();
    expect((await connect(mock, 'admin@acme.test', 'ext-1001')).status).toBe(200);
    expect((await connect(mock, 'admin@beacon.test', 'ext-1002')).status).toBe(200);
    const token = await clientToken(mock, 'platform');
    await call(mock, 'GET', '/partner/v1/dealers/1001', { token });
    await call(mock, 'GET', '/partner/v1/dealers/1002', { token });
    await call(mock, 'GET', '/partner/v1/dealers/1001', { token: await clientToken(mock) });
    const entries = await journalOf(mock, { client_id: 'platform-demo' });
    expect(entries.every((e) => e.client_id === 'platform-demo')).toBe(true);
    expect(entries.filter((e) => e.operation_id === 'getDealer').map((e) => [e.dealer_id, e.status])).toEqual(
      [
        [1001, 200],
        [1002, 200],
      ],
    );
    expect(entries.filter((e) => e.operation_id === 'connectDealer')).toHaveLength(2);
  });

  it('keeps only the most recent journalSize entries', async () => {
    const mock = await freshMock({ journalSize: 2 });
    const token = await clientToken(mock);
    for (const dealer of [1001, 1002, 1003])
      await call(mock, 'GET', `/partner/v1/dealers/${dealer}`, { token });
    const entries = await journalOf(mock);
    expect(entries.map((e) => e.path)).toEqual(['/partner/v1/dealers/1002', '/partner/v1/dealers/1003']);
  });

  it('does not record calls to the control plane itself', async () => {
    const mock = await freshMock();
    const admin = createAdminClient(mock.url);
    await admin.GET('/__mock/clock');
    await admin.GET('/__mock/clients');
    expect(await journalOf(mock)).toEqual([]);
  });
});

describe('DELETE /__mock/journal', () => {
  it('empties the journal', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    await call(mock, 'GET', '/partner/v1/dealers/1001', { token });
    expect((await journalOf(mock)).length).toBeGreaterThan(0);
    const { response } = await createAdminClient(mock.url).DELETE('/__mock/journal');
    expect(response.status).toBe(204);
    expect(await journalOf(mock)).toEqual([]);
  });
});
