import type { Clock } from '../clock.ts';
import { MockError } from '../errors.ts';
import type { ClientRecord, RateTier } from '../store/types.ts';

/** Whether the mock answers 429 past a limit, or only reports the counts in headers. */
export type RateLimitMode = 'enforce' | 'off';

/** Sustained requests per minute and burst requests per second. */
export interface RateLimit {
  perMinute: number;
  perSecond: number;
}

/** The documented Dealer app tiers (docs: /docs/rate-limits). */
export const RATE_TIERS: Readonly<Record<Exclude<RateTier, 'custom'>, RateLimit>> = {
  free: { perMinute: 60, perSecond: 5 },
  pro: { perMinute: 600, perSecond: 30 },
  enterprise: { perMinute: 3000, perSecond: 200 },
};

/** The limit of a client: its tier, or its own ceiling for a Platform partner on `custom`. */
export function limitOf(client: ClientRecord | null): RateLimit {
  if (client === null) return RATE_TIERS.free;
  if (client.rate_tier !== 'custom') return RATE_TIERS[client.rate_tier];
  return {
    perMinute: client.rate_limit_per_minute ?? RATE_TIERS.enterprise.perMinute,
    perSecond: client.rate_limit_burst ?? RATE_TIERS.enterprise.perSecond,
  };
}

/** A token bucket: `tokens` as of `at` (epoch ms on the mock's clock). */
interface Bucket {
  tokens: number;
  at: number;
}

/** The `X-RateLimit-*` headers of one response. */
export type RateLimitHeaders = Record<
  'X-RateLimit-Limit' | 'X-RateLimit-Remaining' | 'X-RateLimit-Reset',
  string
>;

/** Tolerance for float drift in token arithmetic (a token is 1). */
const EPSILON = 1e-9;

/**
 * Two token buckets per caller, on the mock's clock (docs: /docs/rate-limits, "token bucket per app
 * + separate burst allowance"; register A40):
 * - sustained: holds `perMinute` tokens and refills at `perMinute` per minute, continuously;
 * - burst: holds `perSecond` tokens and refills at `perSecond` per second.
 * Each request takes one token from both, so a client may burst `perSecond` requests at once and
 * `perMinute` within any minute, but no faster. Both apply to every Partner API request (the docs
 * tie the burst allowance to read-heavy endpoints without saying more; counting writes too is the
 * stricter reading). A refused request takes nothing.
 *
 * Headers: `X-RateLimit-Limit` = `perMinute`; `X-RateLimit-Remaining` = whole tokens left in the
 * sustained bucket; `X-RateLimit-Reset` = Unix second at which that bucket is full again. A 429
 * (`rate_limited`) adds `Retry-After`: whole seconds until both buckets hold a token.
 * In mode `off` the headers are reported the same way but nothing is refused.
 */
export class RateLimiter {
  private readonly sustained = new Map<string, Bucket>();
  private readonly burst = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock,
    private mode: RateLimitMode,
  ) {}

  /** Switches enforcement on or off. */
  setMode(mode: RateLimitMode): void {
    this.mode = mode;
  }

  /** Forgets every bucket (after a reset of the mock's state or clock): every caller starts full. */
  clear(): void {
    this.sustained.clear();
    this.burst.clear();
  }

  /** Counts one request of `key`; returns its headers, or throws 429 `rate_limited` past a limit. */
  take(key: string, limit: RateLimit): RateLimitHeaders {
    const now = this.clock.now();
    const perMsSustained = limit.perMinute / 60_000;
    const perMsBurst = limit.perSecond / 1_000;
    const sustained = refill(this.sustained, key, now, limit.perMinute, perMsSustained);
    const burst = refill(this.burst, key, now, limit.perSecond, perMsBurst);
    const headers = (): RateLimitHeaders => ({
      'X-RateLimit-Limit': String(limit.perMinute),
      'X-RateLimit-Remaining': String(Math.max(0, Math.floor(sustained.tokens + EPSILON))),
      'X-RateLimit-Reset': String(
        Math.ceil((now + Math.max(0, limit.perMinute - sustained.tokens) / perMsSustained) / 1000 - EPSILON),
      ),
    });
    const sustainedEmpty = sustained.tokens < 1 - EPSILON;
    const burstEmpty = burst.tokens < 1 - EPSILON;
    if (this.mode === 'enforce' && (sustainedEmpty || burstEmpty)) {
      const waitMs = Math.max(
        sustainedEmpty ? (1 - sustained.tokens) / perMsSustained : 0,
        burstEmpty ? (1 - burst.tokens) / perMsBurst : 0,
      );
      const retryAfter = Math.max(1, Math.ceil(waitMs / 1000 - EPSILON));
      const which = sustainedEmpty
        ? `${limit.perMinute} requests per minute`
        : `${limit.perSecond} requests per second`;
      throw new MockError(429, 'rate_limited', `Rate limit of ${which} exceeded; retry in ${retryAfter} s.`, {
        headers: { ...headers(), 'Retry-After': String(retryAfter) },
      });
    }
    sustained.tokens = Math.max(0, sustained.tokens - 1);
    burst.tokens = Math.max(0, burst.tokens - 1);
    return headers();
  }
}

/** The caller's bucket brought up to `now` (a new caller starts full; a clock moved back adds nothing). */
function refill(
  buckets: Map<string, Bucket>,
  key: string,
  now: number,
  capacity: number,
  perMs: number,
): Bucket {
  let bucket = buckets.get(key);
  if (!bucket) {
    bucket = { tokens: capacity, at: now };
    buckets.set(key, bucket);
  }
  bucket.tokens = Math.min(capacity, bucket.tokens + Math.max(0, now - bucket.at) * perMs);
  bucket.at = now;
  return bucket;
}
