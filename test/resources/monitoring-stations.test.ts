import { describe, expect, it } from 'vitest';
import { call, clientToken, connect, freshMock } from '../support/mock.ts';
import {
  createSite,
  createStation,
  dealerAppMock,
  describeDealerScope,
  OTHER_DEALER,
  sitesPath,
  stationsPath,
} from './support.ts';

describe('monitoring stations', () => {
  it('creates, lists, reads, updates and deletes a monitoring station', async () => {
    const { mock, token } = await dealerAppMock();
    const created = await createStation(mock, token, { prefix: 'CH' });
    expect(created).toEqual({
      monitoring_station_id: expect.any(Number),
      external_monitoring_station_id: 'ms-1',
      name: 'CHeKT Central Station',
      prefix: 'CH',
      linecard: null,
      created_at: '2026-01-15T10:00:00.000Z',
    });
    const one = `${stationsPath()}/${created.monitoring_station_id}`;

    const listed = await call(mock, 'GET', stationsPath(), { token });
    expect(listed.body).toEqual([created]);
    expect(listed.headers.get('x-total-count')).toBe('1');
    expect((await call(mock, 'GET', one, { token })).body).toEqual(created);

    const updated = await call(mock, 'PATCH', one, { token, body: { prefix: null, linecard: '12345' } });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ ...created, prefix: null, linecard: '12345' });

    expect((await call(mock, 'DELETE', one, { token })).status).toBe(204);
    const gone = await call(mock, 'GET', one, { token });
    expect(gone.status).toBe(404);
    expect(gone.body.error).toMatchObject({
      code: 'monitoring_station_not_found',
      field: 'monitoringStationId',
    });
    expect(mock.violations).toEqual([]);
  });

  it('answers 409 external_id_conflict for a second station with the same external id in the dealer', async () => {
    const { mock, token } = await dealerAppMock();
    await createStation(mock, token);
    const response = await call(mock, 'POST', stationsPath(), {
      token,
      body: { external_monitoring_station_id: 'ms-1', name: 'Another' },
    });
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({
      code: 'external_id_conflict',
      field: 'external_monitoring_station_id',
    });
    expect(mock.violations).toEqual([]);
  });

  it('answers 400 naming the field when the name is missing', async () => {
    const { mock, token } = await dealerAppMock();
    const response = await call(mock, 'POST', stationsPath(), {
      token,
      body: { external_monitoring_station_id: 'ms-1' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'invalid_request', field: 'name' });
  });

  it('answers 409 monitoring_station_in_use while a site uses the station, and deletes it once unassigned', async () => {
    const { mock, token } = await dealerAppMock();
    const station = await createStation(mock, token);
    const site = await createSite(mock, token, { monitoring_station_id: station.monitoring_station_id });
    const one = `${stationsPath()}/${station.monitoring_station_id}`;
    const refused = await call(mock, 'DELETE', one, { token });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('monitoring_station_in_use');

    await call(mock, 'PATCH', `${sitesPath()}/${site.site_id}`, {
      token,
      body: { monitoring_station_id: null },
    });
    expect((await call(mock, 'DELETE', one, { token })).status).toBe(204);
    expect(mock.violations).toEqual([]);
  });

  it("answers 404 monitoring_station_not_found for another dealer's station", async () => {
    const mock = await freshMock();
    await connect(mock, 'admin@acme.test', 'ext-1001');
    await connect(mock, 'admin@beacon.test', 'ext-1002');
    const token = await clientToken(mock, 'platform');
    const foreign = await createStation(mock, token, {}, OTHER_DEALER);
    const response = await call(mock, 'GET', `${stationsPath()}/${foreign.monitoring_station_id}`, { token });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('monitoring_station_not_found');
    expect((await call(mock, 'GET', stationsPath(), { token })).body).toEqual([]);
  });
});

describeDealerScope('listMonitoringStations', 'GET', (dealerId) => stationsPath(dealerId));
describeDealerScope('createMonitoringStation', 'POST', (dealerId) => stationsPath(dealerId), {
  external_monitoring_station_id: 'ms-x',
  name: 'X',
});
