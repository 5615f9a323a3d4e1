/**
 * `npm run bench`: our mock against Prism's mock and a bare express server, in one run, on
 * 127.0.0.1 only. See bench/README.md for what is measured and how; `--help` for the options.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type LoadRequest, type LoadShape, load } from './load.ts';
import {
  freePort,
  httpCall,
  killAll,
  residentMb,
  type ServerCommand,
  type ServerProcess,
  spawnServer,
  stopServer,
  waitUntil,
} from './processes.ts';
import { summariseProfiles } from './profile.ts';
import {
  fmt,
  markdownTable,
  type Ratio,
  type Row,
  resultsTable,
  type Target,
  targetsTable,
} from './report.ts';
import { growTables, type ScaleShape } from './scale-data.ts';
import {
  type Credentials,
  DEALER_ID,
  dealerAppToken,
  prepareOurs,
  SCENARIOS,
  type ScenarioName,
  scenarioRequests,
} from './scenarios.ts';

// --- options ------------------------------------------------------------------------------------

const HELP = `Usage: npm run bench -- [options]

  --quick               smoke run: short loads, a small scale world, one start sample; prints only
  --connections N       autocannon connections per load            (env BENCH_CONNECTIONS, default 10)
  --duration S          measured seconds per load                    (env BENCH_DURATION, default 5; quick 1.5)
  --warmup S            warm-up seconds before each load             (env BENCH_WARMUP, default 2; quick 0.5)
  --start-samples N     process starts measured per server (median)  (env BENCH_START_SAMPLES, default 3; quick 1)
  --scale-dealers N     dealers in the scale world                   (env BENCH_SCALE_DEALERS, default 10000; quick 1000)
  --scale-sites N       sites in the scale world                     (env BENCH_SCALE_SITES, default 100000; quick 10000)
  --hot-sites N         of which on the measured dealer              (env BENCH_HOT_SITES, default all of them)
  --skip-prism          leave Prism out (development only: its ratios become "–")
  --skip-scale          leave the scale measurement out
  --skip-build          do not run npm run build when dist/ is missing or older than the sources
  --profile NAME        profile ours (node --cpu-prof) on one scenario: dealer, sites, token, connect or list;
                        prints the top self-time functions and writes nothing else
  --out FILE            where to write the results        (default bench/results.md; --quick writes nothing)
  --time-limit S        hard limit for the whole run: every server is killed past it (default 420)
`;

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    connections: { type: 'string' },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    'start-samples': { type: 'string' },
    'scale-dealers': { type: 'string' },
    'scale-sites': { type: 'string' },
    'hot-sites': { type: 'string' },
    'skip-prism': { type: 'boolean' },
    'skip-scale': { type: 'boolean' },
    'skip-build': { type: 'boolean' },
    profile: { type: 'string' },
    out: { type: 'string' },
    'time-limit': { type: 'string' },
    help: { type: 'boolean' },
  },
  strict: true,
});
if (flags.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

function numberOption(flag: keyof typeof flags, env: string, normal: number, quick: number): number {
  const raw = flags[flag] ?? process.env[env];
  if (raw === undefined || raw === '' || typeof raw === 'boolean') return flags.quick ? quick : normal;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`--${flag} must be a non-negative number, got ${raw}`);
  return value;
}

const quick = flags.quick === true;
const shape: LoadShape = {
  connections: numberOption('connections', 'BENCH_CONNECTIONS', 10, 10),
  durationSeconds: numberOption('duration', 'BENCH_DURATION', 5, 1.5),
  warmupSeconds: numberOption('warmup', 'BENCH_WARMUP', 2, 0.5),
};
const startSamples = flags.profile
  ? 1
  : Math.max(1, Math.round(numberOption('start-samples', 'BENCH_START_SAMPLES', 3, 1)));
const scaleShape: ScaleShape = {
  dealers: numberOption('scale-dealers', 'BENCH_SCALE_DEALERS', 10_000, 1_000),
  sites: numberOption('scale-sites', 'BENCH_SCALE_SITES', 100_000, 10_000),
  hotSites: 0,
};
scaleShape.hotSites = Math.min(
  scaleShape.sites,
  numberOption('hot-sites', 'BENCH_HOT_SITES', scaleShape.sites, scaleShape.sites),
);
const timeLimitSeconds = numberOption('time-limit', 'BENCH_TIME_LIMIT', 420, 420);
const profileTarget = flags.profile;
if (profileTarget !== undefined && ![...SCENARIOS.map((s) => s.name), 'list'].includes(profileTarget)) {
  throw new Error(`--profile takes dealer, sites, token, connect or list, not ${profileTarget}`);
}
const outPath = flags.out ?? (quick || profileTarget ? null : 'bench/results.md');

// --- clean-up, whatever happens -----------------------------------------------------------------

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}
const watchdog = setTimeout(() => {
  process.stderr.write(`bench: past the ${timeLimitSeconds} s time limit; killing every server\n`);
  killAll();
  process.exit(1);
}, timeLimitSeconds * 1000);
watchdog.unref();

const loadAtStart = loadavg();
const logDir = mkdtempSync(join(tmpdir(), 'chekt-bench-'));
const log = (line: string) => process.stdout.write(`${line}\n`);

// --- the servers --------------------------------------------------------------------------------

type ServerKey = 'ours' | 'ours-tsx' | 'prism' | 'prism-quiet' | 'bare';

interface ServerSpec {
  key: ServerKey;
  label: string;
  /** False for a server whose start alone is measured. */
  loads: boolean;
  command(port: number): ServerCommand;
  /** One real call that answers 2xx once the server serves (ours: token, then dealer GET). */
  probe(port: number, firstStep?: () => void): () => Promise<boolean>;
}

