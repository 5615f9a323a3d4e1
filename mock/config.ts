import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { RateLimitMode } from './http/rate-limit.ts';

/** Every setting of the mock, resolved. */
export interface MockConfig {
  host: string;
  port: number;
  /** SQLite state file, or `:memory:`. */
  state: string;
  tokenLifetime: number;
  rateLimits: RateLimitMode;
  /** Bearer token the control plane requires; needed when listening beyond loopback. */
  adminToken: string | null;
  journalSize: number;
}

/** One setting: its flag, environment variable, default and parser. */
interface Setting<K extends keyof MockConfig> {
  key: K;
  flag: string;
  env: string;
  description: string;
  fallback: MockConfig[K];
  parse: (raw: string, source: string) => MockConfig[K];
}

/** A setting that cannot be used; the message names it and where it came from. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const integer = (min: number, max: number) => (raw: string, source: string) => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${source} must be an integer from ${min} to ${max}, got "${raw}".`);
  }
  return value;
};

const oneOf =
  <T extends string>(...values: T[]) =>
  (raw: string, source: string): T => {
    if (!(values as string[]).includes(raw))
      throw new ConfigError(`${source} must be one of ${values.join(', ')}, got "${raw}".`);
    return raw as T;
  };

const text = (raw: string, source: string) => {
  if (raw.trim() === '') throw new ConfigError(`${source} must not be empty.`);
  return raw;
};

/** The settings table: the one place that knows flags, variables and defaults. */
export const SETTINGS = [
  {
    key: 'host',
    flag: 'host',
    env: 'HOST',
    description: 'address to listen on',
    fallback: '127.0.0.1',
    parse: text,
  },
  {
    key: 'port',
    flag: 'port',
    env: 'PORT',
    description: 'port to listen on (0 = any free port)',
    fallback: 4010,
    parse: integer(0, 65535),
  },
  {
    key: 'state',
    flag: 'state',
    env: 'CHEKT_MOCK_STATE',
    description: 'SQLite state file, or :memory: for a throw-away store',
    fallback: '.chekt-mock/state.db',
    parse: text,
  },
  {
    key: 'tokenLifetime',
    flag: 'token-lifetime',
    env: 'CHEKT_MOCK_TOKEN_LIFETIME',
    description: 'access-token lifetime in seconds',
    fallback: 3600,
    parse: integer(1, 7 * 24 * 3600),
  },
  {
    key: 'rateLimits',
    flag: 'rate-limits',
    env: 'CHEKT_MOCK_RATE_LIMITS',
    description: 'enforce (429 past the limit) or off (headers only)',
    fallback: 'enforce',
    parse: oneOf<RateLimitMode>('enforce', 'off'),
  },
  {
    key: 'adminToken',
    flag: 'admin-token',
    env: 'CHEKT_MOCK_ADMIN_TOKEN',
    description: 'bearer token the /__mock/ control plane requires (required with a non-loopback --host)',
    fallback: null,
    parse: (raw: string, source: string) => {
      if (raw.length < 16) throw new ConfigError(`${source} must be at least 16 characters.`);
      return raw;
    },
  },
  {
    key: 'journalSize',
    flag: 'journal-size',
    env: 'CHEKT_MOCK_JOURNAL_SIZE',
    description: 'how many requests the journal keeps in memory',
    fallback: 10_000,
    parse: integer(1, 1_000_000),
  },
] as const satisfies readonly Setting<keyof MockConfig>[];

/** The flag and variable naming a config file (JSON or YAML, keys as the flag names). */
export const CONFIG_FILE_SETTING = { flag: 'config', env: 'CHEKT_MOCK_CONFIG' } as const;

/**
 * Resolves the configuration in one place: command-line flag, then environment variable, then the
 * config file (`--config` / `CHEKT_MOCK_CONFIG`), then default. Unknown keys in the file, bad values
 * and conflicting settings are refused with a {@link ConfigError} that names them and their source.
 */
export function resolveConfig(
  flags: Record<string, string | undefined>,
  env: Record<string, string | undefined>,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): MockConfig {
  const configPath = flags[CONFIG_FILE_SETTING.flag] ?? nonEmpty(env[CONFIG_FILE_SETTING.env]);
  const file = configPath === undefined ? {} : readConfigFile(configPath, readFile);
  const config: Record<string, unknown> = {};
  for (const setting of SETTINGS as readonly Setting<keyof MockConfig>[]) {
    const fromFlag = flags[setting.flag];
    const fromEnv = nonEmpty(env[setting.env]);
    const fromFile = file[setting.flag];
    config[setting.key] =
      fromFlag !== undefined
        ? setting.parse(fromFlag, `--${setting.flag}`)
        : fromEnv !== undefined
          ? setting.parse(fromEnv, setting.env)
          : fromFile !== undefined
            ? setting.parse(fromFile, `${configPath} "${setting.flag}"`)
            : setting.fallback;
  }
  const resolved = config as unknown as MockConfig;
  if (!isLoopbackHost(resolved.host) && resolved.adminToken === null) {
    throw new ConfigError(
      `--host ${resolved.host} exposes the mock beyond this machine: set --admin-token (or CHEKT_MOCK_ADMIN_TOKEN) ` +
        'so that its control plane is not open to anyone who can reach it.',
    );
  }
  return resolved;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function readConfigFile(path: string, readFile: (path: string) => string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = parseYaml(readFile(path));
  } catch (error) {
    throw new ConfigError(`Cannot read config file ${path}: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`Config file ${path} must hold a mapping of setting names to values.`);
  }
  const known = new Set<string>(SETTINGS.map((s) => s.flag));
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!known.has(key)) {
      throw new ConfigError(`Unknown setting "${key}" in ${path}; known settings: ${[...known].join(', ')}.`);
    }
    if (value === null || typeof value === 'object')
      throw new ConfigError(`Setting "${key}" in ${path} must be a single value.`);
    values[key] = String(value);
  }
  return values;
}

/** Whether a listen address stays on this machine. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host.startsWith('127.') || host === '::1';
}

/** The settings as `--help` lists them. */
export function describeSettings(): string {
  const rows = SETTINGS.map(
    (s) =>
      `  --${s.flag.padEnd(16)} ${s.description}\n  ${' '.repeat(18)} env ${s.env}, default ${s.fallback === null ? 'none' : String(s.fallback)}`,
  );
  rows.push(
    `  --${CONFIG_FILE_SETTING.flag.padEnd(16)} a JSON or YAML file of these settings (keys as the flag names)\n` +
      `  ${' '.repeat(18)} env ${CONFIG_FILE_SETTING.env}; flags win over the environment, which wins over the file`,
  );
  return rows.join('\n');
}
