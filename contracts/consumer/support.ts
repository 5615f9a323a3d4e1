import { MatchersV3, PactV3 } from '@pact-foundation/pact';
import { ReferenceClient, type TokenSource } from '../client/index.ts';
import { KIT_PACT_DIR, PROVIDER_NAME } from '../paths.ts';

// No telemetry from the consumer tests (there is no network to send it to anyway).
process.env.PACT_DO_NOT_TRACK ??= 'true';

const { regex, uuid } = MatchersV3;

/** The two consumers of the kit's pacts: one per OAuth client, as a partner's client would be. */
export const CONSUMERS = {
  dealerApp: 'chekt-reference-dealer-app',
  platform: 'chekt-reference-platform',
} as const;

/** A placeholder secret: the verifier swaps in the sandbox's credentials, so no real secret lands in a pact. */
export const PLACEHOLDER_SECRET = 'placeholder-secret-replaced-at-verification';

/** An example access token for the pacts; verification replaces every bearer token with a fresh one. */
export const EXAMPLE_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.example-token-replaced-at-verification.signature';

/** A PactV3 builder writing to the kit's pact folder. */
export function pactFor(consumer: string): PactV3 {
  return new PactV3({ consumer, provider: PROVIDER_NAME, dir: KIT_PACT_DIR, logLevel: 'warn' });
}

/** A token source that always hands out {@link EXAMPLE_TOKEN} (token handling has its own interactions). */
export const exampleTokens: TokenSource = { accessToken: async () => EXAMPLE_TOKEN, invalidate: () => {} };

/** The reference client pointed at a Pact mock server, retries off so each call is one interaction. */
export function clientAt(url: string, clientId: string, tokens: TokenSource | null = exampleTokens) {
  return new ReferenceClient({
    baseUrl: url,
    credentials: { method: 'client_secret_post', clientId, clientSecret: PLACEHOLDER_SECRET },
    retry: { maxAttempts: 1 },
    ...(tokens ? { tokens } : {}),
  });
}

/** Request headers every Partner API call of the reference client carries. */
export function apiHeaders(extra: Record<string, unknown> = {}) {
  return {
    Authorization: regex(/^Bearer \S+$/.source, `Bearer ${EXAMPLE_TOKEN}`),
    'x-partner-trace-id': uuid('550e8400-e29b-41d4-a716-446655440000'),
    ...extra,
  };
}

/** Headers of a state-changing call: the usual ones plus the idempotency key the client always sends. */
export function writeHeaders(withJsonBody = true) {
  return apiHeaders({
    'Idempotency-Key': uuid('0b6f2d4e-3c1a-4e8f-9a7b-6d5c4b3a2f10'),
    ...(withJsonBody ? { 'Content-Type': 'application/json' } : {}),
  });
}

/** JSON response headers. */
export const JSON_RESPONSE = {
  'Content-Type': regex('^application/json(;.*)?$', 'application/json; charset=utf-8'),
};

/** A timestamp matcher in the API's format. */
export function timestamp(example = '2026-01-15T10:00:00.000Z') {
  return regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.source, example);
}

/** The Partner API error envelope, matched by type except for the code. */
export function errorBody(code: string, message: string, field: string | null = null) {
  return {
    error: {
      code,
      message: MatchersV3.string(message),
      request_id: regex(/^req_\S+$/.source, 'req_91kxl2'),
      field: field === null ? null : MatchersV3.string(field),
    },
  };
}

/** A provider-state expression for `fromProviderState`, e.g. `ref('siteId')` is `${siteId}`. */
export function ref(name: string): string {
  return `\${${name}}`;
}
