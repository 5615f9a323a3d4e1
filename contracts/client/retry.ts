/** When and how long the reference client waits before repeating a call that failed transiently. */
export interface RetryPolicy {
  /** Attempts in total, the first one included (1 = never retry). */
  maxAttempts: number;
  /** Delay before the first retry; doubles on each further retry. */
  baseDelayMs: number;
  /** Longest wait between two attempts, `Retry-After` included. */
  maxDelayMs: number;
}

/** The default: up to 4 attempts, 250 ms, 500 ms, 1 s apart (or what `Retry-After` says, up to 30 s). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 30_000 };

/** Statuses worth repeating: rate limiting and server-side failures. */
export function isRetryable(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * How long to wait before the attempt after `attempt` (1-based): the server's `Retry-After` (seconds or
 * an HTTP date) when it sent one, otherwise exponential backoff with full jitter.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  retryAfter: string | null,
  now: number,
  random: () => number = Math.random,
): number {
  const fromHeader = parseRetryAfter(retryAfter, now);
  if (fromHeader !== null) return Math.min(policy.maxDelayMs, fromHeader);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** `Retry-After` in milliseconds, or null when absent or unreadable (RFC 9110 section 10.2.3). */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** What a retrying fetch needs besides the policy; injectable so tests never sleep. */
export interface RetryEnvironment {
  fetch: (request: Request) => Promise<Response>;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** Told about every retry, e.g. for logging. */
  onRetry?: (info: { request: Request; status: number; attempt: number; delayMs: number }) => void;
}

/**
 * Wraps fetch so that 429 and 5xx answers are retried with backoff, honouring `Retry-After`. Each attempt
 * sends the same body and headers (such as `Idempotency-Key`) unchanged.
 */
export function retryingFetch(
  policy: RetryPolicy,
  env: RetryEnvironment,
): (request: Request) => Promise<Response> {
  return async (request) => {
    // Buffer the body once: every attempt then sends it with a Content-Length, where a cloned
    // stream would go out chunked (which some servers and proxies handle poorly).
    const body = request.body === null ? null : await request.arrayBuffer();
    for (let attempt = 1; ; attempt++) {
      const response = await env.fetch(new Request(request, { body }));
      if (!isRetryable(response.status) || attempt >= policy.maxAttempts) return response;
      const delayMs = retryDelayMs(policy, attempt, response.headers.get('retry-after'), env.now());
      await response.body?.cancel();
      env.onRetry?.({ request, status: response.status, attempt, delayMs });
      await env.sleep(delayMs);
    }
  };
}
