import { describe, expect, it } from 'vitest';
import { sha256 } from '../../mock/auth/client-auth.ts';
import type { RunningMock } from '../../mock/server.ts';
import type { RateTier } from '../../mock/store/types.ts';
import { call, clientToken, freshMock, T0 } from '../support/mock.ts';

/** Adds a Dealer app of dealer 1001 on a given tier and returns a token for it. */
async function appOnTier(
  mock: RunningMock,
  tier: RateTier,
  custom: { perMinute?: number; burst?: number } = {},
): Promise<string> {
  const clientId = `app-${tier}`;
  mock.context.store.insertClient({
    client_id: clientId,
    name: `App on ${tier}`,
    kind: 'dealer_app',
    dealer_id: 1001,
    secret_sha256: sha256('tier-test-secret'),
    public_jwks: [],
    redirect_uris: [],
    scopes: [...mock.context.partnerScopes],
    rate_tier: tier,
    rate_limit_per_minute: custom.perMinute ?? null,
    rate_limit_burst: custom.burst ?? null,
    created_at: new Date(T0).toISOString(),
  });
  const response = await call(mock, 'POST', '/oauth/token', {
    form: { grant_type: 'client_credentials', client_id: clientId, client_secret: 'tier-test-secret' },
  });
  return response.body.access_token;
}

function getDealer(mock: RunningMock, token: string) {
  return call(mock, 'GET', '/partner/v1/dealers/1001', { token });
}

describe('rate limits', () => {
  it('reports the per-minute ceiling, what is left and when the bucket is full again', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const first = await getDealer(mock, token);
    const second = await getDealer(mock, token);
    expect(first.headers.get('x-ratelimit-limit')).toBe('600');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('599');
    expect(second.headers.get('x-ratelimit-remaining')).toBe('598');
    // Pro refills 10 tokens a second: two taken are back within the next second.
    expect(second.headers.get('x-ratelimit-reset')).toBe(String(T0 / 1000 + 1));
  });

  it("uses a Platform partner's own ceiling", async () => {
    const mock = await freshMock();
    const token = await clientToken(mock, 'platform');
    const response = await call(mock, 'GET', '/partner/v1/webhooks', { token });
    expect(response.headers.get('x-ratelimit-limit')).toBe('6000');
  });

  it('answers 429 rate_limited with Retry-After past the burst of the free tier, and again after a second', async () => {
    const mock = await freshMock();
    const token = await appOnTier(mock, 'free');
    for (let i = 0; i < 5; i += 1) expect((await getDealer(mock, token)).status).toBe(200);
    const limited = await getDealer(mock, token);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('x-ratelimit-limit')).toBe('60');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('55');
    mock.context.clock.advance(1_000);
    expect((await getDealer(mock, token)).status).toBe(200);
    expect(mock.violations).toEqual([]);
  });

  it('answers 429 once the per-minute ceiling is used up, refilling it token by token', async () => {
    const mock = await freshMock();
    const token = await appOnTier(mock, 'custom', { perMinute: 10, burst: 20 });
    for (let i = 0; i < 10; i += 1) expect((await getDealer(mock, token)).status).toBe(200);
    const limited = await getDealer(mock, token);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    // One token every 6 s at 10 per minute.
    expect(limited.headers.get('retry-after')).toBe('6');
    expect(limited.headers.get('x-ratelimit-reset')).toBe(String(T0 / 1000 + 60));
    mock.context.clock.advance(6_000);
    expect((await getDealer(mock, token)).status).toBe(200);
    expect((await getDealer(mock, token)).status).toBe(429);
    mock.context.clock.advance(60_000);
    const refilled = await getDealer(mock, token);
    expect(refilled.status).toBe(200);
    expect(refilled.headers.get('x-ratelimit-remaining')).toBe('9');
    expect(mock.violations).toEqual([]);
  });

  it("never answers 429 in 'off' mode, and still reports the counts", async () => {
    const mock = await freshMock({ rateLimits: 'off' });
    const token = await appOnTier(mock, 'free');
    const statuses: number[] = [];
    let last = await getDealer(mock, token);
    statuses.push(last.status);
    for (let i = 0; i < 69; i += 1) {
      last = await getDealer(mock, token);
      statuses.push(last.status);
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(last.headers.get('x-ratelimit-limit')).toBe('60');
    expect(last.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('counts each client on its own', async () => {
    const mock = await freshMock();
    const limited = await appOnTier(mock, 'free');
    for (let i = 0; i < 6; i += 1) await getDealer(mock, limited);
    const other = await clientToken(mock);
    expect((await getDealer(mock, other)).status).toBe(200);
  });
});
