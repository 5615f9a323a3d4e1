import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig, SETTINGS } from '../../mock/config.ts';
import { DEMO_CREDENTIALS } from '../../mock/demo-world.ts';
import { startNode, type TestProcess } from '../support/processes.ts';

/** A fake file system holding the given files; reading any other path fails like a missing file. */
function files(contents: Record<string, string>): (path: string) => string {
  return (path) => {
    const text = contents[path];
    if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    return text;
  };
}

/** The ConfigError message `resolve` throws (failing the test if it throws none). */
function configError(resolve: () => unknown): string {
  try {
    resolve();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveConfig', () => {
  it('answers the defaults when nothing is set', () => {
    expect(resolveConfig({}, {}, files({}))).toEqual({
      host: '127.0.0.1',
      port: 4010,
      state: '.chekt-mock/state.db',
      tokenLifetime: 3600,
      rateLimits: 'enforce',
      adminToken: null,
      journalSize: 10_000,
    });
  });

  it('keeps state in .chekt-mock/state.db by default', () => {
    expect(resolveConfig({}, {}).state).toBe('.chekt-mock/state.db');
  });

  it('takes a flag over the environment and the config file', () => {
    const readFile = files({ 'mock.yaml': 'port: 1111\n' });
    expect(resolveConfig({ port: '3333', config: 'mock.yaml' }, { PORT: '2222' }, readFile).port).toBe(3333);
  });

  it('takes the environment over the config file', () => {
    const readFile = files({ 'mock.yaml': 'port: 1111\n' });
    expect(resolveConfig({ config: 'mock.yaml' }, { PORT: '2222' }, readFile).port).toBe(2222);
  });

  it('takes the config file over the default', () => {
    const readFile = files({ 'mock.yaml': 'port: 1111\n' });
    expect(resolveConfig({ config: 'mock.yaml' }, {}, readFile).port).toBe(1111);
  });

  it('treats an empty environment variable as unset', () => {
    const readFile = files({ 'mock.yaml': 'port: 1111\n' });
    expect(resolveConfig({ config: 'mock.yaml' }, { PORT: '' }, readFile).port).toBe(1111);
  });

  it('finds the config file through CHEKT_MOCK_CONFIG', () => {
    const readFile = files({ '/etc/mock.yaml': 'journal-size: 50\n' });
    expect(resolveConfig({}, { CHEKT_MOCK_CONFIG: '/etc/mock.yaml' }, readFile).journalSize).toBe(50);
  });

  it('reads a YAML config file with keys as the flag names', () => {
    const readFile = files({
      'mock.yaml': [
        'host: 0.0.0.0',
        'port: 5050',
        'state: ":memory:"',
        'token-lifetime: 600',
        'rate-limits: "off"',
        'admin-token: a-long-admin-token-0001',
        'journal-size: 20',
        '',
      ].join('\n'),
    });
    expect(resolveConfig({ config: 'mock.yaml' }, {}, readFile)).toEqual({
      host: '0.0.0.0',
      port: 5050,
      state: ':memory:',
      tokenLifetime: 600,
      rateLimits: 'off',
      adminToken: 'a-long-admin-token-0001',
      journalSize: 20,
    });
  });

  it('reads a JSON config file', () => {
    const readFile = files({
      'mock.json': JSON.stringify({ port: 6060, 'rate-limits': 'off', state: 'x.db' }),
    });
    expect(resolveConfig({ config: 'mock.json' }, {}, readFile)).toMatchObject({
      port: 6060,
      rateLimits: 'off',
      state: 'x.db',
    });
  });

  it('refuses an unknown key in the config file, naming the key and the file', () => {
    const readFile = files({ 'mock.yaml': 'port: 4010\nprot: 4011\n' });
    const message = configError(() => resolveConfig({ config: 'mock.yaml' }, {}, readFile));
    expect(message).toContain('"prot"');
    expect(message).toContain('mock.yaml');
  });

  it('refuses a config file that is not a mapping', () => {
    const readFile = files({ 'mock.yaml': '- port\n- 4010\n' });
    expect(configError(() => resolveConfig({ config: 'mock.yaml' }, {}, readFile))).toContain('mock.yaml');
  });

  it('refuses a config file that cannot be read, naming it', () => {
    expect(configError(() => resolveConfig({ config: 'missing.yaml' }, {}, files({})))).toContain(
      'missing.yaml',
    );
  });

  it('refuses a bad port from a flag, naming --port', () => {
    const message = configError(() => resolveConfig({ port: '70000' }, {}));
    expect(message).toContain('--port');
    expect(message).toContain('70000');
  });

  it('refuses a bad port from the environment, naming PORT', () => {
    const message = configError(() => resolveConfig({}, { PORT: '70000' }));
    expect(message).toContain('PORT');
    expect(message).not.toContain('--port');
  });

  it('refuses a bad port from the config file, naming the file and the key', () => {
    const readFile = files({ 'mock.yaml': 'port: 70000\n' });
    const message = configError(() => resolveConfig({ config: 'mock.yaml' }, {}, readFile));
    expect(message).toContain('mock.yaml');
    expect(message).toContain('"port"');
  });

  it('refuses a port that is not an integer', () => {
    expect(configError(() => resolveConfig({ port: '80.5' }, {}))).toContain('--port');
  });

  it('refuses an unknown rate-limits mode, naming the flag and the modes', () => {
    const message = configError(() => resolveConfig({ 'rate-limits': 'maybe' }, {}));
    expect(message).toContain('--rate-limits');
    expect(message).toContain('enforce, off');
  });

  it('refuses a short admin token', () => {
    expect(configError(() => resolveConfig({ 'admin-token': 'short' }, {}))).toContain('--admin-token');
  });

  it('refuses a non-loopback host without an admin token, pointing at --admin-token', () => {
    expect(configError(() => resolveConfig({ host: '0.0.0.0' }, {}))).toContain('--admin-token');
  });

  it('refuses a non-loopback host from the environment without an admin token', () => {
    expect(configError(() => resolveConfig({}, { HOST: '::' }))).toContain('--admin-token');
  });

  it('accepts a non-loopback host with an admin token', () => {
    const config = resolveConfig({ host: '0.0.0.0', 'admin-token': 'a-long-admin-token-0001' }, {});
    expect(config).toMatchObject({ host: '0.0.0.0', adminToken: 'a-long-admin-token-0001' });
  });

  it.each(['localhost', '127.0.0.2', '::1'])(
    'accepts the loopback host %s without an admin token',
    (host) => {
      expect(resolveConfig({ host }, {}).host).toBe(host);
    },
  );
});

