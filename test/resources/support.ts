import { describe, expect, it } from 'vitest';
import type { RunningMock } from '../../mock/server.ts';
import { call, clientToken, connect, freshMock } from '../support/mock.ts';

/** The demo Dealer app's own dealer, and a dealer it cannot reach. */
export const OWN_DEALER = 1001;
export const OTHER_DEALER = 1002;

/** The sites collection of a dealer. */
export function sitesPath(dealerId: number = OWN_DEALER): string {
  return `/partner/v1/dealers/${dealerId}/sites`;
}

/** The monitoring stations collection of a dealer. */
export function stationsPath(dealerId: number = OWN_DEALER): string {
  return `/partner/v1/dealers/${dealerId}/monitoring-stations`;
}

/** A fresh mock (rate limits off: these tests make many calls on a frozen clock) and a Dealer app token. */
export async function dealerAppMock(): Promise<{ mock: RunningMock; token: string }> {
  const mock = await freshMock({ rateLimits: 'off' });
  return { mock, token: await clientToken(mock, 'dealerApp') };
}

/** Creates a site through the API and returns its body; fails the test on anything but 201. */
export async function createSite(
  mock: RunningMock,
  token: string,
  overrides: Record<string, unknown> = {},
  dealerId: number = OWN_DEALER,
) {
  const response = await call(mock, 'POST', sitesPath(dealerId), {
    token,
    body: { external_site_id: 'site-1', name: 'Gangnam Headquarters', timezone: 'Asia/Seoul', ...overrides },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** Creates a monitoring station through the API and returns its body. */
export async function createStation(
  mock: RunningMock,
  token: string,
  overrides: Record<string, unknown> = {},
  dealerId: number = OWN_DEALER,
) {
  const response = await call(mock, 'POST', stationsPath(dealerId), {
    token,
    body: { external_monitoring_station_id: 'ms-1', name: 'CHeKT Central Station', ...overrides },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/**
 * The dealer-scope rules for one operation: a Dealer app on another dealer is 403
 * `dealer_out_of_scope`; a Platform partner on a dealer never connected, or since disconnected, is
 * 403 `dealer_not_connected`. `pathOn` builds the operation's path on a dealer.
 */
export function describeDealerScope(
  operation: string,
  method: string,
  pathOn: (dealerId: number) => string,
  body?: unknown,
): void {
  const request = (token: string) => (body === undefined ? { token } : { token, body });
  describe(`${operation} dealer scope`, () => {
    it('answers 403 dealer_out_of_scope to a Dealer app on another dealer', async () => {
      const mock = await freshMock();
      const token = await clientToken(mock, 'dealerApp');
      const response = await call(mock, method, pathOn(OTHER_DEALER), request(token));
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('dealer_out_of_scope');
      expect(mock.violations).toEqual([]);
    });

    it('answers 403 dealer_not_connected to a Platform partner on a dealer never connected', async () => {
      const mock = await freshMock();
      const token = await clientToken(mock, 'platform');
      const response = await call(mock, method, pathOn(OWN_DEALER), request(token));
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('dealer_not_connected');
    });

    it('answers 403 dealer_not_connected to a Platform partner on a disconnected dealer', async () => {
      const mock = await freshMock();
      await connect(mock, 'admin@acme.test', 'ext-1001');
      const token = await clientToken(mock, 'platform');
      const disconnected = await call(mock, 'PUT', `/partner/v1/dealers/${OWN_DEALER}/disconnect`, { token });
      expect(disconnected.status).toBe(200);
      const response = await call(mock, method, pathOn(OWN_DEALER), request(token));
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('dealer_not_connected');
    });
  });
}