const PRISM = 'node_modules/@stoplight/prism-cli/dist/index.js';
const SPEC = 'spec/partner-api.yaml';
const PROBE_AUTH = { authorization: 'Bearer start-probe' };
const dealerPath = `/partner/v1/dealers/${DEALER_ID}`;

/**
 * How ours runs: as \`npm start\` and the \`chekt-mock\` command run it, from the esbuild bundle in
 * dist/ — built first by \`npm run build\` (what \`npm start\` runs before it) when missing or older
 * than the sources — or, with --skip-build and no bundle, from the sources through tsx.
 */
function oursEntry(): { args: string[]; how: string } {
  const bundle = 'dist/cli.js';
  const newestSource = Math.max(
    ...['mock', 'spec', 'bin'].flatMap((dir) =>
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => statSync(join(entry.parentPath, entry.name)).mtimeMs),
    ),
    statSync('package.json').mtimeMs,
  );
  const fresh = () => existsSync(bundle) && statSync(bundle).mtimeMs >= newestSource;
  if (!fresh() && !flags['skip-build']) {
    log('building the bundle (npm run build), as npm start does');
    execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
  }
  if (existsSync(bundle)) {
    return {
      args: [bundle],
      how: `\`node ${bundle} serve\` (the esbuild bundle that \`npm start\` and \`chekt-mock\` run${fresh() ? '' : '; OLDER than the sources'})`,
    };
  }
  return {
    args: ['--import', 'tsx', 'mock/cli.ts'],
    how: '`node --import tsx mock/cli.ts serve` (no bundle in dist/)',
  };
}

let ours: { args: string[]; how: string } | undefined;
function oursArgs(port: number, profileDir?: string, entry?: string[]): string[] {
  ours ??= oursEntry();
  return [
    ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ...(entry ?? ours.args),
    'serve',
    '--state',
    ':memory:',
    '--port',
    String(port),
    '--rate-limits',
    'off',
  ];
}

const oursProbe = (port: number, firstStep?: () => void) => async () => {
  const token = await dealerAppToken(port).catch(() => null);
  if (token === null) return false;
  firstStep?.();
  const answer = await httpCall(port, 'GET', dealerPath, { headers: { authorization: `Bearer ${token}` } });
  return answer.status === 200;
};
const plainProbe = (port: number) => async () => {
  const answer = await httpCall(port, 'GET', dealerPath, { headers: PROBE_AUTH });
  return answer.status >= 200 && answer.status < 300;
};

