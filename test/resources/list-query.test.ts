import { describe, expect, it } from 'vitest';
import { compileListQuery } from '../../mock/domain/list-query.ts';
import { MockError } from '../../mock/errors.ts';
import type { RunningMock } from '../../mock/server.ts';
import { SITE_LIST } from '../../mock/store/resources.ts';
import { call } from '../support/mock.ts';
import { createSite, createStation, dealerAppMock, sitesPath, stationsPath } from './support.ts';

/** Four sites, one second apart: ids 1-4. */
async function fourSites(): Promise<{ mock: RunningMock; token: string }> {
  const { mock, token } = await dealerAppMock();
  const sites = [
    { external_site_id: 's-1', name: 'Alpha Tower', account_number: '100' },
    { external_site_id: 's-2', name: 'beta, Plaza' },
    { external_site_id: 's-3', name: 'Gamma', account_number: '300', address2: 'Suite 5' },
    { external_site_id: 's-4', name: 'alpha annex', timezone: 'America/New_York' },
  ];
  for (const site of sites) {
    await createSite(mock, token, site);
    mock.context.clock.advance(1000);
  }
  await call(mock, 'PATCH', `${sitesPath()}/1`, { token, body: { is_activated: 1 } });
  await call(mock, 'PATCH', `${sitesPath()}/3`, { token, body: { is_activated: 1 } });
  return { mock, token };
}

async function listSites(mock: RunningMock, token: string, query: Record<string, string>) {
  const response = await call(mock, 'GET', `${sitesPath()}?${new URLSearchParams(query)}`, { token });
  return {
    status: response.status,
    body: response.body,
    ids: Array.isArray(response.body) ? response.body.map((s: { site_id: number }) => s.site_id) : null,
    total: response.headers.get('x-total-count'),
  };
}

describe('list filters', () => {
  it.each([
    ['is_activated:eq:1', [1, 3]],
    ['account_number:ne:100', [2, 3, 4]],
    ['site_id:gt:2', [3, 4]],
    ['site_id:gte:2', [2, 3, 4]],
    ['site_id:lt:2', [1]],
    ['site_id:lte:2', [1, 2]],
    ['created_at:gte:2026-01-15T10:00:02Z', [3, 4]],
    ['created_at:lt:2026-01-15T10:00:01.000Z', [1]],
    ['name:like:alpha*', [1, 4]],
    ['name:like:*A*', [1, 2, 3, 4]],
    ['name:like:gam_a', []],
    ['external_site_id:in:s-1|s-3|s-9', [1, 3]],
    ['account_number:null:true', [2, 4]],
    ['address2:null:false', [3]],
    ['name:eq:beta\\, Plaza', [2]],
    ['is_activated:eq:1,name:like:g*', [3]],
    ['timezone:eq:America/New_York', [4]],
    ['name:eq:a:b', []],
  ])('filter %s selects sites %j', async (filter, expected) => {
    const { mock, token } = await fourSites();
    const page = await listSites(mock, token, { filter });
    expect(page.status).toBe(200);
    expect(page.ids).toEqual(expected);
    expect(page.total).toBe(String(expected.length));
    expect(mock.violations).toEqual([]);
  });

  it.each([
    ['nope:eq:1', 'nope'],
    ['name:approx:x', 'approx'],
    ['site_id:eq:one', 'one'],
    ['created_at:gt:yesterday', 'yesterday'],
    ['name', 'field:op:value'],
    ['name:eq', 'field:op:value'],
    ['site_id:like:1*', 'like'],
    ['address1:null:maybe', 'maybe'],
    ['site_id:in:1|x', 'x'],
  ])('answers 400 invalid_filter naming the problem for filter %s', async (filter, named) => {
    const { mock, token } = await dealerAppMock();
    const page = await listSites(mock, token, { filter });
    expect(page.status).toBe(400);
    expect(page.body.error).toMatchObject({ code: 'invalid_filter', field: 'filter' });
    expect(page.body.error.message).toContain(named);
    expect(mock.violations).toEqual([]);
  });

  it('treats a quote in a filter value as data, not SQL', async () => {
    const { mock, token } = await fourSites();
    const page = await listSites(mock, token, { filter: "name:eq:x' OR '1'='1" });
    expect(page.ids).toEqual([]);
    expect((await listSites(mock, token, {})).ids).toEqual([1, 2, 3, 4]);
  });

  it('compiles conditions to bound parameters over whitelisted columns only', () => {
    const query = compileListQuery(SITE_LIST, { filter: 'name:like:a*,site_id:in:1|2', sort: '-name' });
    expect(query.where).toEqual(["s.name LIKE ? ESCAPE '\\'", 's.site_id IN (?, ?)']);
    expect(query.params).toEqual(['a%', 1, 2]);
    expect(query.orderBy).toBe('s.name DESC, s.site_id ASC');
    expect(() => compileListQuery(SITE_LIST, { sort: 'name; DROP TABLE sites' })).toThrow(MockError);
  });
});

