// Walkthrough: a Dealer app on the sandbox, built on the reference client.
// Run against a running sandbox: node --import tsx examples/dealer-app.ts [http://127.0.0.1:4010]
import { pathToFileURL } from 'node:url';
import { ReferenceClient } from '../contracts/client/index.ts';

/** What the walkthrough did, for whoever runs it (the test suite checks it). */
export interface DealerAppOutcome {
  dealerName: string;
  siteId: number;
  deviceIds: number[];
  sitesListed: number;
}

/** Token, dealer, a site, two devices, the site list: the first minutes of a Dealer app. */
export async function dealerAppWalkthrough(
  baseUrl: string,
  log: (line: string) => void = () => {},
): Promise<DealerAppOutcome> {
  // 1. The app's client credentials (the sandbox's demo Dealer app, installed on dealer 1001).
  const client = new ReferenceClient({
    baseUrl,
    credentials: {
      method: 'client_secret_basic',
      clientId: 'dealer-app-demo',
      clientSecret: 'dealer-app-demo-secret',
    },
  });
  // 2. The token is fetched on the first call, cached, and renewed a minute before it expires.
  const dealer = await client.getDealer(1001);
  log(`dealer ${dealer.dealer_id}: ${dealer.company_name}`);
  // 3. A site; its external id is ours, unique within the dealer.
  const site = await client.createSite(1001, {
    external_site_id: `walkthrough-${Date.now()}`,
    name: 'Walkthrough Warehouse',
    timezone: 'America/Chicago',
  });
  log(`site ${site.site_id} created (monitoring ${site.is_activated ? 'on' : 'off'})`);
  // 4. Devices are created in bulk; each item succeeds or fails on its own.
  const created = await client.createDevices(1001, site.site_id, [
    { external_device_id: 'cam-dock-1', device_type: 'camera', zone_number: '001', name: 'Dock camera' },
    { external_device_id: 'bridge-1', device_type: 'bridge', zone_number: '010' },
  ]);
  const deviceIds = created.results.flatMap((r) => (r.device_id === null ? [] : [r.device_id]));
  log(`${created.success_count} device(s) created, ${created.failure_count} failed`);
  // 5. Lists carry the total in X-Total-Count.
  const sites = await client.listSites(1001, { limit: 10 });
  log(`dealer 1001 has ${sites.totalCount} site(s)`);
  return { dealerName: dealer.company_name, siteId: site.site_id, deviceIds, sitesListed: sites.totalCount };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await dealerAppWalkthrough(process.argv[2] ?? 'http://127.0.0.1:4010', console.log);
}
