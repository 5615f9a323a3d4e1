import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { importPKCS8, SignJWT } from 'jose';
import { afterEach } from 'vitest';
import { MockClock } from '../../mock/clock.ts';
import {
  DEMO_CREDENTIALS,
  DEMO_REDIRECT_URIS,
  PLATFORM_DEMO_PRIVATE_KEY_PATH,
} from '../../mock/demo-world.ts';
import { type RunningMock, startMock } from '../../mock/server.ts';

/** A fixed start time for frozen test clocks: 2026-01-15T10:00:00.000Z. */
export const T0 = Date.UTC(2026, 0, 15, 10, 0, 0);

const running: RunningMock[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((mock) => mock.stop()));
});

/** A fresh mock on port 0 with an in-memory store and a frozen clock; stopped after the test. */
export async function freshMock(options: Parameters<typeof startMock>[1] = {}): Promise<RunningMock> {
  const mock = await startMock({ port: 0 }, { clock: new MockClock(T0), log: () => {}, ...options });
  running.push(mock);
  return mock;
}

/** Sends a request to the mock and returns status, headers and parsed body. */
export async function call(
  mock: RunningMock,
  method: string,
  path: string,
  options: {
    token?: string;
    body?: unknown;
    form?: Record<string, string>;
    headers?: Record<string, string>;
  } = {},
  // biome-ignore lint/suspicious/noExplicitAny: bodies are dynamic JSON that each test asserts on
): Promise<{ status: number; headers: Headers; body: any }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | null = null;
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  } else if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const response = await fetch(`${mock.url}${path}`, { method, headers, body, redirect: 'manual' });
  const text = await response.text();
  let parsed: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed };
}

/** A client-credentials token for a demo client (client_secret_post). */
export async function clientToken(
  mock: RunningMock,
  who: 'dealerApp' | 'platform' = 'dealerApp',
  scope?: string,
): Promise<string> {
  const { client_id, client_secret } = DEMO_CREDENTIALS[who];
  const form: Record<string, string> = { grant_type: 'client_credentials', client_id, client_secret };
  if (scope !== undefined) form.scope = scope;
  const response = await call(mock, 'POST', '/oauth/token', { form });
  if (response.status !== 200) throw new Error(`token request failed: ${JSON.stringify(response.body)}`);
  return response.body.access_token as string;
}

/** A PKCE verifier and its S256 challenge. */
export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Runs the authorize step for a demo user with `prompt=none` and returns the code from the redirect. */
export async function authorizationCode(
  mock: RunningMock,
  email: string,
  options: { challenge: string; scope?: string; clientId?: string; redirectUri?: string },
): Promise<string> {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: options.clientId ?? DEMO_CREDENTIALS.platform.client_id,
    redirect_uri: options.redirectUri ?? (DEMO_REDIRECT_URIS[0] as string),
    code_challenge: options.challenge,
    code_challenge_method: 'S256',
    state: 'xyz',
    login_hint: email,
    prompt: 'none',
  });
  if (options.scope) query.set('scope', options.scope);
  const response = await call(mock, 'GET', `/oauth/authorize?${query}`);
  const location = new URL(response.headers.get('location') ?? 'http://invalid/');
  const code = location.searchParams.get('code');
  if (response.status !== 302 || !code) {
    throw new Error(
      `authorize failed: ${response.status} ${location.search} ${JSON.stringify(response.body)}`,
    );
  }
  return code;
}

/** A demo user's authorization-code token for the demo Platform partner (and its refresh token). */
export async function userTokens(
  mock: RunningMock,
  email: string,
  scope = 'openid offline_access read:dealer',
): Promise<{ access_token: string; refresh_token?: string }> {
  const { verifier, challenge } = pkce();
  const code = await authorizationCode(mock, email, { challenge, scope });
  const { client_id, client_secret } = DEMO_CREDENTIALS.platform;
  const response = await call(mock, 'POST', '/oauth/token', {
    form: {
      grant_type: 'authorization_code',
      code,
      redirect_uri: DEMO_REDIRECT_URIS[0] as string,
      code_verifier: verifier,
      client_id,
      client_secret,
    },
  });
  if (response.status !== 200) throw new Error(`code exchange failed: ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Connects a demo dealer (through its admin) to the demo Platform partner under an external id. */
export async function connect(mock: RunningMock, adminEmail: string, externalDealerId: string) {
  const { access_token } = await userTokens(mock, adminEmail);
  return call(mock, 'PUT', '/partner/v1/dealers/connect', {
    token: access_token,
    body: { external_dealer_id: externalDealerId, company_name: 'Ignored Name' },
  });
}

/** A client assertion signed with the demo Platform partner's published private key. */
export async function platformAssertion(
  audience: string,
  claims: { exp?: number; jti?: string; iat?: number } = {},
): Promise<string> {
  const key = await importPKCS8(readFileSync(PLATFORM_DEMO_PRIVATE_KEY_PATH, 'utf8'), 'RS256');
  const iat = claims.iat ?? Math.floor(T0 / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid: DEMO_CREDENTIALS.platform.key_id })
    .setIssuer(DEMO_CREDENTIALS.platform.client_id)
    .setSubject(DEMO_CREDENTIALS.platform.client_id)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(claims.exp ?? iat + 300)
    .setJti(claims.jti ?? randomBytes(8).toString('hex'))
    .sign(key);
}
