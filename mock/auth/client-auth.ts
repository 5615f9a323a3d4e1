import { createHash, timingSafeEqual } from 'node:crypto';
import { decodeProtectedHeader, importJWK, errors as joseErrors, jwtVerify } from 'jose';
import { type Clock, epochSeconds } from '../clock.ts';
import { oauthError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import type { ClientRecord } from '../store/types.ts';

/** The client authentication methods of RFC 6749 section 2.3 and RFC 7523 the mock accepts. */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

/** The `client_assertion_type` of RFC 7523 section 2.2. */
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** The longest lifetime a client assertion may declare (`exp` minus now), in seconds. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;

/** Form fields that carry client credentials. */
export interface ClientCredentialFields {
  client_id?: string | undefined;
  client_secret?: string | undefined;
  client_assertion_type?: string | undefined;
  client_assertion?: string | undefined;
}

/** A client that proved who it is, and how. */
export interface AuthenticatedClient {
  client: ClientRecord;
  method: ClientAuthMethod;
}

/** SHA-256 hex digest, used for stored secrets, codes and refresh tokens. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Authenticates the client of a token or revocation request, by exactly one of the three methods. */
export class ClientAuthenticator {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    /** Values accepted as an assertion's `aud`: the token endpoint URL and the issuer. */
    private readonly assertionAudiences: string[],
  ) {}

  async authenticate(
    authorization: string | undefined,
    fields: ClientCredentialFields,
  ): Promise<AuthenticatedClient> {
    const basic = parseBasic(authorization);
    const methods = [basic, fields.client_secret, fields.client_assertion].filter(
      (m) => m !== undefined,
    ).length;
    if (methods > 1) oauthError('invalid_request', 'Use exactly one client authentication method.');
    if (basic) return this.bySecret(basic.clientId, basic.secret, 'client_secret_basic', fields.client_id);
    if (fields.client_secret !== undefined) {
      if (!fields.client_id) oauthError('invalid_request', 'client_id is required with client_secret.');
      return this.bySecret(fields.client_id, fields.client_secret, 'client_secret_post', undefined);
    }
    if (fields.client_assertion !== undefined || fields.client_assertion_type !== undefined) {
      return this.byAssertion(fields);
    }
    oauthError(
      'invalid_client',
      'No client authentication was given (Basic, client_secret or client_assertion).',
    );
  }

  private bySecret(
    clientId: string,
    secret: string,
    method: 'client_secret_basic' | 'client_secret_post',
    bodyClientId: string | undefined,
  ): AuthenticatedClient {
    const basicChallenge = method === 'client_secret_basic';
    if (bodyClientId !== undefined && bodyClientId !== clientId) {
      oauthError('invalid_request', 'client_id in the body does not match the Basic credentials.');
    }
    const client = this.store.getClient(clientId);
    if (!client?.secret_sha256 || !sameDigest(client.secret_sha256, sha256(secret))) {
      oauthError('invalid_client', 'Client authentication failed.', { basicChallenge });
    }
    return { client, method };
  }

  private async byAssertion(fields: ClientCredentialFields): Promise<AuthenticatedClient> {
    if (fields.client_assertion_type !== JWT_BEARER_ASSERTION) {
      oauthError('invalid_request', `client_assertion_type must be ${JWT_BEARER_ASSERTION}.`);
    }
    const assertion = fields.client_assertion;
    if (!assertion) oauthError('invalid_request', 'client_assertion is required.');
    let header: ReturnType<typeof decodeProtectedHeader>;
    let claims: { iss?: unknown; sub?: unknown };
    try {
      header = decodeProtectedHeader(assertion);
      claims = JSON.parse(
        Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString('utf8'),
      ) as typeof claims;
    } catch {
      oauthError('invalid_client', 'client_assertion is not a JWT.');
    }
    const clientId = typeof claims.iss === 'string' ? claims.iss : '';
    if (fields.client_id !== undefined && fields.client_id !== clientId) {
      oauthError('invalid_client', 'client_id does not match the assertion issuer.');
    }
    const client = this.store.getClient(clientId);
    if (!client) oauthError('invalid_client', 'The assertion names an unknown client.');
    if (header.alg !== 'RS256' && header.alg !== 'ES256') {
      oauthError('invalid_client', 'Client assertions must be signed with RS256 or ES256.');
    }
    const jwk = client.public_jwks.find(
      (key) =>
        (header.kid === undefined || key.kid === header.kid) &&
        (header.alg === 'RS256') === (key.kty === 'RSA'),
    );
    if (!jwk) oauthError('invalid_client', 'No registered public key of the client matches the assertion.');
    const now = this.clock.now();
    try {
      const key = await importJWK({ ...jwk, alg: header.alg }, header.alg);
      const { payload } = await jwtVerify(assertion, key, {
        algorithms: [header.alg],
        issuer: client.client_id,
        subject: client.client_id,
        audience: this.assertionAudiences,
        currentDate: new Date(now),
        requiredClaims: ['exp', 'jti'],
      });
      if ((payload.exp as number) - epochSeconds(now) > MAX_ASSERTION_LIFETIME_SECONDS) {
        oauthError('invalid_client', 'The assertion expires more than 5 minutes from now.');
      }
      if (
        !this.store.recordAssertionJti(
          client.client_id,
          payload.jti as string,
          (payload.exp as number) * 1000,
          now,
        )
      ) {
        oauthError('invalid_client', 'The assertion jti was already used.');
      }
    } catch (error) {
      if (!(error instanceof joseErrors.JOSEError)) throw error;
      oauthError('invalid_client', `The client assertion was rejected: ${describeJoseError(error)}`);
    }
    return { client, method: 'private_key_jwt' };
  }
}

function describeJoseError(error: InstanceType<typeof joseErrors.JOSEError>): string {
  if (error instanceof joseErrors.JWTExpired) return 'it has expired.';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `claim "${error.claim}" is not valid.`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the signature does not verify.';
  return error.message;
}

function parseBasic(authorization: string | undefined): { clientId: string; secret: string } | undefined {
  if (!authorization || !/^basic /i.test(authorization)) return undefined;
  const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) oauthError('invalid_client', 'Malformed Basic credentials.', { basicChallenge: true });
  // RFC 6749 section 2.3.1: both parts are form-urlencoded before base64.
  const decode = (part: string) => decodeURIComponent(part.replaceAll('+', ' '));
  try {
    return { clientId: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
  } catch {
    oauthError('invalid_client', 'Malformed Basic credentials.', { basicChallenge: true });
  }
}

function sameDigest(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
