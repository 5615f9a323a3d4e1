import { describe, expect, it } from 'vitest';
import { ReferenceClient } from '../../contracts/client/index.ts';
import { parseRetryAfter, retryDelayMs } from '../../contracts/client/retry.ts';
import { createAdminClient } from '../../spec/admin-client.ts';
import { freshMock, T0 } from '../support/mock.ts';

/** A reference client on a mock that records each request it sends and each wait it makes. */
async function recordedClient(options: { now?: () => number } = {}) {
  const mock = await freshMock();
  const sent: Request[] = [];
  const waits: number[] = [];
  const client = new ReferenceClient({
    baseUrl: mock.url,
    credentials: {
      method: 'client_secret_post',
      clientId: 'dealer-app-demo',
      clientSecret: 'dealer-app-demo-secret',
    },
    fetch: (request) => {
      sent.push(request.clone());
      return fetch(request);
    },
    sleep: async (ms) => {
      waits.push(ms);
    },
    now: options.now ?? (() => T0),
  });
  return { mock, client, sent, waits, admin: createAdminClient(mock.url) };
}

const tokenRequests = (sent: Request[]) => sent.filter((r) => new URL(r.url).pathname === '/oauth/token');

describe('the reference client', () => {
  it('caches its token and renews it a minute before it expires', async () => {
    let now = T0;
    const { client, sent } = await recordedClient({ now: () => now });
    await client.getDealer(1001);
    now += 3540_000 - 1;
    await client.getDealer(1001);
    expect(tokenRequests(sent)).toHaveLength(1);
    now += 1;
    await client.getDealer(1001);
    expect(tokenRequests(sent)).toHaveLength(2);
  });

  it('sends a trace id on every call, the token request included', async () => {
    const { client, sent } = await recordedClient();
    await client.listSites(1001);
    expect(sent).toHaveLength(2);
    for (const request of sent) expect(request.headers.get('x-partner-trace-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('retries a 429 after the Retry-After the API sent', async () => {
    const { client, sent, waits, admin } = await recordedClient();
    await admin.POST('/__mock/faults', { body: { operation_id: 'listSites', status: 429, count: 1 } });
    const page = await client.listSites(1001);
    expect(page.items).toEqual([]);
    expect(waits).toEqual([1000]);
    expect(sent.filter((r) => r.url.endsWith('/sites'))).toHaveLength(2);
  });

  it('retries 5xx with backoff, resending a create with the same Idempotency-Key', async () => {
    const { client, sent, waits, admin } = await recordedClient();
    await admin.POST('/__mock/faults', { body: { operation_id: 'createSite', status: 503, count: 2 } });
    const site = await client.createSite(1001, {
      external_site_id: 'retry-1',
      name: 'Retried',
      timezone: 'UTC',
    });
    expect(site.external_site_id).toBe('retry-1');
    const creates = sent.filter((r) => r.method === 'POST' && r.url.endsWith('/sites'));
    expect(creates).toHaveLength(3);
    expect(new Set(creates.map((r) => r.headers.get('idempotency-key'))).size).toBe(1);
    expect(waits).toHaveLength(2);
    expect(waits[1]).toBeGreaterThan(waits[0] as number);
  });

  it('gives up after its last attempt and throws the API error', async () => {
    const { client, admin } = await recordedClient();
    await admin.POST('/__mock/faults', { body: { operation_id: 'getDealer', status: 500, count: 10 } });
    await expect(client.getDealer(1001)).rejects.toMatchObject({ status: 500, code: 'injected_fault' });
  });

  it('throws 403 dealer_out_of_scope with the request id and the trace id it sent', async () => {
    const { client } = await recordedClient();
    const error = await client.getDealer(1002).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, code: 'dealer_out_of_scope' });
    expect((error as { requestId: string }).requestId).toMatch(/^req_/);
    expect((error as { traceId: string }).traceId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
    expect(retryDelayMs({ maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 5000 }, 3, '60', 0)).toBe(5000);
  });
});
