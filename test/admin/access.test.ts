import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { isLoopback } from '../../mock/admin/control-plane.ts';
import { MockClock } from '../../mock/clock.ts';
import { startMock } from '../../mock/server.ts';
import { createAdminClient } from '../../spec/admin-client.ts';
import { call, clientToken, freshMock, T0 } from '../support/mock.ts';

const ADMIN_TOKEN = 'admin-token-for-tests-0001';

/** An IPv4 address of this machine beyond loopback, if it has one. */
const externalAddress = Object.values(networkInterfaces())
  .flat()
  .find((address) => address?.family === 'IPv4' && !address.internal)?.address;

describe('the control plane with an admin token', () => {
  it('answers 401 admin_token_required in the error envelope to a call without the token', async () => {
    const mock = await freshMock({ adminToken: ADMIN_TOKEN });
    const { error, response } = await createAdminClient(mock.url).GET('/__mock/clock');
    expect(response.status).toBe(401);
    expect(error).toEqual({
      error: {
        code: 'admin_token_required',
        message: expect.stringContaining('admin token'),
        request_id: expect.stringMatching(/^req_/),
        field: null,
      },
    });
  });

  it('answers 401 admin_token_required to a call with a wrong token', async () => {
    const mock = await freshMock({ adminToken: ADMIN_TOKEN });
    const admin = createAdminClient(mock.url, { adminToken: `${ADMIN_TOKEN}-but-longer` });
    const { error, response } = await admin.POST('/__mock/reset');
    expect(response.status).toBe(401);
    expect(error?.error.code).toBe('admin_token_required');
  });

  it('does not act on a refused call', async () => {
    const mock = await freshMock({ adminToken: ADMIN_TOKEN });
    const admin = createAdminClient(mock.url, { adminToken: 'wrong-token-of-26-chars-00' });
    const { response } = await admin.POST('/__mock/clock/advance', { body: { seconds: 3600 } });
    expect(response.status).toBe(401);
    expect(mock.context.clock.now()).toBe(T0);
  });

  it('serves a call with the token', async () => {
    const mock = await freshMock({ adminToken: ADMIN_TOKEN });
    const admin = createAdminClient(mock.url, { adminToken: ADMIN_TOKEN });
    const { data, response } = await admin.POST('/__mock/clock/advance', { body: { seconds: 60 } });
    expect(response.status).toBe(200);
    expect(data).toEqual({ now: new Date(T0 + 60_000).toISOString(), frozen: true });
  });

  it('leaves the Partner API as it is', async () => {
    const mock = await freshMock({ adminToken: ADMIN_TOKEN });
    const token = await clientToken(mock);
    const response = await call(mock, 'GET', '/partner/v1/dealers/1001', { token });
    expect(response.status).toBe(200);
    expect(response.body.dealer_id).toBe(1001);
  });
});

describe('the control plane without an admin token', () => {
  it('serves loopback callers', async () => {
    const mock = await freshMock();
    const { data, response } = await createAdminClient(mock.url).GET('/__mock/clock');
    expect(response.status).toBe(200);
    expect(data?.frozen).toBe(true);
  });

  it.skipIf(externalAddress === undefined)(
    'refuses a caller that is not on loopback, and still serves it the Partner API',
    async () => {
      const mock = await startMock({ host: '0.0.0.0', port: 0 }, { clock: new MockClock(T0), log: () => {} });
      try {
        const url = `http://${externalAddress}:${new URL(mock.url).port}`;
        const { error, response } = await createAdminClient(url).GET('/__mock/clock');
        expect(response.status).toBe(401);
        expect(error?.error.code).toBe('admin_token_required');
        expect(error?.error.message).toContain('--admin-token');
        const metadata = await fetch(`${url}/.well-known/oauth-authorization-server`);
        expect(metadata.status).toBe(200);
      } finally {
        await mock.stop();
      }
    },
  );
});

describe('isLoopback', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])('counts %s as loopback', (address) => {
    expect(isLoopback(address)).toBe(true);
  });

  it.each(['10.0.0.1', '::ffff:192.168.1.2', '192.0.2.2', 'fd00::2', '::', '', undefined])(
    'does not count %s as loopback',
    (address) => {
      expect(isLoopback(address)).toBe(false);
    },
  );
});