/** Variables that would change what the CLI resolves; empty means unset. */
const HERMETIC_ENV = Object.fromEntries(
  [...SETTINGS.map((setting) => setting.env), 'CHEKT_MOCK_CONFIG'].map((name) => [name, '']),
);

/** Starts the CLI with `args`. */
function cli(...args: string[]): TestProcess {
  return startNode(['--import', 'tsx', 'mock/cli.ts', ...args], HERMETIC_ENV);
}

/** The exit code of a process, once it has exited. */
async function exitCode(process: TestProcess): Promise<number | null> {
  if (process.child.exitCode === null && process.child.signalCode === null) await once(process.child, 'exit');
  return process.child.exitCode;
}

describe('chekt-mock serve', () => {
  it('lists every setting flag in --help', async () => {
    const help = cli('serve', '--help');
    expect(await exitCode(help)).toBe(0);
    for (const setting of SETTINGS) expect(help.output()).toContain(`--${setting.flag}`);
    expect(help.output()).toContain('--config');
  });

  it('exits non-zero on an unknown flag, naming it', async () => {
    const bogus = cli('serve', '--bogus');
    expect(await exitCode(bogus)).not.toBe(0);
    expect(bogus.output()).toContain('--bogus');
    expect(bogus.output()).not.toContain('    at ');
  });

  it('exits non-zero on a port out of range, naming --port', async () => {
    const badPort = cli('serve', '--port', '70000');
    expect(await exitCode(badPort)).not.toBe(0);
    expect(badPort.output()).toContain('--port');
    expect(badPort.output()).not.toContain('    at ');
  });

  it('exits non-zero on a non-loopback host without an admin token', async () => {
    const exposed = cli('serve', '--host', '0.0.0.0', '--state', ':memory:', '--port', '0');
    expect(await exitCode(exposed)).not.toBe(0);
    expect(exposed.output()).toContain('--admin-token');
  });

  it('prints the listening URL and the demo credentials, and serves there', async () => {
    const serve = cli('serve', '--state', ':memory:', '--port', '0');
    const [, url] = await serve.waitForOutput(/listening on (http:\/\/\S+)/);
    await serve.waitForOutput(/demo credentials[\s\S]*platform-demo-secret/);
    const output = serve.output();
    expect(output).toContain(DEMO_CREDENTIALS.dealerApp.client_id);
    expect(output).toContain(DEMO_CREDENTIALS.dealerApp.client_secret);
    expect(output).toContain(DEMO_CREDENTIALS.platform.client_id);
    expect(output).toContain(DEMO_CREDENTIALS.platform.client_secret);
    const clock = await fetch(`${url}/__mock/clock`);
    expect(clock.status).toBe(200);
  });
});
