import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { checkPacts } from './check/check.ts';
import { expandPactPaths } from './pact-file.ts';
import { describeStates } from './provider/states.ts';
import { verifyPacts } from './provider/verify.ts';
import { renderJson, renderJunit, renderText } from './report/render.ts';
import { type ContractReport, isClean } from './report/report.ts';

/** Usage of `chekt-mock contract`. */
export const CONTRACT_USAGE = `Usage: chekt-mock contract check <pact files or folders...> [--json FILE] [--junit FILE]
       chekt-mock contract verify <pact files or folders...> [--client-id ID] [--json FILE] [--junit FILE]
       chekt-mock contract states

  check    each pact against the OpenAPI spec, statically (no server)
  verify   each pact replayed against an in-process stateful mock, with the provider states it names
  states   the provider states a pact may use

Options:
  --json FILE       also write the report as JSON
  --junit FILE      also write the report as JUnit XML
  --client-id ID    (verify) the sandbox client the pacts speak for; default: the client_id of their token requests
  --help            show this help

Exit status: 0 when every interaction passed, 1 on any problem, 2 on a usage error.
`;

/** Where the command writes; the CLI passes stdout and stderr. */
export interface CommandOutput {
  out(text: string): void;
  err(text: string): void;
}

/** Runs `chekt-mock contract ...` with the arguments after `contract`; returns the exit status. */
export async function runContractCommand(args: string[], output: CommandOutput): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand === undefined || subcommand === '--help' || subcommand === 'help') {
    output.out(CONTRACT_USAGE);
    return subcommand === undefined ? 2 : 0;
  }
  if (subcommand === 'states') {
    output.out(
      `Provider states (use these names in given(...); values in the name or as params):\n${describeStates()}\n`,
    );
    return 0;
  }
  if (subcommand !== 'check' && subcommand !== 'verify') {
    output.err(`Unknown contract command "${subcommand}".\n\n${CONTRACT_USAGE}`);
    return 2;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'string' },
      junit: { type: 'string' },
      'client-id': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    output.out(CONTRACT_USAGE);
    return 0;
  }
  if (subcommand === 'check' && values['client-id'] !== undefined) {
    output.err('--client-id applies to verify only.\n');
    return 2;
  }
  const files = expandPactPaths(positionals);
  if (files.length === 0) {
    output.err(`Give at least one pact file or folder.\n\n${CONTRACT_USAGE}`);
    return 2;
  }
  const report: ContractReport =
    subcommand === 'check'
      ? await checkPacts(files)
      : await verifyPacts(files, values['client-id'] === undefined ? {} : { clientId: values['client-id'] });
  output.out(renderText(report));
  if (values.json) writeReport(values.json, renderJson(report));
  if (values.junit) writeReport(values.junit, renderJunit(report));
  return isClean(report) ? 0 : 1;
}

function writeReport(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}
