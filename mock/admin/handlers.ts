import { parse as parseYaml } from 'yaml';
import type { AdminOperations, Client, Seed } from '../../spec/admin-types.ts';
import { isoAt } from '../clock.ts';
import type { MockContext } from '../context.ts';
import { demoSeed } from '../demo-world.ts';
import { badRequest, conflict, MockError } from '../errors.ts';
import type { HandlerTable } from '../http/handler.ts';
import { limitOf, type RateLimiter } from '../http/rate-limit.ts';
import type { Violation } from '../openapi/validator.ts';
import { checkSeed, clientProblem, insertClient, SeedError, writeSeed } from '../seed.ts';
import { writeSeedResources } from '../seed-resources.ts';
import { SCHEMA_VERSION } from '../store/migrations.ts';
import { clearWorld, exportTables, importTables, SnapshotError, summarize } from '../store/snapshot.ts';
import type { ClientRecord } from '../store/types.ts';
import type { FaultInjector } from './faults.ts';
import type { Journal } from './journal.ts';

/** What the control plane steers, besides the mock's context. */
export interface ControlPlaneParts {
  context: MockContext;
  journal: Journal;
  faults: FaultInjector;
  rateLimiter: RateLimiter;
  /** Checks a value against a schema of the admin spec (for YAML seeds, which arrive as text). */
  validateSeed: (seed: unknown) => Violation[];
  /** Runs whatever became due when the clock moved (webhook retries). */
  afterClockChange: () => Promise<void>;
}

/** The control plane's handlers, by the admin spec's operationIds. */
export function adminHandlers(parts: ControlPlaneParts): HandlerTable<AdminOperations> {
  const { context, journal, faults } = parts;
  const { store, clock } = context;

  const replaceWorld = (seed: Seed) => {
    try {
      checkSeed(seed);
    } catch (error) {
      if (error instanceof SeedError) badRequest('invalid_seed', error.message, error.field);
      throw error;
    }
    try {
      store.transaction(() => {
        clearWorld(store);
        writeSeed(store, seed, context.partnerScopes, isoAt(clock.now()));
        writeSeedResources(context, seed.resources);
      });
    } catch (error) {
      // Thrown inside the transaction, so nothing of the seed was kept.
      if (error instanceof SeedError) badRequest('invalid_seed', error.message, error.field);
      throw error;
    }
    journal.clear();
    faults.clear();
    parts.rateLimiter.clear();
    return { status: 200 as const, body: summarize(store) };
  };

  const clockState = () => ({
    status: 200 as const,
    body: { now: isoAt(clock.now()), frozen: clock.frozen },
  });

  return {
    resetState: () => replaceWorld(demoSeed()),

    loadSeed: ({ body }) => {
      const seed = typeof body === 'string' ? parseSeedText(body) : body;
      const violations = parts.validateSeed(seed);
      if (violations.length > 0) seedViolation(violations, seed);
      return replaceWorld(seed as Seed);
    },

    exportSnapshot: () => ({
      status: 200,
      body: { schema_version: SCHEMA_VERSION, exported_at: isoAt(clock.now()), tables: exportTables(store) },
    }),

    importSnapshot: ({ body }) => {
      if (body.schema_version !== SCHEMA_VERSION) {
        badRequest(
          'invalid_snapshot',
          `The snapshot has schema version ${body.schema_version}; this mock imports version ${SCHEMA_VERSION}.`,
          'schema_version',
        );
      }
      try {
        importTables(store, body.tables);
      } catch (error) {
        if (error instanceof SnapshotError) badRequest('invalid_snapshot', error.message, error.field);
        throw error;
      }
      journal.clear();
      faults.clear();
      parts.rateLimiter.clear();
      return { status: 200, body: summarize(store) };
    },

    getClock: clockState,

    setClock: async ({ body }) => {
      if (body.now !== undefined) clock.set(Date.parse(body.now));
      if (body.frozen === true) clock.freeze();
      if (body.frozen === false) clock.unfreeze();
      await parts.afterClockChange();
      return clockState();
    },

    advanceClock: async ({ body }) => {
      clock.advance(Math.round(body.seconds * 1000));
      await parts.afterClockChange();
      return clockState();
    },

    listFaults: () => ({ status: 200, body: faults.list() }),
    createFault: ({ body }) => ({ status: 201, body: faults.add(body) }),
    clearFaults: () => {
      faults.clear();
      return { status: 204, body: undefined };
    },
    deleteFault: ({ path }) => {
      faults.remove(path.faultId);
      return { status: 204, body: undefined };
    },

    listClients: () => ({ status: 200, body: store.listClients().map(clientView) }),
    registerClient: ({ body }) => {
      if (store.getClient(body.client_id))
        conflict('client_exists', `A client ${body.client_id} exists already.`, 'client_id');
      const problem = clientProblem(body, (id) => store.getDealer(id) !== null);
      if (problem) badRequest('invalid_request', `${body.client_id}: ${problem.message}`, problem.field);
      insertClient(store, body, context.partnerScopes, isoAt(clock.now()));
      return { status: 201, body: clientView(store.getClient(body.client_id) as ClientRecord) };
    },

    listJournal: ({ query }) => ({ status: 200, body: journal.list(query) }),
    clearJournal: () => {
      journal.clear();
      return { status: 204, body: undefined };
    },
  };
}

/** A client as the admin API shows it: no secret, no key material. */
function clientView(client: ClientRecord): Client {
  const limit = limitOf(client);
  return {
    client_id: client.client_id,
    name: client.name,
    kind: client.kind,
    dealer_id: client.dealer_id,
    has_secret: client.secret_sha256 !== null,
    public_key_ids: client.public_jwks.map((key) => key.kid ?? '(no kid)'),
    redirect_uris: client.redirect_uris,
    scopes: client.scopes,
    rate_tier: client.rate_tier,
    rate_limit_per_minute: limit.perMinute,
    rate_limit_burst: limit.perSecond,
    created_at: client.created_at,
  };
}

function parseSeedText(text: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    badRequest('invalid_seed', `The seed is not valid YAML: ${(error as Error).message}`, 'body');
  }
}

/**
 * A seed that fails its schema, reported by entry: `clients[1] (client_id "acme-app"): kind must
 * be one of ...`, so the author finds the entry without counting.
 */
export function seedViolation(violations: Violation[], seed: unknown): never {
  const first = violations[0] as Violation;
  const field = first.field.replace(/^body\.?/, '');
  const match = /^(dealers|users|clients|bindings)\[(\d+)\]/.exec(field);
  let where = field || 'seed';
  if (match) {
    const [, list, index] = match as unknown as [string, string, string];
    const item = (seed as Record<string, unknown[]> | null)?.[list]?.[Number(index)] as
      | Record<string, unknown>
      | undefined;
    const idName = {
      dealers: 'dealer_id',
      users: 'email',
      clients: 'client_id',
      bindings: 'external_dealer_id',
    }[list] as string;
    if (item && item[idName] !== undefined)
      where = `${list}[${index}] (${idName} ${JSON.stringify(item[idName])})${field.slice(match[0].length)}`;
  }
  throw new MockError(400, 'invalid_seed', `${where}: ${first.message}`, { field: field || null });
}
