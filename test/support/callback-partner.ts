import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { sha256 } from '../../mock/auth/client-auth.ts';
import type { RunningMock } from '../../mock/server.ts';

const receivers: { close(): void }[] = [];
afterEach(() => {
  for (const receiver of receivers.splice(0)) receiver.close();
});

/** A Platform partner registered for one test, whose redirect URI is a real local receiver. */
export interface CallbackPartner {
  client_id: string;
  client_secret: string;
  redirectUri: string;
  /** Every URL the receiver was called with, e.g. the authorize redirect with its code. */
  seen: URL[];
}

/**
 * Starts a callback receiver on 127.0.0.1 (closed after the test) and registers a Platform partner
 * that redirects to it, for flows where something follows the authorize redirect (a browser, a proxy).
 */
export async function callbackPartner(
  mock: RunningMock,
  clientId = 'callback-partner',
): Promise<CallbackPartner> {
  const seen: URL[] = [];
  const receiver = createServer((req, res) => {
    seen.push(new URL(req.url ?? '/', 'http://127.0.0.1'));
    res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Back at the partner</h1>');
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  receivers.push(receiver);
  const redirectUri = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/callback`;
  const client_secret = `${clientId}-secret`;
  mock.context.store.insertClient({
    client_id: clientId,
    name: 'Callback Test Partner',
    kind: 'platform',
    dealer_id: null,
    secret_sha256: sha256(client_secret),
    public_jwks: [],
    redirect_uris: [redirectUri],
    scopes: [...mock.context.partnerScopes],
    rate_tier: 'custom',
    rate_limit_per_minute: null,
    rate_limit_burst: null,
    created_at: '2026-01-01T00:00:00.000Z',
  });
  return { client_id: clientId, client_secret, redirectUri, seen };
}
