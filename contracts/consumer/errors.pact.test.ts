import { MatchersV3 } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';
import {
  apiHeaders,
  CONSUMERS,
  clientAt,
  errorBody,
  JSON_RESPONSE,
  pactFor,
  writeHeaders,
} from './support.ts';

const { regex, string } = MatchersV3;

// The error answers a Dealer app client must handle: each one turns into a PartnerApiError with the
// status, the code and what to do next (a new token, a wait of Retry-After seconds).
const DEALER_APP = 'dealer-app-demo';
const pact = pactFor(CONSUMERS.dealerApp);

describe('error answers the reference client handles', () => {
  it('drops its cached token on 401 invalid_token', async () => {
    pact
      .given("the caller's access token has expired")
      .uponReceiving('a request with an expired access token')
      .withRequest({ method: 'GET', path: '/partner/v1/dealers/1001', headers: apiHeaders() })
      .willRespondWith({
        status: 401,
        headers: {
          ...JSON_RESPONSE,
          'WWW-Authenticate': regex(
            '^Bearer .*invalid_token.*$',
            'Bearer realm="chekt", error="invalid_token"',
          ),
        },
        body: errorBody('invalid_token', 'The access token expired.'),
      });
    await pact.executeTest(async (server) => {
      let dropped = 0;
      const client = clientAt(server.url, DEALER_APP, {
        accessToken: async () => 'expired',
        invalidate: () => void dropped++,
      });
      await expect(client.getDealer(1001)).rejects.toMatchObject({ status: 401, code: 'invalid_token' });
      expect(dropped).toBe(1);
    });
  });

  it('reports 403 dealer_out_of_scope for another dealer', async () => {
    pact
      .given('the sandbox holds the demo world')
      .uponReceiving('a request for a dealer the app is not installed on')
      .withRequest({ method: 'GET', path: '/partner/v1/dealers/1002', headers: apiHeaders() })
      .willRespondWith({
        status: 403,
        headers: JSON_RESPONSE,
        body: errorBody('dealer_out_of_scope', 'This app may only access dealer 1001.'),
      });
    await pact.executeTest(async (server) => {
      await expect(clientAt(server.url, DEALER_APP).getDealer(1002)).rejects.toMatchObject({
        status: 403,
        code: 'dealer_out_of_scope',
      });
    });
  });

  it('reports 403 permission_denied when the token lacks a scope', async () => {
    pact
      .given("the caller's access token lacks the scope create:sites")
      .uponReceiving('a site creation with a token without create:sites')
      .withRequest({
        method: 'POST',
        path: '/partner/v1/dealers/1001/sites',
        headers: writeHeaders(),
        body: { external_site_id: 'hq-2', name: 'Second HQ', timezone: 'America/New_York' },
      })
      .willRespondWith({
        status: 403,
        headers: JSON_RESPONSE,
        body: errorBody('permission_denied', 'This operation requires the scope create:sites.'),
      });
    await pact.executeTest(async (server) => {
      await expect(
        clientAt(server.url, DEALER_APP).createSite(1001, {
          external_site_id: 'hq-2',
          name: 'Second HQ',
          timezone: 'America/New_York',
        }),
      ).rejects.toMatchObject({ status: 403, code: 'permission_denied' });
    });
  });

  it('reports 404 site_not_found for a site that does not exist', async () => {
    pact
      .given('the sandbox holds the demo world')
      .uponReceiving('a request for a site that does not exist')
      .withRequest({ method: 'GET', path: '/partner/v1/dealers/1001/sites/999999', headers: apiHeaders() })
      .willRespondWith({
        status: 404,
        headers: JSON_RESPONSE,
        body: errorBody('site_not_found', 'Dealer 1001 has no site 999999.', 'siteId'),
      });
    await pact.executeTest(async (server) => {
      await expect(clientAt(server.url, DEALER_APP).getSite(1001, 999999)).rejects.toMatchObject({
        status: 404,
        code: 'site_not_found',
      });
    });
  });

  it('reports 409 external_id_conflict for a site id already in use', async () => {
    pact
      .given('dealer 1001 has a site site-1')
      .uponReceiving('a site creation with an external id already in use')
      .withRequest({
        method: 'POST',
        path: '/partner/v1/dealers/1001/sites',
        headers: writeHeaders(),
        body: { external_site_id: 'site-1', name: 'Duplicate', timezone: 'America/New_York' },
      })
      .willRespondWith({
        status: 409,
        headers: JSON_RESPONSE,
        body: errorBody('external_id_conflict', 'Dealer 1001 already has a site site-1.', 'external_site_id'),
      });
    await pact.executeTest(async (server) => {
      await expect(
        clientAt(server.url, DEALER_APP).createSite(1001, {
          external_site_id: 'site-1',
          name: 'Duplicate',
          timezone: 'America/New_York',
        }),
      ).rejects.toMatchObject({ status: 409, code: 'external_id_conflict' });
    });
  });

  it('reports 429 rate_limited with the Retry-After to honour', async () => {
    pact
      .given('dealer-app-demo has used up its rate limit')
      .uponReceiving('a request past the rate limit')
      .withRequest({ method: 'GET', path: '/partner/v1/dealers/1001/sites', headers: apiHeaders() })
      .willRespondWith({
        status: 429,
        headers: { ...JSON_RESPONSE, 'Retry-After': regex('^\\d+$', '1') },
        body: errorBody('rate_limited', 'Rate limit of 30 requests per second exceeded; retry in 1 s.'),
      });
    await pact.executeTest(async (server) => {
      await expect(clientAt(server.url, DEALER_APP).listSites(1001)).rejects.toMatchObject({
        status: 429,
        code: 'rate_limited',
        retryAfterSeconds: 1,
      });
      expect(string).toBeDefined();
    });
  });
});
