import { type PactFile, PactFileError, readPact } from '../pact-file.ts';

/** One thing wrong with an interaction (or a pact file), in words a partner can act on. */
export interface Problem {
  /** A stable kind, e.g. `unknown-path`, `undeclared-status`, `response-mismatch`. */
  kind: string;
  message: string;
}

/** The outcome for one interaction of a pact. */
export interface InteractionResult {
  description: string;
  /** Its provider states, as written in the pact. */
  states: string[];
  /** `METHOD /path` of its request. */
  request: string;
  problems: Problem[];
}

/** The outcome for one pact file. */
export interface PactResult {
  file: string;
  consumer: string;
  provider: string;
  interactions: InteractionResult[];
  /** Problems of the file as a whole (unreadable, no caller, not replayed). */
  problems: Problem[];
}

/** What `contract check` or `contract verify` found. */
export interface ContractReport {
  command: 'check' | 'verify';
  pacts: PactResult[];
}

/** Whether a report holds no problem at all. */
export function isClean(report: ContractReport): boolean {
  return report.pacts.every(
    (p) => p.problems.length === 0 && p.interactions.every((i) => i.problems.length === 0),
  );
}

/** Every problem of a report, with where it was found. */
export function allProblems(
  report: ContractReport,
): { pact: PactResult; interaction: InteractionResult | null; problem: Problem }[] {
  return report.pacts.flatMap((pact) => [
    ...pact.problems.map((problem) => ({ pact, interaction: null, problem })),
    ...pact.interactions.flatMap((interaction) =>
      interaction.problems.map((problem) => ({ pact, interaction, problem })),
    ),
  ]);
}

/**
 * Reads a pact file for a command: the pact, or (when it cannot be read) the result that reports
 * it as one `unreadable-pact` problem.
 */
export function readPactForReport(file: string): { pact: PactFile } | { unreadable: PactResult } {
  try {
    return { pact: readPact(file) };
  } catch (error) {
    if (!(error instanceof PactFileError)) throw error;
    return {
      unreadable: {
        file,
        consumer: '?',
        provider: '?',
        interactions: [],
        problems: [{ kind: 'unreadable-pact', message: error.message }],
      },
    };
  }
}
