import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockClock } from '../../mock/clock.ts';
import type { RunningMock } from '../../mock/server.ts';
import { launchChromium } from '../support/browser.ts';
import { callbackPartner } from '../support/callback-partner.ts';
import { call, freshMock, pkce } from '../support/mock.ts';

// A person clicks through the sign-in page in a real browser; the redirect lands on a local
// callback receiver, and the code it carries is exchanged like a partner's backend would.

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

function authorizeUrl(mock: RunningMock, redirectUri: string, challenge: string): string {
  return `${mock.url}/oauth/authorize?${new URLSearchParams({
    response_type: 'code',
    client_id: 'callback-partner',
    redirect_uri: redirectUri,
    scope: 'read:dealer',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'browser-state',
  })}`;
}

describe('the sign-in and consent page in Chromium', () => {
  it('lets a person pick the dealer admin, allow, and land on the callback with a working code', async () => {
    const mock = await freshMock({ clock: new MockClock() });
    const partner = await callbackPartner(mock);
    const page = await browser.newPage();
    try {
      const { verifier, challenge } = pkce();
      await page.goto(authorizeUrl(mock, partner.redirectUri, challenge));
      expect(await page.title()).toContain('Sign in');
      expect(await page.textContent('body')).toContain('Callback Test Partner');
      await page.getByLabel(/Bea Admin/).check();
      await page.getByRole('button', { name: 'Allow' }).click();
      await page.waitForURL(/\/callback\?/);
      const landed = new URL(page.url());
      expect(landed.searchParams.get('state')).toBe('browser-state');
      expect(await page.textContent('h1')).toBe('Back at the partner');

      const exchanged = await call(mock, 'POST', '/oauth/token', {
        form: {
          grant_type: 'authorization_code',
          code: landed.searchParams.get('code') as string,
          redirect_uri: partner.redirectUri,
          code_verifier: verifier,
          client_id: partner.client_id,
          client_secret: partner.client_secret,
        },
      });
      expect(exchanged.status).toBe(200);
      const connected = await call(mock, 'PUT', '/partner/v1/dealers/connect', {
        token: exchanged.body.access_token,
        body: { external_dealer_id: 'from-the-browser', company_name: 'Beacon Alarm' },
      });
      expect(connected.body).toMatchObject({ dealer_id: 1002, external_dealer_id: 'from-the-browser' });
    } finally {
      await page.close();
    }
  });

  it('sends the person back with access_denied when they deny', async () => {
    const mock = await freshMock({ clock: new MockClock() });
    const partner = await callbackPartner(mock);
    const page = await browser.newPage();
    try {
      await page.goto(authorizeUrl(mock, partner.redirectUri, pkce().challenge));
      await page.getByRole('button', { name: 'Deny' }).click();
      await page.waitForURL(/\/callback\?/);
      expect(new URL(page.url()).searchParams.get('error')).toBe('access_denied');
    } finally {
      await page.close();
    }
  });
});
