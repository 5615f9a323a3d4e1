import { generateKeyPair } from 'node:crypto';
import type { JWK } from 'jose';

/**
 * A new RSA-2048 private key as a JWK, generated off the main thread. Generating one takes about
 * 100 ms, so the CLI starts it before loading the rest of the mock, and a new store picks it up.
 */
export function generateSigningJwk(): Promise<JWK> {
  return new Promise((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: 2048 }, (error, _publicKey, privateKey) => {
      if (error) reject(error);
      else resolve(privateKey.export({ format: 'jwk' }) as JWK);
    });
  });
}
