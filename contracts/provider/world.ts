import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { MockClock } from '../../mock/clock.ts';
import {
  DEMO_CREDENTIALS,
  DEMO_REDIRECT_URIS,
  PLATFORM_DEMO_PRIVATE_KEY_PATH,
} from '../../mock/demo-world.ts';
import { type RunningMock, startMock } from '../../mock/server.ts';
import { createAdminClient } from '../../spec/admin-client.ts';

/** Where the verification clock stands still: 2026-01-15T10:00:00.000Z (tokens never age by themselves). */
export const VERIFICATION_T0 = Date.UTC(2026, 0, 15, 10, 0, 0);

/** How a client of the sandbox authenticates; only the demo clients' secrets and key are known. */
export interface SandboxClient {
  clientId: string;
  clientSecret: string;
  /** PKCS#8 PEM and kid, for clients that may sign assertions. */
  privateKey?: { pem: string; keyId: string };
}

/** The sandbox clients whose credentials the verifier can inject. */
export function knownClients(): SandboxClient[] {
  return [
    {
      clientId: DEMO_CREDENTIALS.dealerApp.client_id,
      clientSecret: DEMO_CREDENTIALS.dealerApp.client_secret,
    },
    {
      clientId: DEMO_CREDENTIALS.platform.client_id,
      clientSecret: DEMO_CREDENTIALS.platform.client_secret,
      privateKey: {
        pem: readFileSync(PLATFORM_DEMO_PRIVATE_KEY_PATH, 'utf8'),
        keyId: DEMO_CREDENTIALS.platform.key_id,
      },
    },
  ];
}

/** What the bearer token of the interaction under verification should be. */
export type BearerMode =
  | { kind: 'client' }
  | { kind: 'user'; token: string }
  | { kind: 'fixed'; token: string };

/** An authorization code a state prepared for a code-exchange interaction. */
export interface PreparedCode {
  code: string;
  verifier: string;
  redirectUri: string;
}

/**
 * The world a verification runs in: an in-process stateful mock on port 0 with a frozen clock, the
 * client the pact speaks for, and what the states of the current interaction decided about tokens.
 */
export class VerificationWorld {
  /** Bearer token mode of the current interaction; states may change it, every interaction starts at `client`. */
  bearer: BearerMode = { kind: 'client' };
  /** The code prepared by a "has approved" state, if any. */
  code: PreparedCode | null = null;
  private readonly admin;

  private constructor(
    readonly mock: RunningMock,
    readonly clock: MockClock,
    /** The client the pact under verification speaks for. */
    public caller: SandboxClient,
  ) {
    this.admin = createAdminClient(mock.url);
  }

  /** Starts a fresh in-memory mock. */
  static async start(caller: SandboxClient): Promise<VerificationWorld> {
    const clock = new MockClock(VERIFICATION_T0);
    const mock = await startMock({ port: 0 }, { statePath: ':memory:', clock, log: () => {} });
    return new VerificationWorld(mock, clock, caller);
  }

  /** Back to the demo world at T0 with no faults and full rate-limit buckets (the mock's own reset). */
  async reset(): Promise<void> {
    this.clock.set(VERIFICATION_T0);
    const { response } = await this.admin.POST('/__mock/reset');
    if (!response.ok) throw new Error(`the mock's reset answered ${response.status}`);
    this.bearer = { kind: 'client' };
    this.code = null;
  }

  /** A fresh access token of a client, with all its registered scopes unless `scopes` is given. */
  async clientToken(clientId: string, scopes?: string[]): Promise<string> {
    const client = this.mock.context.store.getClient(clientId);
    if (!client) throw new Error(`the sandbox has no client "${clientId}"`);
    return (await this.mock.context.tokens.issue(client, scopes ?? client.scopes, null)).token;
  }

  /** A token of the client that expired one second ago: issued, then the frozen clock moved past it. */
  async expiredClientToken(clientId: string): Promise<string> {
    const client = this.mock.context.store.getClient(clientId);
    if (!client) throw new Error(`the sandbox has no client "${clientId}"`);
    const issued = await this.mock.context.tokens.issue(client, client.scopes, null);
    this.clock.set(issued.expiresAt + 1000);
    return issued.token;
  }

  /** A fresh user token of a dealer user through a platform client (what connect needs). */
  async userToken(clientId: string, email: string): Promise<string> {
    const client = this.mock.context.store.getClient(clientId);
    const user = this.mock.context.store.getUserByEmail(email);
    if (!client) throw new Error(`the sandbox has no client "${clientId}"`);
    if (!user) throw new Error(`the sandbox has no user "${email}"`);
    return (await this.mock.context.tokens.issue(client, ['openid', 'offline_access', 'read:dealer'], user))
      .token;
  }

  /** Runs the authorize step for a user (the mock's `prompt=none` shortcut) and keeps the code. */
  async approve(clientId: string, email: string): Promise<PreparedCode> {
    const verifier = randomBytes(32).toString('base64url');
    const redirectUri =
      this.mock.context.store.getClient(clientId)?.redirect_uris[0] ?? DEMO_REDIRECT_URIS[0];
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri as string,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      scope: 'openid offline_access read:dealer',
      state: 'contract',
      login_hint: email,
      prompt: 'none',
    });
    const response = await fetch(`${this.mock.url}/oauth/authorize?${query}`, { redirect: 'manual' });
    const code = new URL(response.headers.get('location') ?? 'http://invalid/').searchParams.get('code');
    if (response.status !== 302 || !code)
      throw new Error(`authorize for ${email} failed (${response.status})`);
    this.code = { code, verifier, redirectUri: redirectUri as string };
    return this.code;
  }

  /** Calls the mock's own API directly (not through the verifier), throwing on an unexpected status. */
  async api<T>(
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.mock.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** A token of a client that reaches the dealer: the caller if it can, else the dealer's own Dealer app. */
  async tokenReaching(dealerId: number): Promise<string> {
    const { store } = this.mock.context;
    const candidates = [this.caller.clientId, ...store.listClients().map((c) => c.client_id)];
    for (const clientId of candidates) {
      const client = store.getClient(clientId);
      if (!client) continue;
      const reaches =
        client.kind === 'dealer_app'
          ? client.dealer_id === dealerId
          : store.getBinding(clientId, dealerId) !== null;
      if (reaches) return this.clientToken(clientId);
    }
    throw new Error(
      `no client of the sandbox reaches dealer ${dealerId}: give "dealer ${dealerId} is connected to <client> as <id>" first`,
    );
  }

  async stop(): Promise<void> {
    await this.mock.stop();
  }
}
