import express, { type Express } from 'express';
import type { JWK } from 'jose';
import { ADMIN_PREFIX, controlPlane } from './admin/control-plane.ts';
import { FaultInjector } from './admin/faults.ts';
import { Journal } from './admin/journal.ts';
import { ClientAuthenticator } from './auth/client-auth.ts';
import { loadSigningKey } from './auth/signing-key.ts';
import { TokenService } from './auth/tokens.ts';
import { isoAt, MockClock } from './clock.ts';
import type { MockContext } from './context.ts';
import { demoSeed } from './demo-world.ts';
import { DomainEvents } from './events.ts';
import { IdempotencyGuard } from './http/idempotency.ts';
import { createPipeline } from './http/pipeline.ts';
import { RateLimiter, type RateLimitMode } from './http/rate-limit.ts';
import { errorMiddleware } from './http/render-error.ts';
import { loadDocument, type OpenApiDocument } from './openapi/document.ts';
import { OperationIndex } from './openapi/operations.ts';
import { SpecValidator, type Violation } from './openapi/validator.ts';
import { authorizeViolation } from './routes/authorize.ts';
import { allHandlers } from './routes/index.ts';
import { oauthRequestViolation } from './routes/oauth.ts';
import { writeSeed } from './seed.ts';
import { Store } from './store/store.ts';
import { WebhookDispatcher } from './webhooks/dispatcher.ts';

/** How one mock instance is built. Every field has a default suited to tests. */
export interface MockOptions {
  /** The base URL clients reach the mock at; the `iss` of its tokens. */
  issuer: string;
  /** SQLite file, or `:memory:`. */
  statePath?: string;
  clock?: MockClock;
  /** Access-token lifetime in seconds (docs: "typically 1 hour"; the auth sample shows 24 h). */
  tokenLifetimeSeconds?: number;
  rateLimits?: RateLimitMode;
  /** Where response violations and internal errors are reported. */
  log?: (message: string) => void;
  /** When set, the control plane (`/__mock/`) requires it as a bearer token; else it answers loopback only. */
  adminToken?: string | null;
  /** How many requests the journal keeps. */
  journalSize?: number;
  /** A signing key already being generated, used if the store has none yet (saves start-up time). */
  freshSigningKey?: Promise<JWK>;
}

/** A built mock: the express app and the state behind it. */
export interface Mock {
  app: Express;
  context: MockContext;
  /** Response violations seen so far (each was also answered 500 and logged). */
  violations: { operationId: string; status: number; violations: Violation[] }[];
  /** Webhook deliveries: `runDue()` sends what is due on the mock's clock; `deliveries()` is the log. */
  webhooks: WebhookDispatcher;
  /** The request journal (also served at `GET /__mock/journal`). */
  journal: Journal;
  /** Armed faults (also served at `/__mock/faults`). */
  faults: FaultInjector;
  /**
   * Compiles the validators of operations not called yet. Operations compile on first use, so the
   * mock answers at once; this runs them all soon after, so a spec it cannot honour still shows.
   */
  warmUp(): Promise<void>;
  close(): void;
}

/** The audience of every access token: the Partner API (assumption, see spec/ASSUMPTIONS.md). */
export const API_AUDIENCE = 'https://api.chekt.com/partner/v1';

const spec = lazy(() => {
  const document = loadDocument();
  const index = new OperationIndex(document);
  return { document, index, validator: new SpecValidator(document, index) };
});

/** Builds a mock on a store that holds the demo world when it is new. */
export async function createMock(options: MockOptions): Promise<Mock> {
  const { document, index, validator } = spec();
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const clock = options.clock ?? new MockClock();
  const store = new Store(options.statePath ?? ':memory:');
  const partnerScopes = scopesOf(document, 'partnerClientCredentials', 'clientCredentials');
  const userScopes = scopesOf(document, 'dealerAdminAuthorizationCode', 'authorizationCode').filter(
    (scope) => !partnerScopes.includes(scope),
  );
  if (store.listClients().length === 0 && store.listDealers().length === 0) {
    store.transaction(() => writeSeed(store, demoSeed(), partnerScopes, isoAt(clock.now())));
  }
  const signingKey = await loadSigningKey(store, options.freshSigningKey);
  const issuer = options.issuer.replace(/\/$/, '');
  const context: MockContext = {
    store,
    clock,
    tokens: new TokenService(signingKey, clock, issuer, API_AUDIENCE, options.tokenLifetimeSeconds ?? 3600),
    clientAuth: new ClientAuthenticator(store, clock, [`${issuer}/oauth/token`, issuer, `${issuer}/`]),
    issuer,
    events: new DomainEvents(),
    checkSchema: (name, value, location) => validator.validateSchema(name, value, location),
    signingJwk: signingKey.publicJwk,
    partnerScopes,
    userScopes,
    lifetimes: { authCodeSeconds: 60, refreshTokenSeconds: 30 * 24 * 3600 },
  };
  const violations: Mock['violations'] = [];
  const webhooks = new WebhookDispatcher(context, { log });
  webhooks.start();
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // The control plane reads its own (larger: whole snapshots) bodies, after its guard.
  const partnerJson = express.json({ limit: '1mb' });
  app.use((req, res, next) => (req.path.startsWith(ADMIN_PREFIX) ? next() : partnerJson(req, res, next)));
  app.use(express.urlencoded({ extended: false, limit: '64kb' }));
  // Event media uploads (PUT to the URLs createEvent hands out) arrive as raw bytes.
  app.use(express.raw({ type: ['image/*', 'video/*', 'application/octet-stream'], limit: '25mb' }));
  const journal = new Journal(options.journalSize ?? 10_000);
  const faults = new FaultInjector(new Set(index.operations.map((operation) => operation.operationId)));
  const rateLimiter = new RateLimiter(clock, options.rateLimits ?? 'enforce');
  const reportViolation = (operationId: string, status: number, found: Violation[]) => {
    violations.push({ operationId, status, violations: found });
    log(`SPEC VIOLATION in the mock's own ${status} response to ${operationId}: ${JSON.stringify(found)}`);
  };
  app.use(
    controlPlane(
      { context, journal, faults, rateLimiter, afterClockChange: () => webhooks.runDue() },
      { adminToken: options.adminToken ?? null },
      { rateLimiter, reportViolation },
    ),
  );
  app.use(
    createPipeline({
      context,
      index,
      validator,
      handlers: allHandlers(context),
      violationHandlers: {
        requestToken: oauthRequestViolation,
        revokeToken: oauthRequestViolation,
        authorize: (found, req) => authorizeViolation(context, req.query as Record<string, string>, found),
      },
      rateLimiter,
      faults,
      onComplete: (outcome) => journal.record(outcome),
      aroundHandler: new IdempotencyGuard(context).around,
      reportViolation,
    }),
  );
  app.use(errorMiddleware(log));
  return {
    app,
    context,
    violations,
    webhooks,
    journal,
    faults,
    warmUp: () => validator.compileRemaining(),
    close: () => store.close(),
  };
}

function scopesOf(document: OpenApiDocument, scheme: string, flow: string): string[] {
  const scopes = document.components?.securitySchemes?.[scheme]?.flows?.[flow]?.scopes;
  if (!scopes) throw new Error(`The spec has no ${flow} flow scopes on security scheme ${scheme}`);
  return Object.keys(scopes);
}

function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
}
