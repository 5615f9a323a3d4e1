/** A source of the current time in epoch milliseconds; every time-based rule of the mock reads it. */
export interface Clock {
  now(): number;
}

/**
 * The mock's clock: wall time by default, which tests and the admin API can set, advance or freeze,
 * so that expiry and rate-limit windows are testable without sleeping.
 */
export class MockClock implements Clock {
  private offsetMs = 0;
  private frozenAt: number | null = null;

  /** Starts on wall time, or frozen at `frozenAt` (epoch ms) when given. */
  constructor(frozenAt?: number) {
    if (frozenAt !== undefined) this.frozenAt = frozenAt;
  }

  now(): number {
    return this.frozenAt ?? Date.now() + this.offsetMs;
  }

  /** Whether time stands still until `advance`, `set` or `unfreeze`. */
  get frozen(): boolean {
    return this.frozenAt !== null;
  }

  /** Jumps to `epochMs`; a frozen clock stays frozen there. */
  set(epochMs: number): void {
    if (this.frozenAt !== null) this.frozenAt = epochMs;
    else this.offsetMs = epochMs - Date.now();
  }

  /** Moves time forward (or back, with a negative value) by `ms`. */
  advance(ms: number): void {
    this.set(this.now() + ms);
  }

  /** Stops time at its current value. */
  freeze(): void {
    this.frozenAt = this.now();
  }

  /** Lets time run again from its current value. */
  unfreeze(): void {
    if (this.frozenAt === null) return;
    this.offsetMs = this.frozenAt - Date.now();
    this.frozenAt = null;
  }
}

/** ISO 8601 UTC with milliseconds, the Partner API's timestamp format. */
export function isoAt(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** Whole seconds since the epoch, as JWT and rate-limit headers use. */
export function epochSeconds(epochMs: number): number {
  return Math.floor(epochMs / 1000);
}
