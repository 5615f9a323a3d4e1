import { describe, expect, it } from 'vitest';
import { createAdminClient } from '../../spec/admin-client.ts';
import type { Seed } from '../../spec/admin-types.ts';
import { call, clientToken, freshMock } from '../support/mock.ts';

function worldWithResources(): Seed {
  return {
    dealers: [
      {
        dealer_id: 1001,
        company_name: 'Acme Security',
        company_address1: '100 Main Street',
        company_email: 'support@acme.test',
        company_phone_number: '+1-555-010-1001',
      },
    ],
    clients: [
      {
        client_id: 'dealer-app-demo',
        client_secret: 'dealer-app-demo-secret',
        kind: 'dealer_app',
        dealer_id: 1001,
        rate_tier: 'pro',
      },
    ],
    resources: {
      monitoring_stations: [{ dealer_id: 1001, external_monitoring_station_id: 'cs-1', name: 'Central One' }],
      sites: [
        {
          dealer_id: 1001,
          external_site_id: 'hq',
          name: 'Headquarters',
          timezone: 'America/New_York',
          external_monitoring_station_id: 'cs-1',
        },
      ],
      devices: [
        {
          dealer_id: 1001,
          external_site_id: 'hq',
          external_device_id: 'cam-1',
          device_type: 'camera',
          zone_number: '001',
        },
      ],
      contacts: [
        {
          dealer_id: 1001,
          external_site_id: 'hq',
          external_contact_id: 'c-1',
          first_name: 'Ann',
          last_name: 'Lee',
        },
      ],
    },
  };
}

describe('seeds with resources', () => {
  it('creates stations, sites, devices and contacts that the Partner API then serves', async () => {
    const mock = await freshMock();
    const { response } = await createAdminClient(mock.url).PUT('/__mock/seed', {
      body: worldWithResources(),
    });
    expect(response.status).toBe(200);
    const token = await clientToken(mock);
    const sites = await call(mock, 'GET', '/partner/v1/dealers/1001/sites', { token });
    expect(sites.body).toEqual([
      expect.objectContaining({ external_site_id: 'hq', external_monitoring_station_id: 'cs-1' }),
    ]);
    const siteId = sites.body[0].site_id as number;
    const devices = await call(mock, 'GET', `/partner/v1/dealers/1001/sites/${siteId}/devices`, { token });
    expect(devices.body.map((d: { external_device_id: string }) => d.external_device_id)).toEqual(['cam-1']);
    const contacts = await call(mock, 'GET', `/partner/v1/dealers/1001/sites/${siteId}/contacts`, { token });
    expect(contacts.body.map((c: { first_name: string }) => c.first_name)).toEqual(['Ann']);
    expect(mock.violations).toEqual([]);
  });

  it('refuses a resource that breaks an API rule, naming the entry, and keeps the old world', async () => {
    const mock = await freshMock();
    const seed = worldWithResources();
    seed.resources?.sites?.push({ dealer_id: 1001, external_site_id: 'hq', name: 'Twin', timezone: 'UTC' });
    const { response, error } = await createAdminClient(mock.url).PUT('/__mock/seed', { body: seed });
    expect(response.status).toBe(400);
    expect(error?.error.code).toBe('invalid_seed');
    expect(error?.error.message).toContain('resources.sites[1] (external_site_id "hq")');
    expect(mock.context.store.listDealers().map((d) => d.dealer_id)).toEqual([1001, 1002, 1003]);
  });

  it('refuses a device whose site is not in the seed, and a site body that fails its schema', async () => {
    const mock = await freshMock();
    const admin = createAdminClient(mock.url);
    const orphan = worldWithResources();
    orphan.resources?.devices?.push({
      dealer_id: 1001,
      external_site_id: 'nowhere',
      external_device_id: 'cam-2',
      device_type: 'camera',
      zone_number: '002',
    });
    const first = await admin.PUT('/__mock/seed', { body: orphan });
    expect(first.error?.error.message).toMatch(/resources\.devices\[1\].*names no site/);
    const badTimezone = worldWithResources();
    badTimezone.resources?.sites?.push({ dealer_id: 1001, external_site_id: 'x', name: 'X' });
    const second = await admin.PUT('/__mock/seed', { body: badTimezone });
    expect(second.error?.error).toMatchObject({ code: 'invalid_seed', field: 'resources.sites[1].timezone' });
  });

  it('names the missing field of a resource entry', async () => {
    const mock = await freshMock();
    const seed = worldWithResources();
    seed.resources?.contacts?.push({
      dealer_id: 1001,
      external_site_id: 'hq',
      external_contact_id: 'c-2',
      first_name: 'Bo',
    });
    const { error } = await createAdminClient(mock.url).PUT('/__mock/seed', { body: seed });
    expect(error?.error).toMatchObject({
      code: 'invalid_seed',
      field: 'resources.contacts[1].last_name',
      message: 'resources.contacts[1] (external_contact_id "c-2"): last_name is required',
    });
  });
});
