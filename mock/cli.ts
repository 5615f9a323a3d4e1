import { parseArgs } from 'node:util';
import { generateSigningJwk } from './auth/new-signing-key.ts';
import { CONFIG_FILE_SETTING, ConfigError, describeSettings, resolveConfig, SETTINGS } from './config.ts';
import { DEMO_CREDENTIALS, PLATFORM_DEMO_PRIVATE_KEY_PATH } from './demo-world.ts';
import { StateFileError } from './store/database.ts';

const USAGE = `Usage: chekt-mock serve [options]
       chekt-mock contract check|verify|states ...   (see chekt-mock contract --help)

Serves the stateful CHeKT Partner API mock.

Options:
${describeSettings()}
  --help             show this help
`;

/** The command line: the only module that touches argv, env, stdout and exit codes. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === 'contract') {
    // Loaded on demand: serving the mock does not need Pact or the contract checker.
    const { runContractCommand } = await import('../contracts/command.ts');
    return runContractCommand(rest, {
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
    });
  }
  if (command !== 'serve') {
    process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  const options = Object.fromEntries(
    [...SETTINGS.map((s) => s.flag), CONFIG_FILE_SETTING.flag].map((flag) => [
      flag,
      { type: 'string' as const },
    ]),
  );
  const { values } = parseArgs({
    args: rest,
    options: { ...options, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const config = resolveConfig(values as Record<string, string | undefined>, process.env);
  // Key generation runs on the thread pool while the rest of the mock loads.
  const freshSigningKey = generateSigningJwk();
  freshSigningKey.catch(() => {});
  const { startMock } = await import('./server.ts');
  const mock = await startMock(
    { host: config.host, port: config.port },
    {
      statePath: config.state,
      tokenLifetimeSeconds: config.tokenLifetime,
      rateLimits: config.rateLimits,
      adminToken: config.adminToken,
      journalSize: config.journalSize,
      freshSigningKey,
    },
  );
  const { dealerApp, platform } = DEMO_CREDENTIALS;
  process.stdout.write(
    [
      `CHeKT Partner API mock listening on ${mock.url}`,
      `  state: ${config.state}`,
      `  token endpoint: ${mock.url}/oauth/token   metadata: ${mock.url}/.well-known/oauth-authorization-server`,
      `  control plane: ${mock.url}/__mock/ (${config.adminToken === null ? 'loopback callers only' : 'admin token required'})`,
      '  demo credentials:',
      `    Dealer app (dealer ${dealerApp.dealer_id}):  client_id=${dealerApp.client_id}  client_secret=${dealerApp.client_secret}`,
      `    Platform partner:        client_id=${platform.client_id}  client_secret=${platform.client_secret}`,
      `                             private key (demo only): ${PLATFORM_DEMO_PRIVATE_KEY_PATH} (kid ${platform.key_id})`,
      '    users: admin@acme.test (admin of 1001), tech@acme.test, admin@beacon.test, admin@citadel.test',
      '',
    ].join('\n'),
  );
  const shutdown = () => {
    void mock.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return -1;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (
      error instanceof ConfigError ||
      error instanceof StateFileError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`chekt-mock: ${(error as Error).message}\n`);
    } else {
      process.stderr.write(`chekt-mock: ${(error as Error)?.stack ?? String(error)}\n`);
    }
    process.exitCode = 1;
  },
);