describe('list sorting and paging', () => {
  it('sorts ascending and descending, with the id breaking ties', async () => {
    const { mock, token } = await fourSites();
    expect((await listSites(mock, token, { sort: 'name' })).ids).toEqual([1, 3, 4, 2]);
    expect((await listSites(mock, token, { sort: '-created_at' })).ids).toEqual([4, 3, 2, 1]);
    expect((await listSites(mock, token, { sort: '-is_activated' })).ids).toEqual([1, 3, 2, 4]);
    expect((await listSites(mock, token, { sort: '-is_activated,-site_id' })).ids).toEqual([3, 1, 4, 2]);
  });

  it('pages with limit and offset while X-Total-Count counts every match', async () => {
    const { mock, token } = await fourSites();
    const first = await listSites(mock, token, { limit: '2' });
    expect([first.ids, first.total]).toEqual([[1, 2], '4']);
    const second = await listSites(mock, token, { limit: '2', offset: '2' });
    expect([second.ids, second.total]).toEqual([[3, 4], '4']);
    const beyond = await listSites(mock, token, { offset: '10' });
    expect([beyond.ids, beyond.total]).toEqual([[], '4']);
    const filtered = await listSites(mock, token, {
      filter: 'name:like:*a*',
      sort: '-site_id',
      limit: '1',
      offset: '1',
    });
    expect([filtered.ids, filtered.total]).toEqual([[3], '4']);
  });

  it('answers 400 naming sort for an unknown sort field', async () => {
    const { mock, token } = await dealerAppMock();
    const page = await listSites(mock, token, { sort: 'name,-colour' });
    expect(page.status).toBe(400);
    expect(page.body.error).toMatchObject({ code: 'invalid_request', field: 'sort' });
    expect(page.body.error.message).toContain('colour');
  });

  it('answers 400 naming limit when it is out of range', async () => {
    const { mock, token } = await dealerAppMock();
    for (const limit of ['0', '1001', 'ten']) {
      const page = await listSites(mock, token, { limit });
      expect(page.status).toBe(400);
      expect(page.body.error.field).toBe('limit');
    }
  });
});

describe('list fields', () => {
  it('returns only the named fields plus the id, plain or table-qualified', async () => {
    const { mock, token } = await fourSites();
    const plain = await listSites(mock, token, { fields: 'name,is_activated', limit: '1' });
    expect(plain.body).toEqual([{ site_id: 1, name: 'Alpha Tower', is_activated: 1 }]);
    const qualified = await listSites(mock, token, { fields: 'sites.external_site_id', limit: '1' });
    expect(qualified.body).toEqual([{ site_id: 1, external_site_id: 's-1' }]);
    expect(mock.violations).toEqual([]);
  });

  it('answers 400 naming fields for an unknown field or another table', async () => {
    const { mock, token } = await dealerAppMock();
    for (const fields of ['name,colour', 'devices.name']) {
      const page = await listSites(mock, token, { fields });
      expect(page.status).toBe(400);
      expect(page.body.error).toMatchObject({ code: 'invalid_request', field: 'fields' });
    }
  });

  it('still answers 500 when a projected item has a field of the wrong type', async () => {
    // The partial-items allowance of `x-partial-with-fields` must not hide wrong field types.
    const { mock, token } = await fourSites();
    mock.context.store.sqlite.pragma('ignore_check_constraints = ON');
    mock.context.store.sqlite.prepare('UPDATE sites SET is_activated = 7 WHERE site_id = 1').run();
    const page = await listSites(mock, token, { fields: 'is_activated' });
    expect(page.status).toBe(500);
    expect(mock.violations).toHaveLength(1);
  });
});

describe('every list takes the list parameters', () => {
  it('filters, sorts and projects monitoring stations, devices and contacts', async () => {
    const { mock, token } = await dealerAppMock();
    await createStation(mock, token, { external_monitoring_station_id: 'ms-a', name: 'North' });
    await createStation(mock, token, { external_monitoring_station_id: 'ms-b', name: 'South', prefix: 'S' });
    const site = await createSite(mock, token);
    const base = `${sitesPath()}/${site.site_id}`;
    await call(mock, 'POST', `${base}/devices`, {
      token,
      body: [
        { external_device_id: 'd-1', device_type: 'camera', zone_number: '001' },
        { external_device_id: 'd-2', device_type: 'bridge', zone_number: '002' },
        { external_device_id: 'd-3', device_type: 'camera', zone_number: '003' },
      ],
    });
    for (const [id, last] of [
      ['c-1', 'Doe'],
      ['c-2', 'Roe'],
    ]) {
      await call(mock, 'POST', `${base}/contacts`, {
        token,
        body: { external_contact_id: id, first_name: 'Jo', last_name: last },
      });
    }

    const stations = await call(mock, 'GET', `${stationsPath()}?filter=prefix:null:false&fields=name`, {
      token,
    });
    expect(stations.body).toEqual([{ monitoring_station_id: 2, name: 'South' }]);
    const devices = await call(
      mock,
      'GET',
      `${base}/devices?filter=device_type:eq:camera&sort=-zone_number&fields=devices.zone_number&limit=1`,
      { token },
    );
    expect(devices.body).toEqual([{ device_id: 3, zone_number: '003' }]);
    expect(devices.headers.get('x-total-count')).toBe('2');
    const contacts = await call(mock, 'GET', `${base}/contacts?filter=last_name:like:r*&fields=last_name`, {
      token,
    });
    expect(contacts.body).toEqual([{ contact_id: 2, last_name: 'Roe' }]);
    const bad = await call(mock, 'GET', `${base}/devices?filter=colour:eq:red`, { token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_filter');
    expect(mock.violations).toEqual([]);
  });
});
