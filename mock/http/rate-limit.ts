import { type Clock, epochSeconds } from '../clock.ts';
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

interface Window {
  start: number;
  count: number;
}

/** The `X-RateLimit-*` headers of one response. */
export type RateLimitHeaders = Record<
  'X-RateLimit-Limit' | 'X-RateLimit-Remaining' | 'X-RateLimit-Reset',
  string
>;

/**
 * Fixed one-minute and one-second windows per caller, on the mock's clock. `take` counts a request
 * and returns its headers, or throws 429 `rate_limited` with `Retry-After` when a window is full.
 */
export class RateLimiter {
  private readonly minutes = new Map<string, Window>();
  private readonly seconds = new Map<string, Window>();

  constructor(
    private readonly clock: Clock,
    private mode: RateLimitMode,
  ) {}

  /** Switches enforcement on or off. */
  setMode(mode: RateLimitMode): void {
    this.mode = mode;
  }

  /** Forgets every window (after a reset of the mock's state or clock). */
  clear(): void {
    this.minutes.clear();
    this.seconds.clear();
  }

  take(key: string, limit: RateLimit): RateLimitHeaders {
    const now = this.clock.now();
    const minute = current(this.minutes, key, now, 60_000);
    const second = current(this.seconds, key, now, 1_000);
    const headers = (remaining: number): RateLimitHeaders => ({
      'X-RateLimit-Limit': String(limit.perMinute),
      'X-RateLimit-Remaining': String(Math.max(0, remaining)),
      'X-RateLimit-Reset': String(epochSeconds(minute.start + 60_000)),
    });
    if (this.mode === 'enforce') {
      const full = minute.count >= limit.perMinute ? minute : second.count >= limit.perSecond ? second : null;
      if (full) {
        const windowMs = full === minute ? 60_000 : 1_000;
        const retryAfter = Math.max(1, Math.ceil((full.start + windowMs - now) / 1000));
        const which =
          full === minute ? `${limit.perMinute} requests per minute` : `${limit.perSecond} per second`;
        throw new MockError(
          429,
          'rate_limited',
          `Rate limit of ${which} exceeded; retry after ${retryAfter} s.`,
          {
            headers: { ...headers(limit.perMinute - minute.count), 'Retry-After': String(retryAfter) },
          },
        );
      }
    }
    minute.count += 1;
    second.count += 1;
    return headers(limit.perMinute - minute.count);
  }
}

function current(windows: Map<string, Window>, key: string, now: number, size: number): Window {
  let window = windows.get(key);
  const start = now - (now % size);
  if (!window || window.start !== start) {
    window = { start, count: 0 };
    windows.set(key, window);
  }
  return window;
}