function serverSpecs(profileDir?: string): ServerSpec[] {
  const specs: ServerSpec[] = [
    {
      key: 'ours',
      label: 'ours',
      loads: true,
      command: (port) => ({ name: 'ours', port, args: oursArgs(port, profileDir) }),
      probe: oursProbe,
    },
    {
      key: 'ours-tsx',
      label: 'ours from the sources (tsx)',
      loads: false,
      command: (port) => ({
        name: 'ours-tsx',
        port,
        args: oursArgs(port, undefined, ['--import', 'tsx', 'mock/cli.ts']),
      }),
      probe: oursProbe,
    },
    {
      key: 'bare',
      label: 'bare express',
      loads: true,
      command: (port) => ({
        name: 'bare',
        port,
        args: ['--import', 'tsx', 'bench/bare-server.ts', String(port)],
      }),
      probe: plainProbe,
    },
    {
      key: 'prism',
      label: 'Prism (default logging)',
      loads: true,
      command: (port) => ({
        name: 'prism',
        port,
        args: [PRISM, 'mock', '-h', '127.0.0.1', '-p', String(port), SPEC],
      }),
      probe: plainProbe,
    },
    {
      key: 'prism-quiet',
      label: 'Prism (-v error)',
      loads: true,
      command: (port) => ({
        name: 'prism-quiet',
        port,
        args: [PRISM, 'mock', '-h', '127.0.0.1', '-p', String(port), '-v', 'error', SPEC],
      }),
      probe: plainProbe,
    },
  ];
  if (profileDir) return specs.filter((s) => s.key === 'ours');
  return flags['skip-prism'] ? specs.filter((s) => !s.key.startsWith('prism')) : specs;
}

