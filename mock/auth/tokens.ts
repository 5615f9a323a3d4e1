import { randomUUID } from 'node:crypto';
import { compactVerify, errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { type Clock, epochSeconds } from '../clock.ts';
import { invalidToken } from '../errors.ts';
import type { ClientRecord, UserRecord } from '../store/types.ts';
import type { SigningKey } from './signing-key.ts';

/** How an access token was obtained; user tokens may connect a dealer, client tokens do the rest. */
export type GrantKind = 'client-credentials' | 'authorization_code';

/** The claims the mock puts in (and expects from) its access tokens. */
export interface AccessTokenClaims {
  iss: string;
  sub: string;
  aud: string;
  iat: number;
  exp: number;
  jti: string;
  scope: string;
  azp: string;
  gty: GrantKind;
  /** The signed-in user's id, on authorization-code tokens only. */
  user_id?: number;
}

/** An access token as issued, with the facts the caller needs about it. */
export interface IssuedToken {
  token: string;
  jti: string;
  expiresAt: number;
  expiresIn: number;
}

/** How many verified tokens are remembered. */
const VERIFIED_CACHE_SIZE = 10_000;

/** Issues and verifies the mock's RS256 JWT access tokens. */
export class TokenService {
  private readonly verified = new Map<string, AccessTokenClaims>();

  constructor(
    private readonly key: SigningKey,
    private readonly clock: Clock,
    /** `iss` of every token: the mock's base URL. */
    readonly issuer: string,
    /** `aud` of every token: the Partner API. */
    readonly audience: string,
    private readonly lifetimeSeconds: number,
  ) {}

  /** Signs a new access token for a client, or for a user through a client. */
  async issue(client: ClientRecord, scope: string[], user: UserRecord | null): Promise<IssuedToken> {
    const iat = epochSeconds(this.clock.now());
    const exp = iat + this.lifetimeSeconds;
    const jti = randomUUID();
    const claims: Omit<AccessTokenClaims, 'iss' | 'aud' | 'iat' | 'exp' | 'jti' | 'sub'> = {
      scope: scope.join(' '),
      azp: client.client_id,
      gty: user ? 'authorization_code' : 'client-credentials',
      ...(user ? { user_id: user.user_id } : {}),
    };
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: this.key.kid, typ: 'at+jwt' })
      .setIssuer(this.issuer)
      .setSubject(user ? `user|${user.user_id}` : `${client.client_id}@clients`)
      .setAudience(this.audience)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setJti(jti)
      .sign(this.key.privateKey);
    return { token, jti, expiresAt: exp * 1000, expiresIn: this.lifetimeSeconds };
  }

  /**
   * Verifies signature, algorithm, issuer, audience and expiry against the mock's clock. Any failure
   * is a 401 `invalid_token`; `alg: none` and foreign keys fail the signature check.
   */
  async verify(token: string): Promise<AccessTokenClaims> {
    // A token verified before needs no second RSA check: its claims cannot have changed. Only the
    // clock can make it invalid, so expiry is checked again on every use.
    const known = this.verified.get(token);
    if (known) {
      if (known.exp * 1000 <= this.clock.now()) invalidToken('The access token has expired.');
      return known;
    }
    const claims = await this.verifySignatureAndClaims(token);
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }

  private async verifySignatureAndClaims(token: string): Promise<AccessTokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key.publicKey, {
        algorithms: ['RS256'],
        issuer: this.issuer,
        audience: this.audience,
        currentDate: new Date(this.clock.now()),
        clockTolerance: 0,
        requiredClaims: ['exp', 'iat', 'jti', 'azp', 'scope', 'gty'],
      });
      return payload as unknown as AccessTokenClaims;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) invalidToken('The access token has expired.');
      if (error instanceof joseErrors.JWTClaimValidationFailed) {
        invalidToken(`The access token's "${error.claim}" claim is not valid here.`);
      }
      invalidToken('The access token is malformed or its signature does not verify.');
    }
  }

  /** The claims of a token this mock signed, expired or not; null for anything else (for revocation). */
  async inspect(token: string): Promise<AccessTokenClaims | null> {
    try {
      const { payload } = await compactVerify(token, this.key.publicKey, { algorithms: ['RS256'] });
      return JSON.parse(new TextDecoder().decode(payload)) as AccessTokenClaims;
    } catch {
      return null;
    }
  }
}
