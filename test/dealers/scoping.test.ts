import { describe, expect, it } from 'vitest';
import { call, clientToken, connect, freshMock } from '../support/mock.ts';

describe('dealer scope of tokens', () => {
  it('lets a Dealer app read its own dealer, with no external id', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock, 'dealerApp');
    const response = await call(mock, 'GET', '/partner/v1/dealers/1001', { token });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      dealer_id: 1001,
      external_dealer_id: null,
      company_name: 'Acme Security',
    });
  });

  it('answers 403 dealer_out_of_scope when a Dealer app reaches for another dealer', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock, 'dealerApp');
    const response = await call(mock, 'GET', '/partner/v1/dealers/1002', { token });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('dealer_out_of_scope');
  });

  it('answers 403 dealer_not_connected to a Platform partner on a dealer not bound to it', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock, 'platform');
    const response = await call(mock, 'GET', '/partner/v1/dealers/1001', { token });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('dealer_not_connected');
  });

  it('gives a Platform partner a connected dealer, then takes it away on disconnect and back on connect', async () => {
    const mock = await freshMock();
    await connect(mock, 'admin@acme.test', 'ext-1001');
    const token = await clientToken(mock, 'platform');
    const before = await call(mock, 'GET', '/partner/v1/dealers/1001', { token });
    expect(before.status).toBe(200);
    expect(before.body.external_dealer_id).toBe('ext-1001');

    const updated = await call(mock, 'PATCH', '/partner/v1/dealers/1001', {
      token,
      body: { company_phone_number: '+1-555-999-0000' },
    });
    expect(updated.status).toBe(200);

    const disconnected = await call(mock, 'PUT', '/partner/v1/dealers/1001/disconnect', { token });
    expect(disconnected.status).toBe(200);
    expect(disconnected.body).toMatchObject({ dealer_id: 1001, external_dealer_id: 'ext-1001' });

    const after = await call(mock, 'GET', '/partner/v1/dealers/1001', { token });
    expect(after.status).toBe(403);
    expect(after.body.error.code).toBe('dealer_not_connected');

    await connect(mock, 'admin@acme.test', 'ext-1001-again');
    const restored = await call(mock, 'GET', '/partner/v1/dealers/1001', { token });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({
      external_dealer_id: 'ext-1001-again',
      company_phone_number: '+1-555-999-0000',
    });
  });

  it('answers 404 binding_not_found when disconnecting a dealer that is not connected', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock, 'platform');
    const response = await call(mock, 'PUT', '/partner/v1/dealers/1002/disconnect', { token });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('binding_not_found');
  });

  it('answers 403 platform_partner_required when a Dealer app tries to disconnect', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock, 'dealerApp');
    const response = await call(mock, 'PUT', '/partner/v1/dealers/1001/disconnect', { token });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('platform_partner_required');
  });

  it('answers 403 permission_denied with an insufficient_scope challenge when a scope is missing', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock, 'dealerApp', 'read:sites');
    const response = await call(mock, 'GET', '/partner/v1/dealers/1001', { token });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('permission_denied');
    expect(response.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect(response.headers.get('www-authenticate')).toContain('scope="read:dealer"');
  });

  it('changes the dealer with PATCH and keeps the fields it was not given', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock, 'dealerApp');
    const response = await call(mock, 'PATCH', '/partner/v1/dealers/1001', {
      token,
      body: { company_name: 'Acme Security Group' },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      company_name: 'Acme Security Group',
      company_address1: '100 Main Street',
    });
    expect(mock.context.store.getDealer(1001)?.company_name).toBe('Acme Security Group');
  });
});