/** Starts a server `samples` times, measuring spawn to first 2xx each time; keeps the last one running. */
async function startMeasured(
  spec: ServerSpec,
  samples: number,
): Promise<{ server: ServerProcess; startsMs: number[]; stalled: number[]; firstStepMs: number[] }> {
  const startsMs: number[] = [];
  const stalled: number[] = [];
  const firstStepMs: number[] = [];
  for (let i = 0; ; i += 1) {
    const port = await freePort();
    const spawnedAt = process.hrtime.bigint();
    const server = spawnServer(spec.command(port), logDir);
    let firstStep: number | undefined;
    const mark = () => {
      firstStep ??= Number(process.hrtime.bigint() - spawnedAt) / 1e6;
    };
    const ready = await waitUntil(server, spawnedAt, spec.probe(port, mark));
    startsMs.push(ready.ms);
    stalled.push(ready.stalled);
    if (firstStep !== undefined) firstStepMs.push(firstStep);
    if (i + 1 >= samples) return { server, startsMs, stalled, firstStepMs };
    await stopServer(server);
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
};

// --- the load runs ------------------------------------------------------------------------------

interface ServerRun {
  spec: ServerSpec;
  startsMs: number[];
  /** Per start: probes the server accepted during its start and left unanswered. */
  stalled: number[];
  /** Ours: spawn to the first token (the first step of the start probe), per start. */
  firstStepMs: number[];
  rows: Map<ScenarioName, Row>;
}

async function loadServers(
  only?: ScenarioName,
  profileDir?: string,
): Promise<{ runs: ServerRun[]; credentials: Credentials }> {
  const runs: ServerRun[] = [];
  let credentials: Credentials | undefined;
  let requests: Record<ScenarioName, LoadRequest> | undefined;
  for (const spec of serverSpecs(profileDir)) {
    log(`\n${spec.label}: starting (${startSamples} sample${startSamples > 1 ? 's' : ''})`);
    const { server, startsMs, stalled, firstStepMs } = await startMeasured(spec, startSamples);
    log(
      `  start to first 2xx: ${startsMs.map((ms) => ms.toFixed(0)).join(', ')} ms; ` +
        `probes accepted but left unanswered: ${stalled.join(', ')}`,
    );
    const run: ServerRun = { spec, startsMs, stalled, firstStepMs, rows: new Map() };
    runs.push(run);
    if (!spec.loads) {
      await stopServer(server);
      continue;
    }
    try {
      if (spec.key === 'ours') {
        credentials = await prepareOurs(server.port);
        requests = scenarioRequests(credentials);
      }
      if (!requests) throw new Error('ours must run first: its tokens are what every server is sent');
      for (const scenario of SCENARIOS) {
        if (only && scenario.name !== only) continue;
        const result = await load(server.base, requests[scenario.name], shape, server.pid);
        const rssMb = residentMb(server.pid);
        run.rows.set(scenario.name, {
          scenario: scenario.label,
          server: spec.label,
          result,
          rssMb,
          startMs: median(startsMs),
        });
        log(
          `  ${scenario.name.padEnd(8)} ${fmt(result.rps, 0).padStart(6)} req/s  p50 ${fmt(result.p50, 2)} ms  ` +
            `p99 ${fmt(result.p99, 2)} ms  failed ${result.failed}${result.failures ? ` (${result.failures})` : ''}  ` +
            `RSS ${fmt(rssMb, 0)} MB`,
        );
      }
    } finally {
      await stopServer(server, profileDir ? 15_000 : 3000);
    }
  }
  if (!credentials) throw new Error('our mock did not run');
  return { runs, credentials };
}

// --- scale --------------------------------------------------------------------------------------

/**
 * The list queries of the scale measurement. The first is the one the target is about, loaded with
 * one connection (the query's own latency, as a test suite calling it in turn sees it) and with the
 * load's connections (where each answer also waits for the ones queued before it).
 */
const SCALE_QUERIES: {
  name: string;
  label: string;
  query: Record<string, string>;
  connections: 'one' | 'load';
}[] = [
  {
    name: 'list-filtered',
    label: 'filtered, sorted, paged list',
    query: {
      filter: 'is_activated:eq:1,timezone:eq:America/New_York',
      sort: '-created_at,name',
      limit: '50',
      offset: '100',
    },
    connections: 'one',
  },
  {
    name: 'list-filtered',
    label: 'filtered, sorted, paged list',
    query: {
      filter: 'is_activated:eq:1,timezone:eq:America/New_York',
      sort: '-created_at,name',
      limit: '50',
      offset: '100',
    },
    connections: 'load',
  },
  {
    name: 'list-contains',
    label: 'substring filter, by name (info)',
    query: { filter: 'name:like:*park*', sort: 'name', limit: '100', offset: '100' },
    connections: 'one',
  },
];

interface ScaleOutcome {
  route: string;
  loadMs: number;
  rssAfterLoadMb: number | null;
  rows: Row[];
  totals: Record<string, string>;
}

async function scale(profileDir?: string): Promise<ScaleOutcome> {
  log(
    `\nscale: ${scaleShape.dealers} dealers, ${scaleShape.sites} sites (${scaleShape.hotSites} on dealer ${DEALER_ID})`,
  );
  let port = await freePort();
  let server = spawnServer({ name: 'ours-scale', port, args: oursArgs(port, profileDir) }, logDir);
  let route: string;
  let loadMs: number;
  try {
    await waitUntil(server, process.hrtime.bigint(), oursProbe(port));
    const exported = await httpCall(port, 'GET', '/__mock/snapshot');
    if (exported.status !== 200) throw new Error(`GET /__mock/snapshot answered ${exported.status}`);
    const snapshot = JSON.parse(exported.body) as {
      schema_version: number;
      tables: Record<string, Record<string, unknown>[]>;
    };
    const body = JSON.stringify({
      schema_version: snapshot.schema_version,
      exported_at: new Date().toISOString(),
      tables: growTables(snapshot.tables, scaleShape, DEALER_ID),
    });
    const mb = (Buffer.byteLength(body) / 2 ** 20).toFixed(1);
    const started = performance.now();
    let refusal: string | null = null;
    try {
      const answer = await httpCall(port, 'PUT', '/__mock/snapshot', {
        headers: { 'content-type': 'application/json' },
        body,
        timeoutMs: 120_000,
      });
      if (answer.status === 413 || /too large/i.test(answer.body))
        refusal = `${answer.status} ${answer.body.slice(0, 160)}`;
      else if (answer.status !== 200)
        throw new Error(`PUT /__mock/snapshot answered ${answer.status} ${answer.body}`);
    } catch (error) {
      if (!/ECONNRESET|EPIPE/.test(String(error))) throw error;
      refusal = `connection closed while sending (${String(error)})`;
    }
    loadMs = performance.now() - started;
    if (refusal === null) {
      route = `PUT /__mock/snapshot over HTTP (${mb} MB of JSON) into \`chekt-mock serve --state :memory:\``;
    } else {
      // The mock's JSON body limit refuses a snapshot this large: load the same rows with the same
      // importTables, in a process built as the CLI builds the mock (bench/scale-host.ts).
      log(`  PUT /__mock/snapshot (${mb} MB) refused: ${refusal}; loading through bench/scale-host.ts`);
      await stopServer(server);
      const tablesPath = join(logDir, 'scale-snapshot.json');
      writeFileSync(tablesPath, body);
      port = await freePort();
      const spawnedAt = process.hrtime.bigint();
      server = spawnServer(
        {
          name: 'ours-scale-host',
          port,
          args: [
            '--expose-gc',
            ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
            '--import',
            'tsx',
            'bench/scale-host.ts',
            String(port),
            tablesPath,
          ],
        },
        logDir,
      );
      loadMs = (await waitUntil(server, spawnedAt, oursProbe(port), 180_000)).ms;
      route =
        `bench/scale-host.ts: the mock as \`serve --state :memory: --rate-limits off\` builds it, the snapshot ` +
        `(${mb} MB) imported with the same importTables as PUT /__mock/snapshot, which refused it over HTTP ` +
        `(${refusal.slice(0, 60)}…), then a forced GC before listening`;
    }
    log(`  state loaded in ${(loadMs / 1000).toFixed(1)} s (${route.split(':')[0]})`);
    const token = await dealerAppToken(port);
    const auth = { authorization: `Bearer ${token}` };
    const totals: Record<string, string> = {};
    const all = await httpCall(port, 'GET', `/partner/v1/dealers/${DEALER_ID}/sites?limit=1`, {
      headers: auth,
    });
    totals['all sites of the dealer'] = String(all.headers['x-total-count']);
    if (Number(all.headers['x-total-count']) !== scaleShape.hotSites) {
      throw new Error(
        `dealer ${DEALER_ID} has ${String(all.headers['x-total-count'])} sites, not ${scaleShape.hotSites}`,
      );
    }
    const rssAfterLoadMb = residentMb(server.pid);
    const rows: Row[] = [];
    for (const q of SCALE_QUERIES) {
      if (profileDir && q.name !== 'list-filtered') continue;
      const connections = q.connections === 'one' ? 1 : shape.connections;
      const path = `/partner/v1/dealers/${DEALER_ID}/sites?${new URLSearchParams(q.query)}`;
      const check = await httpCall(port, 'GET', path, { headers: auth });
      const items = check.status === 200 ? (JSON.parse(check.body) as unknown[]).length : -1;
      if (check.status !== 200 || items === 0) {
        throw new Error(`${q.name}: ${check.status} with ${items} items: ${check.body.slice(0, 200)}`);
      }
      totals[q.name] =
        `\`GET .../sites?${decodeURIComponent(path.split('?')[1] ?? '')}\` matches ` +
        `${String(check.headers['x-total-count'])} sites (a page of ${items})`;
      const result = await load(
        `http://127.0.0.1:${port}`,
        { method: 'GET', path, headers: auth },
        { ...shape, connections },
        server.pid,
      );
      const rssMb = residentMb(server.pid);
      rows.push({
        scenario: `${scaleShape.hotSites.toLocaleString('en')} sites: ${q.label}, ${connections} conn.`,
        server: 'ours',
        result,
        rssMb,
        startMs: null,
      });
      log(
        `  ${`${q.name} x${connections}`.padEnd(18)} ${fmt(result.rps, 0).padStart(6)} req/s  p50 ${fmt(result.p50, 2)} ms  ` +
          `p99 ${fmt(result.p99, 2)} ms  failed ${result.failed}  RSS ${fmt(rssMb, 0)} MB`,
      );
    }
    return { route, loadMs, rssAfterLoadMb, rows, totals };
  } finally {
    await stopServer(server, profileDir ? 15_000 : 3000);
  }
}

// --- the report ---------------------------------------------------------------------------------

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '?';
  }
}

