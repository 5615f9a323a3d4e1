import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS } from '../../mock/demo-world.ts';
import { callbackPartner } from '../support/callback-partner.ts';
import { freshMock, pkce } from '../support/mock.ts';
import { freePort, startNode, waitForHttp } from '../support/processes.ts';

// Stoplight Prism, as `prism proxy --errors`, sits between a client and the mock and checks every
// request and response against the spec independently of our own validator. A response that breaks
// the spec becomes a 500 listing the violations, and Prism logs each one.

const receivers: { close(): void }[] = [];
afterEach(() => {
  for (const receiver of receivers.splice(0)) receiver.close();
});

async function proxiedMock(upstreamUrl?: string) {
  const mock = await freshMock();
  const port = await freePort();
  const prism = startNode([
    'node_modules/@stoplight/prism-cli/dist/index.js',
    'proxy',
    '--errors',
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    'spec/partner-api.yaml',
    upstreamUrl ?? mock.url,
  ]);
  await prism.waitForOutput(/Prism is listening/, 30_000);
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/.well-known/jwks.json`);
  const send = async (
    method: string,
    path: string,
    init: { token?: string; json?: unknown; form?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let body: string | null = null;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    } else if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(`${base}${path}`, { method, headers, body, redirect: 'manual' });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
  const fetchText = async (path: string) => {
    const response = await fetch(`${base}${path}`, { headers: { accept: 'text/html' } });
    return { status: response.status, body: await response.text() };
  };
  const violationsLogged = () =>
    prism
      .output()
      .split('\n')
      .filter((line) => /violation/i.test(line));
  return { mock, send, fetchText, violationsLogged, prism };
}

describe('conformance of the mock, judged by prism proxy --errors', () => {
  it('serves the whole Dealer app flow with zero violations', async () => {
    const { send, violationsLogged, mock } = await proxiedMock();
    const { client_id, client_secret } = DEMO_CREDENTIALS.dealerApp;
    const token = await send('POST', '/oauth/token', {
      form: { grant_type: 'client_credentials', client_id, client_secret },
    });
    expect(token.status).toBe(200);
    const access = token.body.access_token as string;
    expect((await send('GET', '/partner/v1/dealers/1001', { token: access })).status).toBe(200);
    const patched = await send('PATCH', '/partner/v1/dealers/1001', {
      token: access,
      json: { company_email: 'new@acme.test' },
    });
    expect(patched.status).toBe(200);
    expect((await send('GET', '/partner/v1/dealers/1002', { token: access })).status).toBe(403);
    expect((await send('GET', '/partner/v1/dealers/1001')).status).toBe(401);
    expect(violationsLogged()).toEqual([]);
    expect(mock.violations).toEqual([]);
  });

  it('serves the whole Platform partner flow with zero violations', async () => {
    const { send, fetchText, violationsLogged, mock } = await proxiedMock();
    const { client_id, client_secret, redirectUri, seen } = await callbackPartner(mock); // prism proxy follows redirects, so the redirect must land somewhere real
    const { verifier, challenge } = pkce();
    const query = new URLSearchParams({
      response_type: 'code',
      client_id,
      redirect_uri: redirectUri,
      scope: 'offline_access read:dealer',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'st',
      login_hint: 'admin@acme.test',
      prompt: 'none',
    });
    const callback = await fetchText(`/oauth/authorize?${query}`);
    expect(callback.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.searchParams.get('state')).toBe('st');
    const code = seen[0]?.searchParams.get('code') as string;
    const exchanged = await send('POST', '/oauth/token', {
      form: {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: verifier,
        client_id,
        client_secret,
      },
    });
    expect(exchanged.status).toBe(200);
    const connected = await send('PUT', '/partner/v1/dealers/connect', {
      token: exchanged.body.access_token,
      json: { external_dealer_id: 'ext-1001', company_name: 'Acme Security' },
    });
    expect(connected.status).toBe(200);

    const cc = await send('POST', '/oauth/token', {
      form: { grant_type: 'client_credentials', client_id, client_secret },
    });
    const token = cc.body.access_token as string;
    expect((await send('GET', '/partner/v1/dealers/1001', { token })).status).toBe(200);
    expect((await send('PUT', '/partner/v1/dealers/1001/disconnect', { token })).status).toBe(200);
    const after = await send('GET', '/partner/v1/dealers/1001', { token });
    expect(after.status).toBe(403);
    expect(after.body.error.code).toBe('dealer_not_connected');
    expect(violationsLogged()).toEqual([]);
    expect(mock.violations).toEqual([]);
  });

  it('would catch a violation: a wrong upstream answer is turned into a 500 and logged', async () => {
    const liar = createServer((_req, res) => {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ dealer_id: 'not-a-number' }));
    });
    liar.listen(0, '127.0.0.1');
    await once(liar, 'listening');
    receivers.push(liar);
    const { send, violationsLogged } = await proxiedMock(
      `http://127.0.0.1:${(liar.address() as AddressInfo).port}`,
    );
    const response = await send('GET', '/partner/v1/dealers/1001', { token: 'anything' });
    expect(response.status).toBe(500);
    expect(violationsLogged().length).toBeGreaterThan(0);
  });
});
