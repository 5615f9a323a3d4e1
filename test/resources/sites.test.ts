import { describe, expect, it } from 'vitest';
import { call, clientToken, connect, freshMock } from '../support/mock.ts';
import {
  createSite,
  createStation,
  dealerAppMock,
  describeDealerScope,
  OTHER_DEALER,
  OWN_DEALER,
  sitesPath,
} from './support.ts';

describe('sites', () => {
  it('creates, lists, reads, updates and deletes a site', async () => {
    const { mock, token } = await dealerAppMock();
    const station = await createStation(mock, token);
    const created = await createSite(mock, token, {
      monitoring_station_id: station.monitoring_station_id,
      account_number: '1234567890',
      address1: '123 Teheran-ro',
    });
    expect(created).toEqual({
      site_id: expect.any(Number),
      external_site_id: 'site-1',
      name: 'Gangnam Headquarters',
      timezone: 'Asia/Seoul',
      monitoring_station_id: station.monitoring_station_id,
      external_monitoring_station_id: 'ms-1',
      account_number: '1234567890',
      address1: '123 Teheran-ro',
      address2: null,
      is_activated: 0,
      created_at: '2026-01-15T10:00:00.000Z',
    });
    const path = `${sitesPath()}/${created.site_id}`;

    const listed = await call(mock, 'GET', sitesPath(), { token });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([created]);
    expect(listed.headers.get('x-total-count')).toBe('1');

    expect((await call(mock, 'GET', path, { token })).body).toEqual(created);

    const updated = await call(mock, 'PATCH', path, {
      token,
      body: { name: 'Gangnam HQ', is_activated: 1, monitoring_station_id: null, address1: null },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({
      ...created,
      name: 'Gangnam HQ',
      is_activated: 1,
      monitoring_station_id: null,
      external_monitoring_station_id: null,
      address1: null,
    });

    expect((await call(mock, 'DELETE', path, { token })).status).toBe(204);
    const gone = await call(mock, 'GET', path, { token });
    expect(gone.status).toBe(404);
    expect(gone.body.error).toMatchObject({ code: 'site_not_found', field: 'siteId' });
    expect((await call(mock, 'DELETE', path, { token })).status).toBe(404);
    expect(mock.violations).toEqual([]);
  });

  it('publishes site.created, site.updated and site.deleted with the site as data', async () => {
    const { mock, token } = await dealerAppMock();
    const seen: { type: string; dealer_id: number | null; name: unknown }[] = [];
    mock.context.events.subscribe((event) =>
      seen.push({ type: event.type, dealer_id: event.dealer_id, name: event.data.name }),
    );
    const site = await createSite(mock, token);
    await call(mock, 'PATCH', `${sitesPath()}/${site.site_id}`, { token, body: { name: 'Renamed' } });
    await call(mock, 'DELETE', `${sitesPath()}/${site.site_id}`, { token });
    expect(seen).toEqual([
      { type: 'site.created', dealer_id: OWN_DEALER, name: 'Gangnam Headquarters' },
      { type: 'site.updated', dealer_id: OWN_DEALER, name: 'Renamed' },
      { type: 'site.deleted', dealer_id: OWN_DEALER, name: 'Renamed' },
    ]);
  });

  it('answers 409 external_id_conflict for a second site with the same external id in the dealer', async () => {
    const { mock, token } = await dealerAppMock();
    await createSite(mock, token);
    const response = await call(mock, 'POST', sitesPath(), {
      token,
      body: { external_site_id: 'site-1', name: 'Again', timezone: 'UTC' },
    });
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'external_id_conflict', field: 'external_site_id' });
    expect(mock.violations).toEqual([]);
  });

  it('answers 409 external_id_conflict when an update takes the external id of another site', async () => {
    const { mock, token } = await dealerAppMock();
    await createSite(mock, token);
    const other = await createSite(mock, token, { external_site_id: 'site-2' });
    const response = await call(mock, 'PATCH', `${sitesPath()}/${other.site_id}`, {
      token,
      body: { external_site_id: 'site-1' },
    });
    expect(response.status).toBe(409);
    expect(response.body.error.field).toBe('external_site_id');
  });

  it('allows the same external site id under two different dealers', async () => {
    const mock = await freshMock();
    await connect(mock, 'admin@acme.test', 'ext-1001');
    await connect(mock, 'admin@beacon.test', 'ext-1002');
    const token = await clientToken(mock, 'platform');
    await createSite(mock, token, {}, OWN_DEALER);
    await createSite(mock, token, {}, OTHER_DEALER);
    expect(mock.violations).toEqual([]);
  });

  it('answers 400 naming the field when a required field is missing', async () => {
    const { mock, token } = await dealerAppMock();
    const response = await call(mock, 'POST', sitesPath(), {
      token,
      body: { external_site_id: 'site-1', name: 'No zone' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'invalid_request', field: 'timezone' });
  });

  it('answers 400 naming timezone when the time zone is not a known IANA zone', async () => {
    const { mock, token } = await dealerAppMock();
    const response = await call(mock, 'POST', sitesPath(), {
      token,
      body: { external_site_id: 'site-1', name: 'Nowhere', timezone: 'Mars/Olympus_Mons' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'invalid_request', field: 'timezone' });
    expect(mock.violations).toEqual([]);
  });

  it('answers 400 naming the field when an update has an unknown field', async () => {
    const { mock, token } = await dealerAppMock();
    const site = await createSite(mock, token);
    const response = await call(mock, 'PATCH', `${sitesPath()}/${site.site_id}`, {
      token,
      body: { colour: 'blue' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'invalid_request', field: 'colour' });
  });

  it('answers 422 validation_failed when monitoring_station_id is not a station of the dealer', async () => {
    const mock = await freshMock();
    await connect(mock, 'admin@acme.test', 'ext-1001');
    await connect(mock, 'admin@beacon.test', 'ext-1002');
    const token = await clientToken(mock, 'platform');
    const foreign = await createStation(mock, token, {}, OTHER_DEALER);
    for (const stationId of [foreign.monitoring_station_id, 999]) {
      const response = await call(mock, 'POST', sitesPath(), {
        token,
        body: { external_site_id: 's', name: 'S', timezone: 'UTC', monitoring_station_id: stationId },
      });
      expect(response.status).toBe(422);
      expect(response.body.error).toMatchObject({
        code: 'validation_failed',
        field: 'monitoring_station_id',
      });
    }
    expect(mock.violations).toEqual([]);
  });

  it('shows a renamed station external id on the sites that use it', async () => {
    const { mock, token } = await dealerAppMock();
    const station = await createStation(mock, token);
    const site = await createSite(mock, token, { monitoring_station_id: station.monitoring_station_id });
    await call(
      mock,
      'PATCH',
      `/partner/v1/dealers/1001/monitoring-stations/${station.monitoring_station_id}`,
      {
        token,
        body: { external_monitoring_station_id: 'ms-renamed' },
      },
    );
    const read = await call(mock, 'GET', `${sitesPath()}/${site.site_id}`, { token });
    expect(read.body.external_monitoring_station_id).toBe('ms-renamed');
  });

  it("answers 404 site_not_found for another dealer's site addressed under this dealer", async () => {
    const mock = await freshMock();
    await connect(mock, 'admin@acme.test', 'ext-1001');
    await connect(mock, 'admin@beacon.test', 'ext-1002');
    const token = await clientToken(mock, 'platform');
    const foreign = await createSite(mock, token, {}, OTHER_DEALER);
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const response = await call(mock, method, `${sitesPath(OWN_DEALER)}/${foreign.site_id}`, {
        token,
        ...(method === 'PATCH' ? { body: { name: 'Taken over' } } : {}),
      });
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('site_not_found');
    }
    const listed = await call(mock, 'GET', sitesPath(OWN_DEALER), { token });
    expect(listed.body).toEqual([]);
    expect(listed.headers.get('x-total-count')).toBe('0');
    const untouched = await call(mock, 'GET', `${sitesPath(OTHER_DEALER)}/${foreign.site_id}`, { token });
    expect(untouched.body.name).toBe('Gangnam Headquarters');
  });

  it('deletes the devices, contacts and arming settings of a deleted site', async () => {
    const { mock, token } = await dealerAppMock();
    const site = await createSite(mock, token);
    const path = `${sitesPath()}/${site.site_id}`;
    await call(mock, 'POST', `${path}/devices`, {
      token,
      body: [{ external_device_id: 'cam-1', device_type: 'camera', zone_number: '001' }],
    });
    await call(mock, 'POST', `${path}/contacts`, {
      token,
      body: { external_contact_id: 'c-1', first_name: 'John', last_name: 'Doe' },
    });
    expect((await call(mock, 'DELETE', path, { token })).status).toBe(204);

    const count = (table: string) =>
      (mock.context.store.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect([count('sites'), count('devices'), count('contacts')]).toEqual([0, 0, 0]);
    for (const sub of ['devices', 'contacts', 'arming-settings']) {
      const response = await call(mock, 'GET', `${path}/${sub}`, { token });
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('site_not_found');
    }
    expect(mock.violations).toEqual([]);
  });
});

describeDealerScope('listSites', 'GET', (dealerId) => sitesPath(dealerId));
describeDealerScope('createSite', 'POST', (dealerId) => sitesPath(dealerId), {
  external_site_id: 'x',
  name: 'X',
  timezone: 'UTC',
});
describeDealerScope('getSite', 'GET', (dealerId) => `${sitesPath(dealerId)}/1`);
