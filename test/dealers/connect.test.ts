import { describe, expect, it } from 'vitest';
import { call, clientToken, connect, freshMock, userTokens } from '../support/mock.ts';

describe('PUT /partner/v1/dealers/connect', () => {
  it("binds the admin's dealer to the platform partner and answers the stored dealer record", async () => {
    const mock = await freshMock();
    const response = await connect(mock, 'admin@acme.test', 'ext-1001');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      dealer_id: 1001,
      external_dealer_id: 'ext-1001',
      company_name: 'Acme Security',
      company_address1: '100 Main Street',
      company_address2: 'Suite 200',
      company_email: 'support@acme.test',
      company_phone_number: '+1-555-010-1001',
      created_at: '2024-03-27T12:34:56.000Z',
    });
    expect(mock.context.store.getBinding('platform-demo', 1001)?.external_dealer_id).toBe('ext-1001');
  });

  it('is idempotent when the same binding is made again', async () => {
    const mock = await freshMock();
    const first = await connect(mock, 'admin@acme.test', 'ext-1001');
    const second = await connect(mock, 'admin@acme.test', 'ext-1001');
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(mock.context.store.listBindings('platform-demo')).toHaveLength(1);
  });

  it('answers 409 dealer_already_connected when the dealer is bound under another external id', async () => {
    const mock = await freshMock();
    await connect(mock, 'admin@acme.test', 'ext-1001');
    const response = await connect(mock, 'admin@acme.test', 'other-id');
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({
      code: 'dealer_already_connected',
      field: 'external_dealer_id',
    });
    expect(mock.context.store.getBinding('platform-demo', 1001)?.external_dealer_id).toBe('ext-1001');
  });

  it('answers 409 external_id_conflict when the external id is bound to another dealer', async () => {
    const mock = await freshMock();
    await connect(mock, 'admin@acme.test', 'shared-id');
    const response = await connect(mock, 'admin@beacon.test', 'shared-id');
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('external_id_conflict');
    expect(mock.context.store.getBinding('platform-demo', 1002)).toBeNull();
  });

  it('answers 403 user_token_required to a client-credentials token', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock, 'platform');
    const response = await call(mock, 'PUT', '/partner/v1/dealers/connect', {
      token,
      body: { external_dealer_id: 'x', company_name: 'y' },
    });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('user_token_required');
  });

  it('answers 403 dealer_admin_required to a user who is not a dealer admin', async () => {
    const mock = await freshMock();
    const response = await connect(mock, 'tech@acme.test', 'ext-1001');
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('dealer_admin_required');
    expect(mock.context.store.listBindings()).toEqual([]);
  });

  it('answers 403 platform_partner_required to a Dealer app client', async () => {
    const mock = await freshMock();
    // A Dealer app cannot get a user token from the authorize endpoint, so mint one the way the
    // mock would if it had one: through the token service, which is what the API checks.
    const client = mock.context.store.getClient('dealer-app-demo');
    const user = mock.context.store.getUserByEmail('admin@acme.test');
    if (!client || !user) throw new Error('demo world missing');
    const { token } = await mock.context.tokens.issue(client, ['read:dealer'], user);
    const response = await call(mock, 'PUT', '/partner/v1/dealers/connect', {
      token,
      body: { external_dealer_id: 'x', company_name: 'y' },
    });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('platform_partner_required');
  });

  it('answers 400 naming the field when external_dealer_id is missing, and binds nothing', async () => {
    const mock = await freshMock();
    const { access_token } = await userTokens(mock, 'admin@acme.test');
    const response = await call(mock, 'PUT', '/partner/v1/dealers/connect', {
      token: access_token,
      body: { company_name: 'Acme' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'invalid_request', field: 'external_dealer_id' });
    expect(mock.context.store.listBindings()).toEqual([]);
  });
});
