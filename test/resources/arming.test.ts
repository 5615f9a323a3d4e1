import { describe, expect, it } from 'vitest';
import { call } from '../support/mock.ts';
import { createSite, dealerAppMock, describeDealerScope, sitesPath } from './support.ts';

describe('arming settings', () => {
  it('starts a new site at security type 1 and changes it', async () => {
    const { mock, token } = await dealerAppMock();
    const site = await createSite(mock, token);
    const path = `${sitesPath()}/${site.site_id}/arming-settings`;
    const initial = await call(mock, 'GET', path, { token });
    expect(initial.status).toBe(200);
    expect(initial.body).toEqual({
      site_id: site.site_id,
      external_site_id: 'site-1',
      name: 'Gangnam Headquarters',
      security_type: 1,
    });
    const changed = await call(mock, 'PATCH', path, { token, body: { security_type: 3 } });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ ...initial.body, security_type: 3 });
    expect((await call(mock, 'GET', path, { token })).body.security_type).toBe(3);
    expect(mock.violations).toEqual([]);
  });

  it('publishes arming_settings.updated', async () => {
    const { mock, token } = await dealerAppMock();
    const site = await createSite(mock, token);
    const types: string[] = [];
    mock.context.events.subscribe((event) => types.push(event.type));
    await call(mock, 'PATCH', `${sitesPath()}/${site.site_id}/arming-settings`, {
      token,
      body: { security_type: 4 },
    });
    expect(types).toEqual(['arming_settings.updated']);
  });

  it('answers 400 naming security_type when it is not 1-4', async () => {
    const { mock, token } = await dealerAppMock();
    const site = await createSite(mock, token);
    const response = await call(mock, 'PATCH', `${sitesPath()}/${site.site_id}/arming-settings`, {
      token,
      body: { security_type: 5 },
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'invalid_request', field: 'security_type' });
  });

  it('answers 404 site_not_found for an unknown site', async () => {
    const { mock, token } = await dealerAppMock();
    const response = await call(mock, 'GET', `${sitesPath()}/999/arming-settings`, { token });
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({ code: 'site_not_found', field: 'siteId' });
    expect(mock.violations).toEqual([]);
  });
});

describeDealerScope('getArmingSettings', 'GET', (dealerId) => `${sitesPath(dealerId)}/1/arming-settings`);
describeDealerScope(
  'updateArmingSettings',
  'PATCH',
  (dealerId) => `${sitesPath(dealerId)}/1/arming-settings`,
  {
    security_type: 2,
  },
);
