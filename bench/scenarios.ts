import { createHash, randomBytes } from 'node:crypto';
import { DEMO_CREDENTIALS, DEMO_REDIRECT_URIS } from '../mock/demo-world.ts';
import type { LoadRequest } from './load.ts';
import { type HttpAnswer, httpCall } from './processes.ts';

/** The demo Dealer app's own dealer: every read scenario targets it. */
export const DEALER_ID = DEMO_CREDENTIALS.dealerApp.dealer_id;
/** The dealer admin whose authorization-code token drives the connect scenario. */
export const ADMIN_EMAIL = 'admin@acme.test';
/** How many sites the sites scenario lists (the API's default page size). */
export const SITES_IN_LIST = 100;

/** The four loaded calls, in table order. */
export type ScenarioName = 'dealer' | 'sites' | 'token' | 'connect';
export const SCENARIOS: { name: ScenarioName; label: string; read: boolean }[] = [
  { name: 'dealer', label: 'GET /partner/v1/dealers/{id}', read: true },
  { name: 'sites', label: `GET .../sites (list of ${SITES_IN_LIST})`, read: true },
  { name: 'token', label: 'POST /oauth/token (client credentials)', read: false },
  { name: 'connect', label: 'PUT /partner/v1/dealers/connect', read: false },
];

/** The credentials the requests carry: real ones, issued by our mock. */
export interface Credentials {
  /** The Dealer app's client-credentials access token. */
  dealerAppToken: string;
  /** A dealer admin's authorization-code token for the Platform partner. */
  userToken: string;
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** The request each scenario sends; the same bytes go to ours, Prism and the bare server. */
export function scenarioRequests(credentials: Credentials): Record<ScenarioName, LoadRequest> {
  const { client_id, client_secret } = DEMO_CREDENTIALS.dealerApp;
  return {
    dealer: {
      method: 'GET',
      path: `/partner/v1/dealers/${DEALER_ID}`,
      headers: { authorization: `Bearer ${credentials.dealerAppToken}` },
    },
    sites: {
      method: 'GET',
      path: `/partner/v1/dealers/${DEALER_ID}/sites?limit=${SITES_IN_LIST}`,
      headers: { authorization: `Bearer ${credentials.dealerAppToken}` },
    },
    token: {
      method: 'POST',
      path: '/oauth/token',
      headers: FORM,
      body: form({ grant_type: 'client_credentials', client_id, client_secret }),
    },
    connect: {
      method: 'PUT',
      path: '/partner/v1/dealers/connect',
      headers: { authorization: `Bearer ${credentials.userToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ external_dealer_id: 'bench-1001', company_name: 'Acme Security' }),
    },
  };
}

function expect(answer: HttpAnswer, status: number, what: string): HttpAnswer {
  if (answer.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${answer.status} ${answer.body.slice(0, 300)}`);
  }
  return answer;
}

/** A Dealer app client-credentials token from our mock (client_secret_post). */
export async function dealerAppToken(port: number): Promise<string> {
  const { client_id, client_secret } = DEMO_CREDENTIALS.dealerApp;
  const answer = await httpCall(port, 'POST', '/oauth/token', {
    headers: FORM,
    body: form({ grant_type: 'client_credentials', client_id, client_secret }),
  });
  return (JSON.parse(expect(answer, 200, 'token request').body) as { access_token: string }).access_token;
}

/** A dealer admin's token for the demo Platform partner: authorize with prompt=none, then the code exchange. */
export async function userToken(port: number, email: string): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const redirectUri = DEMO_REDIRECT_URIS[0] as string;
  const { client_id, client_secret } = DEMO_CREDENTIALS.platform;
  const query = new URLSearchParams({
    response_type: 'code',
    client_id,
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'bench',
    login_hint: email,
    prompt: 'none',
    scope: 'openid read:dealer',
  });
  const redirect = expect(await httpCall(port, 'GET', `/oauth/authorize?${query}`), 302, 'authorize');
  const code = new URL(String(redirect.headers.location)).searchParams.get('code');
  if (!code) throw new Error(`authorize gave no code: ${String(redirect.headers.location)}`);
  const answer = await httpCall(port, 'POST', '/oauth/token', {
    headers: FORM,
    body: form({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      client_id,
      client_secret,
    }),
  });
  return (JSON.parse(expect(answer, 200, 'code exchange').body) as { access_token: string }).access_token;
}

/**
 * Builds the load state in our mock through the Partner API only: 100 sites for the Dealer app's
 * dealer (POST createSite), a dealer admin's user token, and a first connect (so that the loaded
 * connects are the idempotent repeats the spec describes).
 */
export async function prepareOurs(port: number): Promise<Credentials> {
  const token = await dealerAppToken(port);
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  for (let i = 1; i <= SITES_IN_LIST; i += 1) {
    const body = JSON.stringify({
      external_site_id: `bench-site-${String(i).padStart(4, '0')}`,
      name: `Bench Site ${i}`,
      timezone: i % 2 === 0 ? 'America/New_York' : 'Asia/Seoul',
      ...(i % 3 === 0 ? { account_number: String(100000 + i), address1: `${i} Main Street` } : {}),
    });
    const answer = await httpCall(port, 'POST', `/partner/v1/dealers/${DEALER_ID}/sites`, {
      headers: auth,
      body,
    });
    expect(answer, 201, `create site ${i}`);
  }
  const user = await userToken(port, ADMIN_EMAIL);
  const credentials = { dealerAppToken: token, userToken: user };
  const connect = scenarioRequests(credentials).connect;
  expect(
    await httpCall(port, 'PUT', connect.path, {
      headers: connect.headers ?? {},
      ...(connect.body !== undefined ? { body: connect.body } : {}),
    }),
    200,
    'first connect',
  );
  const list = expect(
    await httpCall(port, 'GET', scenarioRequests(credentials).sites.path, { headers: auth }),
    200,
    'list sites',
  );
  const count = (JSON.parse(list.body) as unknown[]).length;
  if (count !== SITES_IN_LIST) throw new Error(`the sites list holds ${count} sites, not ${SITES_IN_LIST}`);
  return credentials;
}
