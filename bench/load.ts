import autocannon from 'autocannon';
import { cpuMs } from './processes.ts';

/** One kind of request to load a server with. */
export interface LoadRequest {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** How hard and how long to load. */
export interface LoadShape {
  connections: number;
  /** Seconds of load whose answers are discarded (JIT, caches, connection set-up). */
  warmupSeconds: number;
  /** Seconds of measured load. */
  durationSeconds: number;
}

/** What one measured load run gave. */
export interface LoadResult {
  /** 2xx answers per second over the measured window. */
  rps: number;
  /** Latency percentiles of the 2xx answers, in ms (exact, from every sample, sub-ms resolution). */
  p50: number;
  p99: number;
  ok: number;
  /** Non-2xx answers plus connection errors and timeouts. */
  failed: number;
  /** The status codes seen that were not 2xx, with their counts, e.g. `401x3`. */
  failures: string;
  seconds: number;
  /**
   * CPU time the server process spent per 2xx answer in the measured window, in µs (user + system,
   * 10 ms tick resolution over the window). Unlike req/s, it hardly moves when other work shares the
   * machine: the cost of an answer, whoever else runs.
   */
  cpuUsPerRequest: number | null;
}

/**
 * Loads `base` + `request.path` with autocannon: a warm-up run (thrown away), then the measured
 * run. Latencies come from autocannon's per-response event, kept whole (its own histogram has a
 * 1 ms resolution, too coarse for sub-millisecond answers).
 */
export async function load(
  base: string,
  request: LoadRequest,
  shape: LoadShape,
  serverPid?: number,
): Promise<LoadResult> {
  if (shape.warmupSeconds > 0) await once(base, request, shape.connections, shape.warmupSeconds, false);
  const cpuBefore = serverPid === undefined ? null : cpuMs(serverPid);
  const result = await once(base, request, shape.connections, shape.durationSeconds, true);
  const cpuAfter = serverPid === undefined ? null : cpuMs(serverPid);
  if (cpuBefore !== null && cpuAfter !== null && result.ok > 0) {
    result.cpuUsPerRequest = ((cpuAfter - cpuBefore) * 1000) / result.ok;
  }
  return result;
}

function once(
  base: string,
  request: LoadRequest,
  connections: number,
  seconds: number,
  record: boolean,
): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    const started = process.hrtime.bigint();
    const options: autocannon.Options = {
      url: `${base}${request.path}`,
      connections,
      duration: seconds,
      method: request.method,
      timeout: 10,
      ...(request.headers ? { headers: request.headers } : {}),
      ...(request.body !== undefined ? { body: request.body } : {}),
    };
    const instance = autocannon(options, (error, result) => {
      if (error) return reject(error);
      const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
      const window = result.duration > 0 ? result.duration : elapsed;
      latencies.sort((a, b) => a - b);
      let failedStatus = 0;
      const failures: string[] = [];
      for (const [status, count] of [...statuses].sort((a, b) => a[0] - b[0])) {
        if (status < 200 || status > 299) {
          failedStatus += count;
          failures.push(`${status}x${count}`);
        }
      }
      const transport = result.errors + result.timeouts;
      if (transport > 0) failures.push(`errors x${result.errors}, timeouts x${result.timeouts}`);
      resolve({
        rps: latencies.length / window,
        p50: percentile(latencies, 0.5),
        p99: percentile(latencies, 0.99),
        ok: latencies.length,
        failed: failedStatus + transport,
        failures: failures.join(' '),
        seconds: window,
        cpuUsPerRequest: null,
      });
    });
    if (record) {
      instance.on('response', (_client, statusCode, _bytes, responseTime) => {
        statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
        if (statusCode >= 200 && statusCode <= 299) latencies.push(responseTime);
      });
    }
  });
}

/** The nearest-rank percentile of sorted samples (NaN when there are none). */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}
