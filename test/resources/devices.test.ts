import { describe, expect, it } from 'vitest';
import type { RunningMock } from '../../mock/server.ts';
import { call, clientToken, connect, freshMock } from '../support/mock.ts';
import {
  createSite,
  dealerAppMock,
  describeDealerScope,
  OTHER_DEALER,
  OWN_DEALER,
  sitesPath,
} from './support.ts';

const camera = { external_device_id: 'cam-1', device_type: 'camera', zone_number: '001' };
const bridge = { external_device_id: 'bridge-1', device_type: 'bridge', zone_number: '010' };

async function siteWithDevices(mock: RunningMock, token: string, devices: unknown[]) {
  const site = await createSite(mock, token);
  const path = `${sitesPath()}/${site.site_id}/devices`;
  const created = await call(mock, 'POST', path, { token, body: devices });
  expect(created.status).toBe(201);
  return { path, created: created.body };
}

describe('devices', () => {
  it('creates devices in bulk, then lists, reads, updates and deletes one', async () => {
    const { mock, token } = await dealerAppMock();
    const { path, created } = await siteWithDevices(mock, token, [
      { ...camera, additional_zone_numbers: '002,003', name: 'Front Door Camera', mac: 'AA' },
      bridge,
    ]);
    expect(created).toMatchObject({ success_count: 2, failure_count: 0 });
    const [first, second] = created.results;
    expect(first).toEqual({
      index: 0,
      is_successful: true,
      device_id: expect.any(Number),
      external_device_id: 'cam-1',
      device: {
        device_id: first.device_id,
        site_id: expect.any(Number),
        external_device_id: 'cam-1',
        device_type: 'camera',
        zone_number: '001',
        additional_zone_numbers: '002,003',
        name: 'Front Door Camera',
        mac: 'AA',
        manufacturer: null,
        model: null,
        serial_number: null,
        created_at: '2026-01-15T10:00:00.000Z',
      },
      error: null,
    });
    expect(second.device.name).toBeNull();

    const listed = await call(mock, 'GET', path, { token });
    expect(listed.body).toEqual([first.device, second.device]);
    expect(listed.headers.get('x-total-count')).toBe('2');

    const one = `${path}/${first.device_id}`;
    expect((await call(mock, 'GET', one, { token })).body).toEqual(first.device);
    const updated = await call(mock, 'PATCH', one, { token, body: { name: null, zone_number: '005' } });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ ...first.device, name: null, zone_number: '005' });

    expect((await call(mock, 'DELETE', one, { token })).status).toBe(204);
    const gone = await call(mock, 'GET', one, { token });
    expect(gone.status).toBe(404);
    expect(gone.body.error).toMatchObject({ code: 'device_not_found', field: 'deviceId' });
    expect(mock.violations).toEqual([]);
  });

  it('creates the good items and fails a duplicate or invalid item alone', async () => {
    const { mock, token } = await dealerAppMock();
    const { path } = await siteWithDevices(mock, token, [camera]);
    const response = await call(mock, 'POST', path, {
      token,
      body: [
        bridge,
        { ...camera, zone_number: '004' },
        { external_device_id: 'cam-2', device_type: 'drone', zone_number: '003' },
        { ...bridge, zone_number: '011' },
        { external_device_id: 'cam-3', device_type: 'camera', zone_number: '006', colour: 'red' },
        { external_device_id: 'cam-4', device_type: 'camera', zone_number: '007' },
      ],
    });
    expect(response.status).toBe(201);
    expect(response.body.success_count).toBe(2);
    expect(response.body.failure_count).toBe(4);
    const outcome = response.body.results.map(
      (r: { is_successful: boolean; error: { code: string; field: string } | null }) => [
        r.is_successful,
        r.error?.code ?? null,
        r.error?.field ?? null,
      ],
    );
    expect(outcome).toEqual([
      [true, null, null],
      [false, 'external_id_conflict', '[1].external_device_id'],
      [false, 'invalid_request', '[2].device_type'],
      [false, 'external_id_conflict', '[3].external_device_id'],
      [false, 'invalid_request', '[4].colour'],
      [true, null, null],
    ]);
    expect(response.body.results[2]).toMatchObject({
      device_id: null,
      external_device_id: 'cam-2',
      device: null,
    });
    expect(response.body.results[2].error.request_id).toMatch(/^req_/);
    const listed = await call(mock, 'GET', `${path}?fields=external_device_id`, { token });
    expect(listed.body.map((d: { external_device_id: string }) => d.external_device_id)).toEqual([
      'cam-1',
      'bridge-1',
      'cam-4',
    ]);
    expect(mock.violations).toEqual([]);
  });

  it('answers 400 for the whole bulk create when the body is not a non-empty array of objects', async () => {
    const { mock, token } = await dealerAppMock();
    const site = await createSite(mock, token);
    const path = `${sitesPath()}/${site.site_id}/devices`;
    for (const body of [[], camera, ['cam-1']]) {
      const response = await call(mock, 'POST', path, { token, body });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('invalid_request');
    }
    expect(mock.context.store.sqlite.prepare('SELECT count(*) AS n FROM devices').get()).toEqual({ n: 0 });
  });

  it('updates devices in bulk, failing unknown, invalid and conflicting items alone', async () => {
    const { mock, token } = await dealerAppMock();
    const { path, created } = await siteWithDevices(mock, token, [camera, bridge]);
    const [cam, br] = created.results.map((r: { device_id: number }) => r.device_id);
    const response = await call(mock, 'PATCH', path, {
      token,
      body: [
        { device_id: cam, name: 'Lobby' },
        { device_id: 9999, name: 'Ghost' },
        { device_id: br, zone_number: 'abc' },
        { device_id: br, external_device_id: 'cam-1' },
        { device_id: br, model: 'B-2' },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ success_count: 2, failure_count: 3 });
    const [renamed, ghost, badZone, clash, remodelled] = response.body.results;
    expect(renamed).toMatchObject({ is_successful: true, device_id: cam, device: { name: 'Lobby' } });
    expect(ghost).toMatchObject({
      is_successful: false,
      device_id: 9999,
      device: null,
      error: { code: 'device_not_found', field: '[1].device_id' },
    });
    expect(badZone.error).toMatchObject({ code: 'invalid_request', field: '[2].zone_number' });
    expect(clash.error).toMatchObject({ code: 'external_id_conflict', field: '[3].external_device_id' });
    expect(remodelled).toMatchObject({ is_successful: true, device: { model: 'B-2', zone_number: '010' } });
    expect(mock.violations).toEqual([]);
  });

  it('deletes devices in bulk by device_ids, failing unknown ids alone', async () => {
    const { mock, token } = await dealerAppMock();
    const { path, created } = await siteWithDevices(mock, token, [camera, bridge]);
    const [cam, br] = created.results.map((r: { device_id: number }) => r.device_id);
    const response = await call(mock, 'DELETE', `${path}?device_ids=${cam},9999,${br}`, { token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      success_count: 2,
      failure_count: 1,
      results: [
        {
          index: 0,
          is_successful: true,
          device_id: cam,
          external_device_id: 'cam-1',
          device: null,
          error: null,
        },
        {
          index: 1,
          is_successful: false,
          device_id: 9999,
          external_device_id: null,
          device: null,
          error: expect.objectContaining({ code: 'device_not_found', field: 'device_ids[1]' }),
        },
        {
          index: 2,
          is_successful: true,
          device_id: br,
          external_device_id: 'bridge-1',
          device: null,
          error: null,
        },
      ],
    });
    expect((await call(mock, 'GET', path, { token })).body).toEqual([]);
    expect(mock.violations).toEqual([]);
  });

  it('answers 400 naming device_ids when the bulk delete ids are malformed', async () => {
    const { mock, token } = await dealerAppMock();
    const { path } = await siteWithDevices(mock, token, [camera]);
    const response = await call(mock, 'DELETE', `${path}?device_ids=1,x`, { token });
    expect(response.status).toBe(400);
    expect(response.body.error.field).toMatch(/^device_ids/);
  });

  it('answers 409 external_id_conflict when a single update takes the external id of another device', async () => {
    const { mock, token } = await dealerAppMock();
    const { path, created } = await siteWithDevices(mock, token, [camera, bridge]);
    const response = await call(mock, 'PATCH', `${path}/${created.results[1].device_id}`, {
      token,
      body: { external_device_id: 'cam-1' },
    });
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'external_id_conflict', field: 'external_device_id' });
  });

  it('answers 400 naming the field when a single update is invalid', async () => {
    const { mock, token } = await dealerAppMock();
    const { path, created } = await siteWithDevices(mock, token, [camera]);
    const response = await call(mock, 'PATCH', `${path}/${created.results[0].device_id}`, {
      token,
      body: { device_type: 'drone' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'invalid_request', field: 'device_type' });
  });

  it('answers 404 for a device of another site or a site of another dealer', async () => {
    const mock = await freshMock({ rateLimits: 'off' });
    await connect(mock, 'admin@acme.test', 'ext-1001');
    await connect(mock, 'admin@beacon.test', 'ext-1002');
    const token = await clientToken(mock, 'platform');
    const mine = await createSite(mock, token, {}, OWN_DEALER);
    const foreign = await createSite(mock, token, {}, OTHER_DEALER);
    const foreignDevices = `${sitesPath(OTHER_DEALER)}/${foreign.site_id}/devices`;
    const created = await call(mock, 'POST', foreignDevices, { token, body: [camera] });
    const deviceId = created.body.results[0].device_id;

    const underOtherSite = await call(mock, 'GET', `${sitesPath()}/${mine.site_id}/devices/${deviceId}`, {
      token,
    });
    expect(underOtherSite.status).toBe(404);
    expect(underOtherSite.body.error.code).toBe('device_not_found');
    const underOtherDealer = await call(
      mock,
      'GET',
      `${sitesPath()}/${foreign.site_id}/devices/${deviceId}`,
      {
        token,
      },
    );
    expect(underOtherDealer.status).toBe(404);
    expect(underOtherDealer.body.error.code).toBe('site_not_found');
    const bulkUnderOtherDealer = await call(mock, 'POST', `${sitesPath()}/${foreign.site_id}/devices`, {
      token,
      body: [bridge],
    });
    expect(bulkUnderOtherDealer.status).toBe(404);
    expect(mock.violations).toEqual([]);
  });
});

describeDealerScope('listDevices', 'GET', (dealerId) => `${sitesPath(dealerId)}/1/devices`);
describeDealerScope('createDevices', 'POST', (dealerId) => `${sitesPath(dealerId)}/1/devices`, [camera]);
