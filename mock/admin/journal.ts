import type { JournalEntry } from '../../spec/admin-types.ts';
import { isoAt } from '../clock.ts';
import type { RequestOutcome } from '../http/pipeline.ts';

/** What the journal can be filtered by. */
export interface JournalFilter {
  trace_id?: string;
  client_id?: string;
  dealer_id?: number;
  operation_id?: string;
  limit?: number;
}

/**
 * The request journal: the most recent requests the mock answered, in memory, bounded. It keeps no
 * headers, bodies or query strings, and masks credentials carried in a path, so secrets and tokens
 * never land in it.
 */
export class Journal {
  private entries: JournalEntry[] = [];

  constructor(private readonly capacity: number) {}

  /** Records an answered request (the pipeline's completion hook). */
  record(outcome: RequestOutcome): void {
    this.entries.push({
      request_id: outcome.requestId,
      at: isoAt(outcome.at),
      method: outcome.method,
      path: maskCredentials(outcome.path),
      operation_id: outcome.operationId,
      status: outcome.status,
      latency_ms: Math.round(outcome.latencyMs * 1000) / 1000,
      client_id: outcome.clientId,
      dealer_id: outcome.dealerId,
      trace_id: outcome.traceId,
      verdict: outcome.faultId ? 'fault' : outcome.verdict,
      violations: outcome.violations.map(({ field, message }) => ({ field, message })),
      fault_id: outcome.faultId,
    });
    // Trim in batches, so recording stays O(1) amortised.
    if (this.entries.length > this.capacity * 1.25) this.entries = this.entries.slice(-this.capacity);
  }

  /** Matching entries, oldest first, at most `limit` (the most recent ones). */
  list(filter: JournalFilter = {}): JournalEntry[] {
    const matching = this.entries
      .slice(-this.capacity)
      .filter(
        (e) =>
          (filter.trace_id === undefined || e.trace_id === filter.trace_id) &&
          (filter.client_id === undefined || e.client_id === filter.client_id) &&
          (filter.dealer_id === undefined || e.dealer_id === filter.dealer_id) &&
          (filter.operation_id === undefined || e.operation_id === filter.operation_id),
      );
    return matching.slice(-(filter.limit ?? 1000));
  }

  /** Forgets everything. */
  clear(): void {
    this.entries = [];
  }
}

/** A media upload URL is its own credential (like a presigned URL): its upload id is not recorded. */
const UPLOAD_PATH = /^(\/partner\/v1\/media-uploads\/)[^/]+$/;

/** The path with any credential it carries replaced by a placeholder. */
function maskCredentials(path: string): string {
  return path.replace(UPLOAD_PATH, '$1upl_[redacted]');
}
