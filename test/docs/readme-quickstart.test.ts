import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { freePort, ROOT, startNode } from '../support/processes.ts';

// The README's quick-start blocks are run as written (with the port swapped for a free one) against
// the mock started the way `npm start` starts it, so the README cannot drift from the product.

const run = promisify(execFile);
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

function quickstart(name: string): string {
  const match = readme.match(new RegExp(`<!-- quickstart:${name} -->\\s*\`\`\`bash\\n([\\s\\S]*?)\`\`\``));
  if (!match?.[1]) throw new Error(`README has no quickstart:${name} block`);
  return match[1];
}

async function startMockLikeNpmStart() {
  const port = await freePort();
  const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const startArgs = (packageJson.scripts.start as string).split(' ');
  expect(startArgs[0]).toBe('node');
  // Each test gets its own throw-away state, so the blocks run on the demo world as a new user's would.
  const mock = startNode([...startArgs.slice(1), '--port', String(port), '--state', ':memory:']);
  await mock.waitForOutput(/listening on http:\/\/127\.0\.0\.1:\d+/);
  return { port, mock };
}

async function runBlock(block: string, port: number): Promise<string> {
  const script = `set -euo pipefail\n${block.replaceAll('127.0.0.1:4010', `127.0.0.1:${port}`)}`;
  const { stdout } = await run('bash', ['-c', script], { cwd: ROOT, timeout: 20_000 });
  return stdout;
}

describe('README quick start', () => {
  it('prints the base URL and the demo credentials at start', async () => {
    const { port, mock } = await startMockLikeNpmStart();
    expect(mock.output()).toContain(`http://127.0.0.1:${port}`);
    for (const credential of [
      'dealer-app-demo',
      'dealer-app-demo-secret',
      'platform-demo',
      'platform-demo-secret',
    ]) {
      expect(mock.output()).toContain(credential);
    }
  });

  it('gets a Dealer app token with curl and reads dealer 1001', async () => {
    const { port } = await startMockLikeNpmStart();
    const output = await runBlock(quickstart('dealer-app'), port);
    expect(JSON.parse(output)).toMatchObject({ dealer_id: 1001, company_name: 'Acme Security' });
  });

  it('connects dealer 1001 to the Platform partner with curl and reads it with a client token', async () => {
    const { port } = await startMockLikeNpmStart();
    const output = await runBlock(quickstart('platform-partner'), port);
    const [connected, dealer] = output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(connected).toMatchObject({ dealer_id: 1001, external_dealer_id: 'my-dealer-1001' });
    expect(dealer).toMatchObject({ dealer_id: 1001, external_dealer_id: 'my-dealer-1001' });
  });
});
