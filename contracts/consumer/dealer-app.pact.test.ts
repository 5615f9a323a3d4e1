import { MatchersV3 } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';
import { contactBody, dealerBody, deviceBody, siteBody, stationBody } from './bodies.ts';
import {
  apiHeaders,
  CONSUMERS,
  clientAt,
  JSON_RESPONSE,
  PLACEHOLDER_SECRET,
  pactFor,
  ref,
  timestamp,
  writeHeaders,
} from './support.ts';

const { eachLike, fromProviderState, integer, regex, string, like } = MatchersV3;

// The Dealer app flow of the reference client, as dealer-app-demo (installed on dealer 1001): get a
// token, read the dealer, manage sites, devices, contacts, stations and arming, send an event,
// register a webhook.
const DEALER_APP = 'dealer-app-demo';
const pact = pactFor(CONSUMERS.dealerApp);
const sitePath = (suffix = '') =>
  fromProviderState(
    `/partner/v1/dealers/1001/sites/\${siteId}${suffix}`,
    `/partner/v1/dealers/1001/sites/1${suffix}`,
  );

describe('Dealer app flow of the reference client', () => {
  it('gets a client-credentials token once (client_secret_post) and reuses it while it is fresh', async () => {
    pact
      .uponReceiving('a client-credentials token request with client_secret_post')
      .withRequest({
        method: 'POST',
        path: '/oauth/token',
        contentType: 'application/x-www-form-urlencoded',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: { grant_type: 'client_credentials', client_id: DEALER_APP, client_secret: PLACEHOLDER_SECRET },
      })
      .willRespondWith({
        status: 200,
        headers: { ...JSON_RESPONSE, 'Cache-Control': 'no-store' },
        body: {
          access_token: string('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJkZWFsZXItYXBwLWRlbW8ifQ.sig'),
          token_type: 'Bearer',
          expires_in: integer(3600),
          scope: string('read:dealer read:sites'),
        },
      })
      .given('the sandbox holds the demo world')
      .uponReceiving('a request for the dealer the app is installed on')
      .withRequest({ method: 'GET', path: '/partner/v1/dealers/1001', headers: apiHeaders() })
      .willRespondWith({ status: 200, headers: JSON_RESPONSE, body: dealerBody(1001, null) });
    await pact.executeTest(async (server) => {
      const client = clientAt(server.url, DEALER_APP, null);
      const first = await client.getDealer(1001);
      const second = await client.getDealer(1001);
      expect(first.external_dealer_id).toBeNull();
      expect(second.dealer_id).toBe(1001);
    });
  });

  it('lists the sites of its dealer with their total count', async () => {
    pact
      .given('dealer 1001 has a site site-1')
      .uponReceiving('a request for the sites of dealer 1001')
      .withRequest({ method: 'GET', path: '/partner/v1/dealers/1001/sites', headers: apiHeaders() })
      .willRespondWith({
        status: 200,
        headers: { ...JSON_RESPONSE, 'X-Total-Count': regex(/^\d+$/.source, '1') },
        body: eachLike(siteBody('site-1', 'Site site-1')),
      });
    await pact.executeTest(async (server) => {
      const page = await clientAt(server.url, DEALER_APP).listSites(1001);
      expect(page.totalCount).toBe(1);
      expect(page.items[0]?.external_site_id).toBe('site-1');
    });
  });

  it('creates a site', async () => {
    pact
      .given('the sandbox holds the demo world')
      .uponReceiving('a request to create site hq-1 for dealer 1001')
      .withRequest({
        method: 'POST',
        path: '/partner/v1/dealers/1001/sites',
        headers: writeHeaders(),
        body: { external_site_id: 'hq-1', name: 'Headquarters', timezone: 'America/New_York' },
      })
      .willRespondWith({ status: 201, headers: JSON_RESPONSE, body: siteBody('hq-1', 'Headquarters') });
    await pact.executeTest(async (server) => {
      const site = await clientAt(server.url, DEALER_APP).createSite(1001, {
        external_site_id: 'hq-1',
        name: 'Headquarters',
        timezone: 'America/New_York',
      });
      expect(site.is_activated).toBe(0);
    });
  });

  it('activates a site', async () => {
    pact
      .given('dealer 1001 has a site site-1')
      .uponReceiving('a request to activate a site of dealer 1001')
      .withRequest({ method: 'PATCH', path: sitePath(), headers: writeHeaders(), body: { is_activated: 1 } })
      .willRespondWith({
        status: 200,
        headers: JSON_RESPONSE,
        body: { ...siteBody('site-1', 'Site site-1', fromProviderState(ref('siteId'), 1)), is_activated: 1 },
      });
    await pact.executeTest(async (server) => {
      const site = await clientAt(server.url, DEALER_APP).updateSite(1001, 1, { is_activated: 1 });
      expect(site.is_activated).toBe(1);
    });
  });

  it('adds a camera to a site and lists the devices', async () => {
    pact
      .given('dealer 1001 has a site site-1')
      .uponReceiving('a request to create one camera on a site of dealer 1001')
      .withRequest({
        method: 'POST',
        path: sitePath('/devices'),
        headers: writeHeaders(),
        body: [
          { external_device_id: 'cam-1', device_type: 'camera', zone_number: '001', name: 'Front Door' },
        ],
      })
      .willRespondWith({
        status: 201,
        headers: JSON_RESPONSE,
        body: {
          success_count: 1,
          failure_count: 0,
          results: [
            {
              index: 0,
              is_successful: true,
              device_id: integer(1),
              external_device_id: 'cam-1',
              device: deviceBody('cam-1', fromProviderState(ref('siteId'), 1)),
              error: null,
            },
          ],
        },
      })
      .given('site site-1 of dealer 1001 has a camera cam-1')
      .uponReceiving('a request for the devices of a site of dealer 1001')
      .withRequest({ method: 'GET', path: sitePath('/devices'), headers: apiHeaders() })
      .willRespondWith({
        status: 200,
        headers: { ...JSON_RESPONSE, 'X-Total-Count': regex(/^\d+$/.source, '1') },
        body: eachLike(deviceBody('cam-1')),
      });
    await pact.executeTest(async (server) => {
      const client = clientAt(server.url, DEALER_APP);
      const created = await client.createDevices(1001, 1, [
        { external_device_id: 'cam-1', device_type: 'camera', zone_number: '001', name: 'Front Door' },
      ]);
      expect(created.failure_count).toBe(0);
      const devices = await client.listDevices(1001, 1);
      expect(devices.items.map((d) => d.external_device_id)).toEqual(['cam-1']);
    });
  });

  it('adds a contact to a site', async () => {
    pact
      .given('dealer 1001 has a site site-1')
      .uponReceiving('a request to create a contact on a site of dealer 1001')
      .withRequest({
        method: 'POST',
        path: sitePath('/contacts'),
        headers: writeHeaders(),
        body: {
          external_contact_id: 'contact-1',
          first_name: 'Jane',
          last_name: 'Doe',
          phone_number: '+1-555-0100',
        },
      })
      .willRespondWith({
        status: 201,
        headers: JSON_RESPONSE,
        body: contactBody('contact-1', fromProviderState(ref('siteId'), 1)),
      });
    await pact.executeTest(async (server) => {
      const contact = await clientAt(server.url, DEALER_APP).createContact(1001, 1, {
        external_contact_id: 'contact-1',
        first_name: 'Jane',
        last_name: 'Doe',
        phone_number: '+1-555-0100',
      });
      expect(contact.email).toBeNull();
    });
  });

  it('creates a monitoring station', async () => {
    pact
      .given('the sandbox holds the demo world')
      .uponReceiving('a request to create monitoring station cms-1 for dealer 1001')
      .withRequest({
        method: 'POST',
        path: '/partner/v1/dealers/1001/monitoring-stations',
        headers: writeHeaders(),
        body: { external_monitoring_station_id: 'cms-1', name: 'Central Station', prefix: 'CH' },
      })
      .willRespondWith({ status: 201, headers: JSON_RESPONSE, body: stationBody('cms-1') });
    await pact.executeTest(async (server) => {
      const station = await clientAt(server.url, DEALER_APP).createMonitoringStation(1001, {
        external_monitoring_station_id: 'cms-1',
        name: 'Central Station',
        prefix: 'CH',
      });
      expect(station.prefix).toBe('CH');
    });
  });

  it('reads and changes the arming settings of a site', async () => {
    const armingBody = (securityType: number) => ({
      site_id: fromProviderState(ref('siteId'), 1),
      external_site_id: 'site-1',
      name: string('Site site-1'),
      security_type: securityType,
    });
    pact
      .given('dealer 1001 has a site site-1')
      .uponReceiving('a request for the arming settings of a site of dealer 1001')
      .withRequest({ method: 'GET', path: sitePath('/arming-settings'), headers: apiHeaders() })
      .willRespondWith({
        status: 200,
        headers: JSON_RESPONSE,
        body: { ...armingBody(1), security_type: integer(1) },
      })
      .given('dealer 1001 has a site site-1')
      .uponReceiving('a request to switch a site of dealer 1001 to the CHeKT video security system')
      .withRequest({
        method: 'PATCH',
        path: sitePath('/arming-settings'),
        headers: writeHeaders(),
        body: { security_type: 3 },
      })
      .willRespondWith({ status: 200, headers: JSON_RESPONSE, body: armingBody(3) });
    await pact.executeTest(async (server) => {
      const client = clientAt(server.url, DEALER_APP);
      expect((await client.getArmingSettings(1001, 1)).security_type).toBe(1);
      expect((await client.updateArmingSettings(1001, 1, { security_type: 3 })).security_type).toBe(3);
    });
  });

  it('sends an alarm event', async () => {
    const event = {
      dealer_id: 1001,
      event_id: 'evt-1',
      event_type: 'alarm' as const,
      event_status: 'active' as const,
      event_time: '2026-01-15T09:59:00.000Z',
      description: 'Motion at the front door',
    };
    pact
      .given('the sandbox holds the demo world')
      .uponReceiving('an alarm event of dealer 1001')
      .withRequest({ method: 'POST', path: '/partner/v1/events', headers: writeHeaders(), body: event })
      .willRespondWith({
        status: 201,
        headers: JSON_RESPONSE,
        body: { event_id: 'evt-1', dealer_id: 1001, site_id: null, received_at: timestamp(), uploads: [] },
      });
    await pact.executeTest(async (server) => {
      const accepted = await clientAt(server.url, DEALER_APP).createEvent(event);
      expect(accepted.uploads).toEqual([]);
    });
  });

  it('registers, lists and deletes a webhook', async () => {
    const webhook = {
      webhook_id: regex(/^wh_[A-Za-z0-9]+$/.source, 'wh_abc123'),
      url: 'https://partner.example.com/chekt/hooks',
      events: ['site.created', 'device.created'],
      status: 'active',
      created_at: timestamp(),
    };
    pact
      .given('the sandbox holds the demo world')
      .uponReceiving('a request to register a webhook')
      .withRequest({
        method: 'POST',
        path: '/partner/v1/webhooks',
        headers: writeHeaders(),
        body: {
          url: 'https://partner.example.com/chekt/hooks',
          events: ['site.created', 'device.created'],
          secret: 'a-webhook-secret-of-32-characters',
        },
      })
      .willRespondWith({ status: 201, headers: JSON_RESPONSE, body: webhook })
      .given('dealer-app-demo has a webhook for https://partner.example.com/chekt/hooks')
      .uponReceiving('a request for the webhooks of the client')
      .withRequest({ method: 'GET', path: '/partner/v1/webhooks', headers: apiHeaders() })
      .willRespondWith({ status: 200, headers: JSON_RESPONSE, body: eachLike(webhook) })
      .given('dealer-app-demo has a webhook for https://partner.example.com/chekt/hooks')
      .uponReceiving('a request to delete a webhook')
      .withRequest({
        method: 'DELETE',
        path: fromProviderState(`/partner/v1/webhooks/${ref('webhookId')}`, '/partner/v1/webhooks/wh_abc123'),
        headers: apiHeaders(),
      })
      .willRespondWith({ status: 204 });
    await pact.executeTest(async (server) => {
      const client = clientAt(server.url, DEALER_APP);
      const created = await client.createWebhook({
        url: 'https://partner.example.com/chekt/hooks',
        events: ['site.created', 'device.created'],
        secret: 'a-webhook-secret-of-32-characters',
      });
      const listed = await client.listWebhooks();
      expect(listed.map((w) => w.webhook_id)).toContain(created.webhook_id);
      await client.deleteWebhook('wh_abc123');
      expect(like).toBeDefined();
    });
  });
});
