import type { RateLimitMode } from './http/rate-limit.ts';

/** Every setting of the mock, resolved. */
export interface MockConfig {
  host: string;
  port: number;
  /** SQLite state file, or `:memory:`. */
  state: string;
  tokenLifetime: number;
  rateLimits: RateLimitMode;
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
    description: 'SQLite state file, or :memory:',
    fallback: ':memory:',
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
] as const satisfies readonly Setting<keyof MockConfig>[];

/**
 * Resolves the configuration: command-line flag, then environment variable, then default.
 * `flags` holds the parsed `--name value` pairs; unknown flags are rejected by the caller's parser.
 */
export function resolveConfig(
  flags: Record<string, string | undefined>,
  env: Record<string, string | undefined>,
): MockConfig {
  const config: Record<string, unknown> = {};
  for (const setting of SETTINGS as readonly Setting<keyof MockConfig>[]) {
    const fromFlag = flags[setting.flag];
    const fromEnv = env[setting.env];
    config[setting.key] =
      fromFlag !== undefined
        ? setting.parse(fromFlag, `--${setting.flag}`)
        : fromEnv !== undefined && fromEnv !== ''
          ? setting.parse(fromEnv, setting.env)
          : setting.fallback;
  }
  return config as unknown as MockConfig;
}

/** The settings as `--help` lists them. */
export function describeSettings(): string {
  return SETTINGS.map(
    (s) => `  --${s.flag.padEnd(16)} ${s.description} (env ${s.env}, default ${String(s.fallback)})`,
  ).join('\n');
}
