import { calculateJwkThumbprint, importJWK, type JWK } from 'jose';
import type { Store } from '../store/store.ts';
import { generateSigningJwk } from './new-signing-key.ts';

/** The key pair the mock signs access tokens with, and its public half as published in the JWKS. */
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

const META_KEY = 'access_token_signing_jwk';

/**
 * Loads the store's RS256 signing key, generating and persisting one on first use, so that tokens
 * issued before a restart stay valid after it.
 */
export async function loadSigningKey(store: Store, fresh?: Promise<JWK>): Promise<SigningKey> {
  const saved = store.getMeta(META_KEY);
  let privateJwk: JWK;
  if (saved) {
    privateJwk = JSON.parse(saved) as JWK;
  } else {
    privateJwk = { ...(await (fresh ?? generateSigningJwk())) };
    privateJwk.kid = await calculateJwkThumbprint(privateJwk);
    store.setMeta(META_KEY, JSON.stringify(privateJwk));
  }
  const { d, p, q, dp, dq, qi, ...publicJwk } = privateJwk;
  const kid = privateJwk.kid as string;
  const full: JWK = { ...publicJwk, kid, alg: 'RS256', use: 'sig' };
  return {
    kid,
    privateKey: (await importJWK({ ...privateJwk, alg: 'RS256' }, 'RS256')) as CryptoKey,
    publicKey: (await importJWK(full, 'RS256')) as CryptoKey,
    publicJwk: full,
  };
}
