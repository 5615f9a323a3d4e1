import { describe, expect, it } from 'vitest';
import { call } from '../support/mock.ts';
import { createSite, dealerAppMock, sitesPath } from './support.ts';

// X-Total-Count is remembered per filter until the next write; these show it follows every write.

describe('X-Total-Count of a list', () => {
  it('follows creates, updates and deletes between identical list calls', async () => {
    const { mock, token } = await dealerAppMock();
    const total = async () => {
      const response = await call(mock, 'GET', `${sitesPath()}?filter=timezone:eq:Asia/Seoul&limit=1`, {
        token,
      });
      return Number(response.headers.get('x-total-count'));
    };
    const first = await createSite(mock, token, { external_site_id: 'a' });
    await createSite(mock, token, { external_site_id: 'b' });
    expect(await total()).toBe(2);
    expect(await total()).toBe(2);
    await createSite(mock, token, { external_site_id: 'c' });
    expect(await total()).toBe(3);
    await call(mock, 'PATCH', `${sitesPath()}/${first.site_id}`, { token, body: { timezone: 'UTC' } });
    expect(await total()).toBe(2);
    await call(mock, 'DELETE', `${sitesPath()}/${first.site_id}`, { token });
    expect(await total()).toBe(2);
    const [remaining] = (await call(mock, 'GET', `${sitesPath()}?filter=timezone:eq:Asia/Seoul`, { token }))
      .body;
    await call(mock, 'DELETE', `${sitesPath()}/${remaining.site_id}`, { token });
    expect(await total()).toBe(1);
  });

  it('does not carry a count over a reset of the world', async () => {
    const { mock, token } = await dealerAppMock();
    await createSite(mock, token, { external_site_id: 'a' });
    const before = await call(mock, 'GET', sitesPath(), { token });
    expect(before.headers.get('x-total-count')).toBe('1');
    await fetch(`${mock.url}/__mock/reset`, { method: 'POST' });
    const after = await call(mock, 'GET', sitesPath(), { token });
    expect(after.headers.get('x-total-count')).toBe('0');
  });
});
