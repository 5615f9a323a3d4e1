import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A provider state as pact files of any spec version write it. */
export interface PactState {
  name: string;
  params: Record<string, unknown>;
}

/** The parts of a pact interaction the kit reads (HTTP interactions of pact specification 2, 3 or 4). */
export interface PactInteraction {
  description: string;
  type?: string;
  providerState?: string;
  providerStates?: PactState[];
  request: {
    method: string;
    path: string;
    query?: unknown;
    headers?: Record<string, string | string[]>;
    body?: unknown;
    matchingRules?: unknown;
    generators?: unknown;
  };
  response: { status: number; headers?: Record<string, string | string[]>; body?: unknown };
}

/** A pact file. */
export interface PactFile {
  consumer: { name: string };
  provider: { name: string };
  interactions: PactInteraction[];
  metadata?: Record<string, unknown>;
}

/** A pact file that could not be read, with why. */
export class PactFileError extends Error {}

/** Expands the command's arguments: files as given, directories to their `*.json` files. */
export function expandPactPaths(paths: string[]): string[] {
  return paths.flatMap((path) => {
    let stats: ReturnType<typeof statSync>;
    try {
      stats = statSync(path);
    } catch {
      return [path];
    }
    if (!stats.isDirectory()) return [path];
    return readdirSync(path)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => join(path, name));
  });
}

/** Reads and shape-checks a pact file. */
export function readPact(file: string): PactFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PactFileError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const pact = parsed as Partial<PactFile>;
  if (!pact || !Array.isArray(pact.interactions) || !pact.consumer?.name || !pact.provider?.name) {
    throw new PactFileError(`${file} is not a pact file (consumer, provider and interactions are required)`);
  }
  return pact as PactFile;
}

/** The provider states of an interaction, whatever the pact specification version. */
export function statesOf(interaction: PactInteraction): PactState[] {
  if (Array.isArray(interaction.providerStates)) {
    return interaction.providerStates.map((s) => ({ name: s.name, params: s.params ?? {} }));
  }
  return interaction.providerState ? [{ name: interaction.providerState, params: {} }] : [];
}

/** A request body as text (pact V4 wraps bodies in `{content, contentType, encoded}`). */
export function bodyText(body: unknown): string | null {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return body;
  const wrapped = body as { content?: unknown; encoded?: unknown };
  if (typeof wrapped === 'object' && 'content' in wrapped) {
    if (wrapped.encoded === 'base64' && typeof wrapped.content === 'string') {
      return Buffer.from(wrapped.content, 'base64').toString('utf8');
    }
    return typeof wrapped.content === 'string' ? wrapped.content : JSON.stringify(wrapped.content);
  }
  return JSON.stringify(body);
}

/** A header of a pact request or response, case-insensitively. */
export function headerOf(
  headers: Record<string, string | string[]> | undefined,
  name: string,
): string | null {
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === name.toLowerCase()) return Array.isArray(value) ? value.join(', ') : value;
  }
  return null;
}

/** `METHOD /path` of an interaction. */
export function requestLine(interaction: PactInteraction): string {
  return `${interaction.request.method.toUpperCase()} ${interaction.request.path}`;
}
