import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Seed } from '../spec/admin-types.ts';
import type { Dealer } from '../spec/types.ts';
import { fromRoot } from './package-root.ts';

/** The demo Platform partner's private key: published on purpose, for the sandbox only. */
export const PLATFORM_DEMO_PRIVATE_KEY_PATH = fromRoot('mock', 'demo-keys', 'platform-demo.private.pem');
const PLATFORM_DEMO_PUBLIC_KEY_PATH = fromRoot('mock', 'demo-keys', 'platform-demo.public.pem');

/** The redirect URIs registered for the demo Platform partner. */
export const DEMO_REDIRECT_URIS = ['http://127.0.0.1:8765/callback', 'http://localhost:8765/callback'];

/** The demo credentials, as printed at start and given in the README. */
export const DEMO_CREDENTIALS = {
  dealerApp: { client_id: 'dealer-app-demo', client_secret: 'dealer-app-demo-secret', dealer_id: 1001 },
  platform: {
    client_id: 'platform-demo',
    client_secret: 'platform-demo-secret',
    key_id: 'platform-demo-key-1',
  },
} as const;

const CREATED_AT = '2024-03-27T12:34:56.000Z';

/** The demo world: three dealers, their admins (and one technician), a Dealer app and a Platform partner. */
export function demoSeed(): Seed {
  const dealers = [
    {
      dealer_id: 1001,
      company_name: 'Acme Security',
      company_address1: '100 Main Street',
      company_address2: 'Suite 200',
      company_email: 'support@acme.test',
      company_phone_number: '+1-555-010-1001',
      created_at: CREATED_AT,
    },
    {
      dealer_id: 1002,
      company_name: 'Beacon Alarm',
      company_address1: '22 Harbor Road',
      company_address2: null,
      company_email: 'ops@beacon.test',
      company_phone_number: '+1-555-010-1002',
      created_at: CREATED_AT,
    },
    {
      dealer_id: 1003,
      company_name: 'Citadel Monitoring',
      company_address1: '7 Castle Avenue',
      company_address2: 'Floor 3',
      company_email: 'hello@citadel.test',
      company_phone_number: '+1-555-010-1003',
      created_at: CREATED_AT,
    },
  ] satisfies Omit<Dealer, 'external_dealer_id'>[];
  const platformKey = {
    ...createPublicKey(readFileSync(PLATFORM_DEMO_PUBLIC_KEY_PATH, 'utf8')).export({ format: 'jwk' }),
    kty: 'RSA' as const,
    kid: DEMO_CREDENTIALS.platform.key_id,
    alg: 'RS256',
    use: 'sig',
  };
  return {
    dealers,
    users: [
      {
        user_id: 2001,
        email: 'admin@acme.test',
        name: 'Alice Admin',
        dealer_id: 1001,
        is_dealer_admin: true,
      },
      {
        user_id: 2002,
        email: 'tech@acme.test',
        name: 'Tom Technician',
        dealer_id: 1001,
        is_dealer_admin: false,
      },
      {
        user_id: 2003,
        email: 'admin@beacon.test',
        name: 'Bea Admin',
        dealer_id: 1002,
        is_dealer_admin: true,
      },
      {
        user_id: 2004,
        email: 'admin@citadel.test',
        name: 'Cyril Admin',
        dealer_id: 1003,
        is_dealer_admin: true,
      },
    ],
    clients: [
      {
        client_id: DEMO_CREDENTIALS.dealerApp.client_id,
        client_secret: DEMO_CREDENTIALS.dealerApp.client_secret,
        name: 'Demo Dealer App',
        kind: 'dealer_app',
        dealer_id: DEMO_CREDENTIALS.dealerApp.dealer_id,
        rate_tier: 'pro',
      },
      {
        client_id: DEMO_CREDENTIALS.platform.client_id,
        client_secret: DEMO_CREDENTIALS.platform.client_secret,
        name: 'Demo Platform Partner',
        kind: 'platform',
        public_jwks: [platformKey],
        redirect_uris: DEMO_REDIRECT_URIS,
        rate_tier: 'custom',
        rate_limit_per_minute: 6000,
        rate_limit_burst: 100,
      },
    ],
  };
}
