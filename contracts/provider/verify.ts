import { Verifier } from '@pact-foundation/pact';
import { bodyText, type PactFile, type PactInteraction, requestLine, statesOf } from '../pact-file.ts';
import { PROVIDER_NAME } from '../paths.ts';
import {
  type ContractReport,
  type InteractionResult,
  type PactResult,
  type Problem,
  readPactForReport,
} from '../report/report.ts';
import { credentialFilter } from './credentials.ts';
import { describeStates, type InjectedValues, resolveState } from './states.ts';
import { knownClients, type SandboxClient, VerificationWorld } from './world.ts';

/** Options of {@link verifyPacts}. */
export interface VerifyOptions {
  /** The sandbox client the pacts speak for; read from each pact's token requests when omitted. */
  clientId?: string;
}

/** The client a pact speaks for: the option, else the `client_id` (form or Basic) of its token requests. */
export function callerOf(pact: PactFile, clientId: string | undefined): SandboxClient | Problem {
  const known = knownClients();
  const found = new Set<string>();
  for (const interaction of pact.interactions) {
    if (!interaction.request?.path?.startsWith('/oauth/')) continue;
    const form = new URLSearchParams(bodyText(interaction.request.body) ?? '');
    const id = form.get('client_id');
    if (id) found.add(id);
  }
  const wanted = clientId ?? (found.size === 1 ? [...found][0] : undefined);
  const names = known.map((c) => c.clientId).join(', ');
  if (wanted === undefined) {
    return {
      kind: 'unknown-caller',
      message:
        found.size > 1
          ? `the pact's token requests name several clients (${[...found].join(', ')}); pass --client-id`
          : `cannot tell which sandbox client this pact speaks for; pass --client-id (one of ${names})`,
    };
  }
  const client = known.find((c) => c.clientId === wanted);
  return (
    client ?? {
      kind: 'unknown-caller',
      message: `"${wanted}" is not a sandbox client whose credentials the verifier holds (${names})`,
    }
  );
}

/** Problems with the states of an interaction: each name must be in the registry. */
function stateProblems(interaction: PactInteraction): Problem[] {
  return statesOf(interaction)
    .filter((state) => resolveState(state.name, state.params) === null)
    .map((state) => ({
      kind: 'unknown-provider-state',
      message: `unknown provider state "${state.name}". Known provider states:\n${describeStates()}`,
    }));
}

/** One entry of the verifier's JSON results. */
interface VerifierError {
  interaction?: string;
  mismatch?: {
    type?: string;
    message?: string;
    mismatches?: { type?: string; mismatch?: string; path?: string; description?: string }[];
  };
}

function mismatchProblems(error: VerifierError): Problem[] {
  const mismatch = error.mismatch;
  if (!mismatch) return [{ kind: 'verification-failed', message: 'the interaction failed verification' }];
  if (mismatch.mismatches?.length) {
    return mismatch.mismatches.map((m) => ({
      kind: `response-${m.type ?? 'mismatch'}`,
      message: m.mismatch ?? m.description ?? JSON.stringify(m),
    }));
  }
  return [
    { kind: mismatch.type ?? 'verification-failed', message: mismatch.message ?? JSON.stringify(mismatch) },
  ];
}

/** Replays one pact against a fresh in-process mock and reports each interaction. */
async function verifyOne(file: string, options: VerifyOptions): Promise<PactResult> {
  const read = readPactForReport(file);
  if ('unreadable' in read) return read.unreadable;
  const { pact } = read;
  const result: PactResult = {
    file,
    consumer: pact.consumer.name,
    provider: pact.provider.name,
    interactions: [],
    problems: [],
  };
  const http = pact.interactions.filter((i) => i.type === undefined || i.type === 'Synchronous/HTTP');
  result.interactions = http.map(
    (i): InteractionResult => ({
      description: i.description,
      states: statesOf(i).map((s) => s.name),
      request: requestLine(i),
      problems: stateProblems(i),
    }),
  );
  if (pact.provider.name !== PROVIDER_NAME) {
    result.problems.push({
      kind: 'wrong-provider',
      message: `the provider must be named "${PROVIDER_NAME}", not "${pact.provider.name}"`,
    });
  }
  const caller = callerOf(pact, options.clientId);
  if ('kind' in caller) result.problems.push(caller);
  if (result.problems.length > 0 || result.interactions.some((i) => i.problems.length > 0)) {
    result.problems.push({
      kind: 'not-replayed',
      message: 'the pact was not replayed: fix the problems above first',
    });
    return result;
  }
  const world = await VerificationWorld.start(caller as SandboxClient);
  try {
    const stateHandlers: Record<string, (params?: unknown) => Promise<InjectedValues | undefined>> = {};
    for (const interaction of http) {
      for (const state of statesOf(interaction)) {
        stateHandlers[state.name] = async (params) => {
          const resolved = resolveState(state.name, (params ?? {}) as Record<string, unknown>);
          if (!resolved) throw new Error(`unknown provider state "${state.name}"`);
          const injected: InjectedValues | undefined = await resolved.definition.setup(
            world,
            resolved.params,
          );
          return injected;
        };
      }
    }
    const verifier = new Verifier({
      provider: PROVIDER_NAME,
      providerBaseUrl: world.mock.url,
      pactUrls: [file],
      stateHandlers: stateHandlers as never,
      beforeEach: () => world.reset(),
      requestFilter: credentialFilter(world) as never,
      logLevel: 'error',
    });
    let raw: unknown;
    try {
      raw = await verifier.verifyProvider();
    } catch (error) {
      raw = (error as Error).message;
    }
    applyVerifierResults(result, raw);
  } finally {
    await world.stop();
  }
  return result;
}

/** Attaches the verifier's per-interaction errors to the report. */
function applyVerifierResults(result: PactResult, raw: unknown): void {
  let parsed: { result?: boolean; errors?: VerifierError[] } | null = null;
  try {
    parsed = typeof raw === 'string' ? JSON.parse(raw) : (raw as typeof parsed);
  } catch {
    result.problems.push({ kind: 'verifier-error', message: String(raw) });
    return;
  }
  for (const error of parsed?.errors ?? []) {
    // The verifier names an interaction "Verifying a pact between C and P[ Given S] - <description>".
    const target = result.interactions.find(
      (i) => error.interaction === i.description || error.interaction?.endsWith(` - ${i.description}`),
    );
    const problems = mismatchProblems(error);
    if (target) target.problems.push(...problems);
    else result.problems.push(...problems);
  }
  if (parsed?.result === false && (parsed.errors ?? []).length === 0) {
    result.problems.push({
      kind: 'verification-failed',
      message: 'the verifier reported a failure without details',
    });
  }
}

/**
 * `contract verify`: replays each pact against an in-process stateful mock, setting up its provider
 * states from the registry and injecting live credentials. Unknown states are reported, not replayed.
 */
export async function verifyPacts(files: string[], options: VerifyOptions = {}): Promise<ContractReport> {
  process.env.PACT_DO_NOT_TRACK ??= 'true';
  const pacts: PactResult[] = [];
  for (const file of files) pacts.push(await verifyOne(file, options));
  return { command: 'verify', pacts };
}
