import type { LoadResult } from './load.ts';

/** One measured row of the table. */
export interface Row {
  scenario: string;
  server: string;
  result: LoadResult;
  /** Resident memory of the server right after this load, MB. */
  rssMb: number | null;
  /** Spawn to first 2xx of a real call, ms (median of the samples). */
  startMs: number | null;
}

/** A target of the issue, checked against a number of this run. */
export interface Target {
  name: string;
  pass: boolean;
  /** The number, as measured, with its unit, e.g. `3.1x` or `4.2 ms`. */
  measured: string;
}

const fmt = (value: number | null | undefined, digits: number): string =>
  value === null || value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits);

/** A markdown table (also readable as plain text in a terminal). */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** A ratio of ours to another server on one scenario. */
export interface Ratio {
  label: string;
  ours: Row;
  other: Row | undefined;
}

/** The main table: per scenario, one row per server, then its ratio rows (ours / other). */
export function resultsTable(groups: { rows: Row[]; ratios: Ratio[] }[]): string {
  const header = [
    'scenario',
    'server',
    'req/s',
    'p50 ms',
    'p99 ms',
    'errors/non-2xx',
    'RSS MB',
    'start ms',
    'CPU µs/req',
  ];
  const body: string[][] = [];
  const times = (a: number | null, b: number | null | undefined) =>
    a === null || b === null || b === undefined ? '–' : `${fmt(a / b, 2)}x`;
  for (const group of groups) {
    for (const row of group.rows) {
      body.push([
        row.scenario,
        row.server,
        fmt(row.result.rps, 0),
        fmt(row.result.p50, 2),
        fmt(row.result.p99, 2),
        row.result.failed === 0 ? '0' : `${row.result.failed} (${row.result.failures})`,
        fmt(row.rssMb, 0),
        fmt(row.startMs, 0),
        fmt(row.result.cpuUsPerRequest, 0),
      ]);
    }
    for (const { label, ours, other } of group.ratios) {
      body.push([
        ours.scenario,
        label,
        times(ours.result.rps, other?.result.rps),
        times(ours.result.p50, other?.result.p50),
        times(ours.result.p99, other?.result.p99),
        '',
        times(ours.rssMb, other?.rssMb),
        times(ours.startMs, other?.startMs),
        times(ours.result.cpuUsPerRequest, other?.result.cpuUsPerRequest),
      ]);
    }
  }
  return markdownTable(header, body);
}

/** The targets as a table: PASS or MISS, with the number. */
export function targetsTable(targets: Target[]): string {
  return markdownTable(
    ['target', 'verdict', 'measured'],
    targets.map((t) => [t.name, t.pass ? 'PASS' : 'MISS', t.measured]),
  );
}

export { fmt };
