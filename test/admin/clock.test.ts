import { describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, DEMO_REDIRECT_URIS } from '../../mock/demo-world.ts';
import { createAdminClient } from '../../spec/admin-client.ts';
import { authorizationCode, call, clientToken, freshMock, pkce, T0 } from '../support/mock.ts';

const T0_ISO = new Date(T0).toISOString();

describe('the clock of the control plane', () => {
  it('reads the frozen test clock', async () => {
    const mock = await freshMock();
    const { data, response } = await createAdminClient(mock.url).GET('/__mock/clock');
    expect(response.status).toBe(200);
    expect(data).toEqual({ now: T0_ISO, frozen: true });
  });

  it('sets the time from an ISO timestamp and stays frozen', async () => {
    const mock = await freshMock();
    const admin = createAdminClient(mock.url);
    const { data } = await admin.PUT('/__mock/clock', { body: { now: '2027-06-01T08:30:00.000Z' } });
    expect(data).toEqual({ now: '2027-06-01T08:30:00.000Z', frozen: true });
    expect(mock.context.clock.now()).toBe(Date.parse('2027-06-01T08:30:00.000Z'));
    expect((await admin.GET('/__mock/clock')).data).toEqual(data);
  });

  it('unfreezes the clock, which then runs on from where it stood', async () => {
    const mock = await freshMock();
    const { data } = await createAdminClient(mock.url).PUT('/__mock/clock', { body: { frozen: false } });
    expect(data?.frozen).toBe(false);
    expect(mock.context.clock.frozen).toBe(false);
    expect(Date.parse(data?.now ?? '')).toBeGreaterThanOrEqual(T0);
    expect(Date.parse(data?.now ?? '')).toBeLessThan(T0 + 60_000);
  });

  it('freezes a running clock', async () => {
    const mock = await freshMock();
    const admin = createAdminClient(mock.url);
    await admin.PUT('/__mock/clock', { body: { frozen: false } });
    const { data } = await admin.PUT('/__mock/clock', { body: { frozen: true } });
    expect(data?.frozen).toBe(true);
    expect(mock.context.clock.now()).toBe(Date.parse(data?.now ?? ''));
  });

  it('sets and freezes in one call', async () => {
    const mock = await freshMock();
    const admin = createAdminClient(mock.url);
    await admin.PUT('/__mock/clock', { body: { frozen: false } });
    const { data } = await admin.PUT('/__mock/clock', {
      body: { now: '2030-01-01T00:00:00.000Z', frozen: true },
    });
    expect(data).toEqual({ now: '2030-01-01T00:00:00.000Z', frozen: true });
  });

  it('advances the clock by a number of seconds', async () => {
    const mock = await freshMock();
    const { data, response } = await createAdminClient(mock.url).POST('/__mock/clock/advance', {
      body: { seconds: 90.5 },
    });
    expect(response.status).toBe(200);
    expect(data).toEqual({ now: new Date(T0 + 90_500).toISOString(), frozen: true });
  });

  it('refuses a clock update without any field', async () => {
    const mock = await freshMock();
    const { error, response } = await createAdminClient(mock.url).PUT('/__mock/clock', { body: {} });
    expect(response.status).toBe(400);
    expect(error?.error.code).toBe('invalid_request');
    expect(mock.context.clock.now()).toBe(T0);
  });

  it('refuses a negative advance, naming the field', async () => {
    const mock = await freshMock();
    const { error, response } = await createAdminClient(mock.url).POST('/__mock/clock/advance', {
      body: { seconds: -5 },
    });
    expect(response.status).toBe(400);
    expect(error?.error.field).toBe('seconds');
    expect(mock.context.clock.now()).toBe(T0);
  });
});

describe('expiry follows the clock of the control plane', () => {
  it('keeps a client-credentials token valid one second before its hour is up', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    await createAdminClient(mock.url).POST('/__mock/clock/advance', { body: { seconds: 3599 } });
    expect((await call(mock, 'GET', '/partner/v1/dealers/1001', { token })).status).toBe(200);
  });

  it('expires a client-credentials token once the clock advanced 3600 s', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    expect((await call(mock, 'GET', '/partner/v1/dealers/1001', { token })).status).toBe(200);
    await createAdminClient(mock.url).POST('/__mock/clock/advance', { body: { seconds: 3600 } });
    const response = await call(mock, 'GET', '/partner/v1/dealers/1001', { token });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('invalid_token');
  });

  it('expires an authorization code once the clock advanced 60 s', async () => {
    const mock = await freshMock();
    const { verifier, challenge } = pkce();
    const code = await authorizationCode(mock, 'admin@acme.test', { challenge, scope: 'read:dealer' });
    await createAdminClient(mock.url).POST('/__mock/clock/advance', { body: { seconds: 60 } });
    const response = await call(mock, 'POST', '/oauth/token', {
      form: {
        grant_type: 'authorization_code',
        code,
        redirect_uri: DEMO_REDIRECT_URIS[0] as string,
        code_verifier: verifier,
        client_id: DEMO_CREDENTIALS.platform.client_id,
        client_secret: DEMO_CREDENTIALS.platform.client_secret,
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_grant');
  });
});
