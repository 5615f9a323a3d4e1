// Walkthrough: a Platform partner on the sandbox, built on the reference client.
// Run against a running sandbox: node --import tsx examples/platform-partner.ts [http://127.0.0.1:4010]
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ReferenceClient } from '../contracts/client/index.ts';

/** What the walkthrough did, for whoever runs it (the test suite checks it). */
export interface PlatformOutcome {
  externalDealerId: string;
  siteId: number;
  disconnectedAt: string;
  /** The status of a read after disconnecting: 403 `dealer_not_connected`. */
  afterDisconnect: string;
}

const REDIRECT_URI = 'http://127.0.0.1:8765/callback';
// The sandbox's demo key, published on purpose: never ship a private key in a repository.
const DEMO_KEY = readFileSync(
  fileURLToPath(new URL('../mock/demo-keys/platform-demo.private.pem', import.meta.url)),
  'utf8',
);

/** Authorize, connect, act on the dealer, disconnect: the life of a Platform partner binding. */
export async function platformWalkthrough(
  baseUrl: string,
  log: (line: string) => void = () => {},
): Promise<PlatformOutcome> {
  // The partner authenticates with a signed assertion (private_key_jwt): no secret travels.
  const client = new ReferenceClient({
    baseUrl,
    credentials: {
      method: 'private_key_jwt',
      clientId: 'platform-demo',
      privateKey: DEMO_KEY,
      keyId: 'platform-demo-key-1',
    },
  });
  // 1. Authorize: a real partner sends the dealer admin's browser to this URL and receives the code
  //    on its redirect URI. The sandbox's test shortcut (login_hint + prompt=none) skips the page.
  const verifier = randomBytes(32).toString('base64url');
  const url = new URL(
    client.authorizeUrl({
      redirectUri: REDIRECT_URI,
      codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
      state: randomBytes(8).toString('hex'),
      scope: 'openid offline_access read:dealer',
    }),
  );
  url.searchParams.set('login_hint', 'admin@acme.test');
  url.searchParams.set('prompt', 'none');
  const redirect = await fetch(url, { redirect: 'manual' });
  const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code');
  if (!code) throw new Error(`authorize did not return a code (${redirect.status})`);
  // 2. Exchange the code for the admin's user token, and connect the admin's dealer under our id.
  const user = await client.exchangeCode({ code, redirectUri: REDIRECT_URI, codeVerifier: verifier });
  const externalDealerId = `acme-${randomBytes(3).toString('hex')}`;
  const dealer = await client.connectDealer(user.access_token, {
    external_dealer_id: externalDealerId,
    company_name: 'Acme',
  });
  log(`dealer ${dealer.dealer_id} connected as ${dealer.external_dealer_id}`);
  // 3. Act on the dealer with the partner's own client-credentials token.
  const site = await client.createSite(dealer.dealer_id, {
    external_site_id: `${externalDealerId}-hq`,
    name: 'Acme HQ',
    timezone: 'America/New_York',
  });
  await client.updateArmingSettings(dealer.dealer_id, site.site_id, { security_type: 3 });
  log(`site ${site.site_id} created and switched to the CHeKT video security system`);
  // 4. Disconnect: the binding goes, the dealer's data stays, and our tokens no longer reach it.
  const disconnected = await client.disconnectDealer(dealer.dealer_id);
  log(`disconnected at ${disconnected.disconnected_at}`);
  const afterDisconnect = await client.getDealer(dealer.dealer_id).then(
    () => 'still reachable',
    (error: { status: number; code: string }) => `${error.status} ${error.code}`,
  );
  log(`reading the dealer now: ${afterDisconnect}`);
  return {
    externalDealerId,
    siteId: site.site_id,
    disconnectedAt: disconnected.disconnected_at,
    afterDisconnect,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await platformWalkthrough(process.argv[2] ?? 'http://127.0.0.1:4010', console.log);
}
