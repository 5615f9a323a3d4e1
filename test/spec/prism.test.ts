import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createPartnerClient } from '../../spec/client.ts';

// Stoplight Prism, an independent OpenAPI implementation, must be able to mock the spec as it is: it
// answers documented examples for well-formed requests, so the spec is usable without our own mock.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PRISM_CLI = 'node_modules/@stoplight/prism-cli/dist/index.js';
const STARTUP_LIMIT_MS = 20_000;

const spec = parse(
  readFileSync(new URL('../../spec/partner-api.yaml', import.meta.url), 'utf8'),
) as JsonObject;

let prism: ChildProcess | undefined;
let baseUrl = '';
let prismLog = '';

beforeAll(async () => {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  prism = spawn(
    process.execPath,
    [PRISM_CLI, 'mock', '-h', '127.0.0.1', '-p', String(port), 'spec/partner-api.yaml'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    },
  );
  prism.stdout?.on('data', (chunk: Buffer) => {
    prismLog += chunk.toString();
  });
  prism.stderr?.on('data', (chunk: Buffer) => {
    prismLog += chunk.toString();
  });
  await waitUntilAnswering(baseUrl, STARTUP_LIMIT_MS);
}, STARTUP_LIMIT_MS + 5_000);

afterAll(async () => {
  const child = prism;
  if (child?.pid === undefined || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(child.pid, 'SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
});

describe('Prism mock of the spec', () => {
  it('answers POST /oauth/token (client_credentials, form-encoded) with a documented 200 example', async () => {
    const operation = findOperation('requestToken');
    const form = requestExamples(operation, 'application/x-www-form-urlencoded').find(
      (example) => asObject(example).grant_type === 'client_credentials',
    );
    expect(form, 'a client_credentials request example').toBeDefined();

    const response = await fetch(`${baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams(asObject(form) as Record<string, string>).toString(),
    });
    const body = await readBody(response);

    expect(response.status, `body: ${JSON.stringify(body)}\nprism log:\n${prismLog}`).toBe(200);
    expect(responseExamples(operation, '200')).toContainEqual(body);
  });

  it('answers PUT /partner/v1/dealers/connect (bearer token, JSON) with a documented 200 example', async () => {
    const operation = findOperation('connectDealer');
    const [request] = requestExamples(operation, 'application/json');
    expect(request, 'a connect request example').toBeDefined();

    const response = await fetch(`${baseUrl}/partner/v1/dealers/connect`, {
      method: 'PUT',
      headers: {
        Authorization: 'Bearer sandbox-user-token',
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'Idempotency-Key': 'prism-connect-1',
        'x-partner-trace-id': '7f3c1a2e-4b5d-4e6f-8a9b-0c1d2e3f4a5b',
      },
      body: JSON.stringify(request),
    });
    const body = await readBody(response);

    expect(response.status, `body: ${JSON.stringify(body)}\nprism log:\n${prismLog}`).toBe(200);
    expect(responseExamples(operation, '200')).toContainEqual(body);
  });

  it('answers the typed client (spec/client.ts) on GET /partner/v1/dealers/{dealerId} with a documented example', async () => {
    const client = createPartnerClient(baseUrl, { accessToken: 'sandbox-partner-token' });
    const { data, response } = await client.GET('/partner/v1/dealers/{dealerId}', {
      params: { path: { dealerId: 12345 } },
    });

    expect(response.status, `prism log:\n${prismLog}`).toBe(200);
    expect(responseExamples(findOperation('getDealer'), '200')).toContainEqual(data);
  });
});

/** Finds a free TCP port on the loopback interface by listening on port 0 and closing again. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Polls until something answers HTTP at `url` (any status), failing after `limitMs` or if Prism exits. */
async function waitUntilAnswering(url: string, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (prism?.exitCode !== null) throw new Error(`Prism exited early (${prism?.exitCode}):\n${prismLog}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`Prism did not answer within ${limitMs} ms:\n${prismLog}`);
}

async function readBody(response: Response): Promise<Json> {
  const text = await response.text();
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

function findOperation(operationId: string): JsonObject {
  for (const item of Object.values(asObject(spec.paths))) {
    for (const operation of Object.values(asObject(item))) {
      if (asObject(operation).operationId === operationId) return asObject(operation);
    }
  }
  throw new Error(`operation ${operationId} not in the spec`);
}

/** The documented request body examples of an operation for one media type. */
function requestExamples(operation: JsonObject, mediaType: string): Json[] {
  return mediaExamples(asObject(asObject(deref(operation.requestBody).content)[mediaType]));
}

/** The documented JSON body examples of one response of an operation. */
function responseExamples(operation: JsonObject, status: string): Json[] {
  const response = deref(asObject(operation.responses)[status]);
  return mediaExamples(asObject(asObject(response.content)['application/json']));
}

function mediaExamples(media: JsonObject): Json[] {
  const values = Object.values(asObject(media.examples)).map((example) => deref(example).value ?? null);
  return 'example' in media ? [media.example ?? null, ...values] : values;
}

function deref(node: Json | undefined): JsonObject {
  let current = asObject(node);
  for (let hops = 0; typeof current.$ref === 'string' && hops < 10; hops++) {
    let target: Json | undefined = spec;
    for (const token of current.$ref.slice(2).split('/')) {
      target = asObject(target)[decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~')];
    }
    current = asObject(target);
  }
  return current;
}

function asObject(value: Json | undefined): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}
