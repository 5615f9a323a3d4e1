import { randomUUID } from 'node:crypto';
import { importPKCS8, type KeyObject, SignJWT } from 'jose';
import type { TokenRequest, TokenResponse } from '../../spec/types.ts';

/** How the client proves who it is at the token endpoint. */
export type ClientCredentials =
  | {
      /** Client id and secret in the form (`client_secret_post`) or as HTTP Basic (`client_secret_basic`). */
      method: 'client_secret_post' | 'client_secret_basic';
      clientId: string;
      clientSecret: string;
    }
  | {
      /** A JWT assertion signed with the client's registered private key (`private_key_jwt`). */
      method: 'private_key_jwt';
      clientId: string;
      /** PKCS#8 PEM text or a key object. */
      privateKey: string | KeyObject | CryptoKey;
      keyId: string;
      algorithm?: 'RS256' | 'ES256';
    };

/** The form and the optional Basic `Authorization` of one token request. */
export interface TokenCall {
  form: TokenRequest;
  authorization?: string;
}

/** Sends a token request and returns the token response (throws on an error answer). */
export type TokenEndpoint = (call: TokenCall) => Promise<TokenResponse>;

/** Options of {@link TokenManager}. */
export interface TokenManagerOptions {
  credentials: ClientCredentials;
  /** URL of the token endpoint: the `aud` of client assertions. */
  tokenUrl: string;
  endpoint: TokenEndpoint;
  /** Space-separated scopes to ask for; all registered scopes when omitted. */
  scope?: string;
  /** Renew this long before the token expires (default 60 s), so no call is sent with a dying token. */
  renewBeforeMs?: number;
  now?: () => number;
}

/**
 * Gets client-credentials access tokens, caches them and renews them `renewBeforeMs` before expiry.
 * Concurrent callers share one in-flight request.
 */
export class TokenManager {
  private cached: { token: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;
  private readonly now: () => number;

  constructor(private readonly options: TokenManagerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** A valid access token: the cached one, or a new one when it is missing or about to expire. */
  async accessToken(): Promise<string> {
    const margin = this.options.renewBeforeMs ?? 60_000;
    if (this.cached && this.now() < this.cached.expiresAt - margin) return this.cached.token;
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** Forgets the cached token, e.g. after the API answered 401 `invalid_token`. */
  invalidate(): void {
    this.cached = null;
  }

  private async fetchToken(): Promise<string> {
    const requestedAt = this.now();
    const call = await tokenCall(this.options.credentials, this.options.tokenUrl, requestedAt, {
      grant_type: 'client_credentials',
      ...(this.options.scope === undefined ? {} : { scope: this.options.scope }),
    });
    const response = await this.options.endpoint(call);
    this.cached = { token: response.access_token, expiresAt: requestedAt + response.expires_in * 1000 };
    return response.access_token;
  }
}

/** Adds the client authentication of `credentials` to a token-endpoint form. */
export async function tokenCall(
  credentials: ClientCredentials,
  tokenUrl: string,
  now: number,
  form: TokenRequest,
): Promise<TokenCall> {
  switch (credentials.method) {
    case 'client_secret_post':
      return {
        form: { ...form, client_id: credentials.clientId, client_secret: credentials.clientSecret },
      };
    case 'client_secret_basic': {
      // RFC 6749 section 2.3.1: both parts are form-urlencoded before Base64.
      const user = encodeURIComponent(credentials.clientId);
      const secret = encodeURIComponent(credentials.clientSecret);
      return { form, authorization: `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}` };
    }
    case 'private_key_jwt':
      return {
        form: {
          ...form,
          client_id: credentials.clientId,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: await signAssertion(credentials, tokenUrl, now),
        },
      };
  }
}

/** A single-use client assertion valid for 5 minutes (the longest the API accepts). */
export async function signAssertion(
  credentials: Extract<ClientCredentials, { method: 'private_key_jwt' }>,
  audience: string,
  now: number,
): Promise<string> {
  const algorithm = credentials.algorithm ?? 'RS256';
  const key =
    typeof credentials.privateKey === 'string'
      ? await importPKCS8(credentials.privateKey, algorithm)
      : credentials.privateKey;
  const iat = Math.floor(now / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: algorithm, kid: credentials.keyId })
    .setIssuer(credentials.clientId)
    .setSubject(credentials.clientId)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 300)
    .setJti(randomUUID())
    .sign(key);
}
