import { generateKeyPairSync } from 'node:crypto';
import { MatchersV3 } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';
import { ReferenceClient } from '../client/index.ts';
import { dealerBody, siteBody } from './bodies.ts';
import {
  apiHeaders,
  CONSUMERS,
  clientAt,
  EXAMPLE_TOKEN,
  errorBody,
  JSON_RESPONSE,
  PLACEHOLDER_SECRET,
  pactFor,
  timestamp,
  writeHeaders,
} from './support.ts';

const { integer, regex, string } = MatchersV3;

// The Platform partner flow of the reference client, as platform-demo: a token by signed assertion,
// the code exchange after a dealer admin approved, connect, acting on the connected dealer, disconnect.
const PLATFORM = 'platform-demo';
const REDIRECT_URI = 'http://127.0.0.1:8765/callback';
const pact = pactFor(CONSUMERS.platform);
// The consumer side signs with a throwaway key: the verifier re-signs with the sandbox's demo key.
const throwawayKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const tokenBody = {
  access_token: string('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwbGF0Zm9ybS1kZW1vIn0.sig'),
  token_type: 'Bearer',
  expires_in: integer(3600),
  scope: string('read:dealer'),
};

describe('Platform partner flow of the reference client', () => {
  it('gets a client-credentials token with a signed assertion (private_key_jwt)', async () => {
    pact
      .given('the sandbox holds the demo world')
      .uponReceiving('a client-credentials token request with a client assertion')
      .withRequest({
        method: 'POST',
        path: '/oauth/token',
        contentType: 'application/x-www-form-urlencoded',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: {
          grant_type: 'client_credentials',
          client_id: PLATFORM,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: regex(
            '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$',
            'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJwbGF0Zm9ybS1kZW1vIn0.c2ln',
          ),
        },
      })
      .willRespondWith({
        status: 200,
        headers: { ...JSON_RESPONSE, 'Cache-Control': 'no-store' },
        body: tokenBody,
      });
    await pact.executeTest(async (server) => {
      const client = new ReferenceClient({
        baseUrl: server.url,
        credentials: {
          method: 'private_key_jwt',
          clientId: PLATFORM,
          privateKey: throwawayKey,
          keyId: 'platform-demo-key-1',
        },
        retry: { maxAttempts: 1 },
      });
      expect(await client.accessToken()).toMatch(/^eyJ/);
    });
  });

  it('exchanges the code of an approving dealer admin and connects the dealer', async () => {
    pact
      .given('dealer admin admin@acme.test has approved platform-demo')
      .uponReceiving('an authorization-code exchange with PKCE')
      .withRequest({
        method: 'POST',
        path: '/oauth/token',
        contentType: 'application/x-www-form-urlencoded',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: {
          grant_type: 'authorization_code',
          code: 'ac_code-from-the-redirect',
          redirect_uri: REDIRECT_URI,
          code_verifier: 'NxEUCBxDgpvPH8iAOpgJgGgWHzQGLmPmpLx-lxlM0UA',
          client_id: PLATFORM,
          client_secret: PLACEHOLDER_SECRET,
        },
      })
      .willRespondWith({
        status: 200,
        headers: { ...JSON_RESPONSE, 'Cache-Control': 'no-store' },
        body: { ...tokenBody, refresh_token: string('rt_UGskDmR60G595N63g7SnLg4Em9b5s6M2') },
      })
      .given('dealer admin admin@acme.test has approved platform-demo')
      .uponReceiving("a connect of the admin's dealer under ext-1001")
      .withRequest({
        method: 'PUT',
        path: '/partner/v1/dealers/connect',
        headers: writeHeaders(),
        body: { external_dealer_id: 'ext-1001', company_name: 'Acme Security' },
      })
      .willRespondWith({ status: 200, headers: JSON_RESPONSE, body: dealerBody(1001, 'ext-1001') });
    await pact.executeTest(async (server) => {
      const client = clientAt(server.url, PLATFORM);
      const user = await client.exchangeCode({
        code: 'ac_code-from-the-redirect',
        redirectUri: REDIRECT_URI,
        codeVerifier: 'NxEUCBxDgpvPH8iAOpgJgGgWHzQGLmPmpLx-lxlM0UA',
      });
      const dealer = await client.connectDealer(user.access_token, {
        external_dealer_id: 'ext-1001',
        company_name: 'Acme Security',
      });
      expect(dealer.external_dealer_id).toBe('ext-1001');
    });
  });

  it('acts on a connected dealer', async () => {
    pact
      .given('dealer 1001 is connected to platform-demo as ext-1001')
      .uponReceiving('a request for a connected dealer')
      .withRequest({ method: 'GET', path: '/partner/v1/dealers/1001', headers: apiHeaders() })
      .willRespondWith({ status: 200, headers: JSON_RESPONSE, body: dealerBody(1001, 'ext-1001') })
      .given('dealer 1001 is connected to platform-demo as ext-1001')
      .uponReceiving('a request to create a site for a connected dealer')
      .withRequest({
        method: 'POST',
        path: '/partner/v1/dealers/1001/sites',
        headers: writeHeaders(),
        body: { external_site_id: 'branch-7', name: 'Branch 7', timezone: 'America/New_York' },
      })
      .willRespondWith({ status: 201, headers: JSON_RESPONSE, body: siteBody('branch-7', 'Branch 7') });
    await pact.executeTest(async (server) => {
      const client = clientAt(server.url, PLATFORM);
      expect((await client.getDealer(1001)).external_dealer_id).toBe('ext-1001');
      expect(
        (
          await client.createSite(1001, {
            external_site_id: 'branch-7',
            name: 'Branch 7',
            timezone: 'America/New_York',
          })
        ).name,
      ).toBe('Branch 7');
    });
  });

  it('disconnects a connected dealer', async () => {
    pact
      .given('dealer 1001 is connected to platform-demo as ext-1001')
      .uponReceiving('a request to disconnect a connected dealer')
      .withRequest({
        method: 'PUT',
        path: '/partner/v1/dealers/1001/disconnect',
        headers: writeHeaders(false),
      })
      .willRespondWith({
        status: 200,
        headers: JSON_RESPONSE,
        body: { dealer_id: 1001, external_dealer_id: 'ext-1001', disconnected_at: timestamp() },
      });
    await pact.executeTest(async (server) => {
      const disconnected = await clientAt(server.url, PLATFORM).disconnectDealer(1001);
      expect(disconnected.external_dealer_id).toBe('ext-1001');
    });
  });

  it('is told 403 dealer_not_connected for a dealer that never connected', async () => {
    pact
      .given('dealer 1002 is not connected to platform-demo')
      .uponReceiving('a request for a dealer that is not connected')
      .withRequest({ method: 'GET', path: '/partner/v1/dealers/1002', headers: apiHeaders() })
      .willRespondWith({
        status: 403,
        headers: JSON_RESPONSE,
        body: errorBody('dealer_not_connected', 'Dealer 1002 is not connected to this partner.'),
      });
    await pact.executeTest(async (server) => {
      await expect(clientAt(server.url, PLATFORM).getDealer(1002)).rejects.toMatchObject({
        status: 403,
        code: 'dealer_not_connected',
      });
    });
  });

  it('is told 409 dealer_already_connected when connecting a dealer again under another id', async () => {
    pact
      .given('dealer 1001 is connected to platform-demo as ext-1001')
      .given('dealer admin admin@acme.test has approved platform-demo')
      .uponReceiving('a connect of an already connected dealer under another id')
      .withRequest({
        method: 'PUT',
        path: '/partner/v1/dealers/connect',
        headers: writeHeaders(),
        body: { external_dealer_id: 'ext-other', company_name: 'Acme Security' },
      })
      .willRespondWith({
        status: 409,
        headers: JSON_RESPONSE,
        body: errorBody(
          'dealer_already_connected',
          'Dealer 1001 is already connected as ext-1001.',
          'external_dealer_id',
        ),
      });
    await pact.executeTest(async (server) => {
      await expect(
        clientAt(server.url, PLATFORM).connectDealer(EXAMPLE_TOKEN, {
          external_dealer_id: 'ext-other',
          company_name: 'Acme Security',
        }),
      ).rejects.toMatchObject({ status: 409, code: 'dealer_already_connected' });
    });
  });
});