function versionOf(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(`node_modules/${pkg}/package.json`, 'utf8')) as { version: string })
      .version;
  } catch {
    return '?';
  }
}

function machineLines(): string[] {
  const cpu = cpus();
  const dirty = git(['status', '--porcelain']).split('\n').filter(Boolean).length;
  return [
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${cpu[0]?.model ?? '?'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${type()} ${release()}`,
    `- Load average (1, 5, 15 min) at the start: ${loadAtStart.map((l) => l.toFixed(2)).join(', ')}; at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')} (other work on the machine during the run skews every number)`,
    `- Node ${process.version}; autocannon ${versionOf('autocannon')}; Prism ${versionOf('@stoplight/prism-cli')}; express ${versionOf('express')}`,
    `- Commit: ${git(['rev-parse', 'HEAD'])}${dirty > 0 ? ` with ${dirty} uncommitted change(s) in the work tree` : ''}`,
    `- Load: autocannon, ${shape.connections} connections, ${shape.warmupSeconds} s warm-up (discarded) then ${shape.durationSeconds} s measured, per scenario and server, one server at a time; all on 127.0.0.1`,
  ];
}

async function main(): Promise<number> {
  if (profileTarget) return profile(profileTarget);
  const began = performance.now();
  log(`chekt bench${quick ? ' (quick)' : ''}: logs in ${logDir}`);
  if ((loadAtStart[0] ?? 0) > 0.5) {
    log(
      `WARNING: load average ${loadAtStart[0]?.toFixed(2)} before the run: other work shares the machine; ` +
        'req/s and latencies will be low and noisy (CPU µs/req much less so)',
    );
  }
  const { runs } = await loadServers();
  const scaled = flags['skip-scale'] ? null : await scale();

  const row = (key: ServerKey, scenario: ScenarioName) =>
    runs.find((r) => r.spec.key === key)?.rows.get(scenario);
  const groups = SCENARIOS.map((scenario) => {
    const ours = row('ours', scenario.name) as Row;
    const rows = (['ours', 'prism', 'prism-quiet', 'bare'] as const)
      .map((key) => row(key, scenario.name))
      .filter((r): r is Row => r !== undefined);
    const ratios: Ratio[] = [
      { label: 'ours / Prism (default logging)', ours, other: row('prism', scenario.name) },
      { label: 'ours / Prism (-v error)', ours, other: row('prism-quiet', scenario.name) },
      { label: 'ours / bare', ours, other: row('bare', scenario.name) },
    ];
    return { rows, ratios };
  });
  if (scaled) groups.push({ rows: scaled.rows, ratios: [] });

  const targets: Target[] = [];
  const ratio = (a: number, b: number | undefined) => (b === undefined ? Number.NaN : a / b);
  // Throughput ratio implied by CPU cost per answer: other's cost / ours (higher = ours cheaper).
  const cpuRatio = (a: Row, b: Row | undefined) =>
    a.result.cpuUsPerRequest === null || !b || b.result.cpuUsPerRequest === null
      ? Number.NaN
      : b.result.cpuUsPerRequest / a.result.cpuUsPerRequest;
  for (const scenario of SCENARIOS.filter((s) => s.read)) {
    const ours = row('ours', scenario.name) as Row;
    for (const [key, label] of [
      ['prism', 'Prism (default logging)'],
      ['prism-quiet', 'Prism (-v error)'],
    ] as const) {
      const other = row(key, scenario.name);
      const r = ratio(ours.result.rps, other?.result.rps);
      const byCpu = cpuRatio(ours, other);
      targets.push({
        name: `${scenario.name}: req/s >= 2.5x ${label}`,
        pass: r >= 2.5,
        measured: `${fmt(r, 2)}x (by CPU per answer: ${fmt(byCpu, 2)}x)`,
      });
    }
    const bareRow = row('bare', scenario.name);
    const bare = ratio(ours.result.rps, bareRow?.result.rps);
    targets.push({
      name: `${scenario.name}: req/s >= 60% of bare express`,
      pass: bare >= 0.6,
      measured: `${fmt(bare * 100, 0)}% (by CPU per answer: ${fmt(cpuRatio(ours, bareRow) * 100, 0)}%)`,
    });
  }
  for (const scenario of SCENARIOS) {
    const ours = row('ours', scenario.name) as Row;
    targets.push({
      name: `${scenario.name}: p99 < 10 ms at ${shape.connections} connections`,
      pass: ours.result.p99 < 10 && ours.result.failed === 0,
      measured: `${fmt(ours.result.p99, 2)} ms${ours.result.failed ? `, ${ours.result.failed} failed` : ''}`,
    });
  }
  const tokenRow = row('ours', 'token') as Row;
  targets.push({
    name: 'token issuance >= 1,000 tokens/s',
    pass: tokenRow.result.rps >= 1000,
    measured: `${fmt(tokenRow.result.rps, 0)}/s`,
  });
  const ourStart = runs.find((r) => r.spec.key === 'ours') as ServerRun;
  targets.push({
    name: 'start to first answer < 500 ms',
    pass: median(ourStart.startsMs) < 500,
    measured: `${fmt(median(ourStart.startsMs), 0)} ms (median of ${ourStart.startsMs.length})`,
  });
  if (scaled) {
    for (const [index, connections] of [
      [0, 1],
      [1, shape.connections],
    ] as const) {
      const list = scaled.rows[index];
      if (!list) continue;
      targets.push({
        name: `${scaleShape.hotSites.toLocaleString('en')}-site list query p99 < 20 ms (${connections} connection${connections > 1 ? 's' : ''})`,
        pass: list.result.p99 < 20 && list.result.failed === 0,
        measured: `${fmt(list.result.p99, 2)} ms (p50 ${fmt(list.result.p50, 2)} ms)`,
      });
    }
    const rss = Math.max(...scaled.rows.map((r) => r.rssMb ?? Number.NaN), scaled.rssAfterLoadMb ?? 0);
    targets.push({
      name: `RSS < 300 MB with ${scaleShape.dealers.toLocaleString('en')} dealers, ${scaleShape.sites.toLocaleString('en')} sites`,
      pass: rss < 300,
      measured: `${fmt(rss, 0)} MB`,
    });
  }

  const table = resultsTable(groups);
  const verdicts = targetsTable(targets);
  const starts = markdownTable(
    ['server', 'start ms (each sample)', 'median', 'probes left unanswered', 'first 2xx of'],
    runs.map((r) => [
      r.spec.label,
      r.startsMs.map((ms) => ms.toFixed(0)).join(', '),
      fmt(median(r.startsMs), 0),
      r.stalled.join(', '),
      r.spec.key.startsWith('ours')
        ? `POST /oauth/token (client credentials; its 200 at ${r.firstStepMs.map((ms) => ms.toFixed(0)).join(', ')} ms), then GET /partner/v1/dealers/1001 with the token`
        : 'GET /partner/v1/dealers/1001',
    ]),
  );
  log(`\n${table}\n\n${verdicts}\n\n${starts}`);
  const elapsed = (performance.now() - began) / 1000;
  log(`\nbench took ${elapsed.toFixed(0)} s`);
  if (outPath) {
    writeFileSync(outPath, resultsMarkdown(table, verdicts, starts, scaled, elapsed));
    log(`written to ${outPath}`);
  }
  return 0;
}

function resultsMarkdown(
  table: string,
  verdicts: string,
  starts: string,
  scaled: ScaleOutcome | null,
  elapsed: number,
): string {
  return `# Benchmark: the mock against Prism and a bare express server

Written by \`npm run bench\` (bench/run.ts); do not edit by hand. The run took ${elapsed.toFixed(0)} s.

${machineLines().join('\n')}
- Ours: ${ours?.how ?? '?'} with \`--state :memory: --rate-limits off\`, with its token check and
  request and response validation on (as shipped). **Rate limits are off** for these runs: at the
  demo clients' tiers, the enforced limits would answer 429 to a load like this one.
- Prism: \`node ${PRISM} mock -h 127.0.0.1 -p PORT ${SPEC}\` as a partner would run it
  (default logging, written to a file as a CI job would capture it), and again with \`-v error\`.
- Bare: bench/bare-server.ts, express 5 with the same body parsers, answering each route with a fixed
  JSON body of the mock's size (the dealer, 100 sites, a token-sized body); no validation, no state.
- Every server gets the same requests, with real tokens issued by ours (Prism only checks that a
  bearer token is present). Prism answers the spec's examples: its sites list holds 2 sites where
  ours and bare answer 100, and its token and connect answers are examples too.
- CPU µs/req is the server process's CPU time (user + system, from /proc/<pid>/stat) over the
  measured window divided by its 2xx answers: the cost of one answer, which other work on the machine
  hardly moves, where req/s falls with it. The targets give both; PASS/MISS is judged on req/s.
- req/s counts 2xx answers only; p50/p99 are exact percentiles of every 2xx latency (sub-ms
  resolution, from autocannon's per-response event). RSS is VmRSS of the server's own process from
  /proc/<pid>/status right after that load. Start = spawn of the process to the first 2xx of a real
  call (median of the samples below).
- The load generator (autocannon) runs in the bench's own process on the same ${cpus().length}-core machine as
  the server under load, so absolute numbers are lower than on a bigger machine; the ratios are the point.

## Results

${table}

## Targets

${verdicts}

## Start to first answer

A probe is sent every 5 ms from the spawn on, overlapping (a connection the server accepts but does
not answer does not hold back the next probe). "Probes left unanswered" counts the probes that were
sent before the first successful one and still had no answer when it succeeded: connections the
server accepted during its start and left hanging (a client that connects then waits).

${starts}
${
  scaled
    ? `
## Scale

- World: ${scaleShape.dealers.toLocaleString('en')} dealers and ${scaleShape.sites.toLocaleString('en')} sites, ${scaleShape.hotSites.toLocaleString('en')} of them on dealer ${DEALER_ID}
  (the dealer the list queries read), generated deterministically (bench/scale-data.ts) on top of the demo world.
- Loaded through: ${scaled.route}; ${(scaled.loadMs / 1000).toFixed(1)} s.
- RSS right after loading: ${fmt(scaled.rssAfterLoadMb, 0)} MB; after each list load: see the table.
${Object.entries(scaled.totals)
  .map(([k, v]) => `- ${k}: ${v}`)
  .join('\n')}
`
    : ''
}`;
}

async function profile(target: string): Promise<number> {
  const dir = join(logDir, 'profile');
  mkdirSync(dir, { recursive: true });
  log(`profiling ours on ${target} (node --cpu-prof into ${dir})`);
  if (target === 'list') await scale(dir);
  else await loadServers(target as ScenarioName, dir);
  log(`\n${summariseProfiles(dir)}`);
  return 0;
}

main().then(
  (code) => {
    killAll();
    process.exit(code);
  },
  (error: unknown) => {
    killAll();
    process.stderr.write(`bench failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
