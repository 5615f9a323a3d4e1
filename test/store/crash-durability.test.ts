import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createAdminClient } from '../../spec/admin-client.ts';
import { freePort, startNode } from '../support/processes.ts';

// A write the API acknowledged must survive `kill -9` at any moment: the mock runs as its own
// process on a state file, this test writes to it in a burst, kills it mid-burst, restarts it on
// the same file and looks for every acknowledged write, then checks the file's integrity.

async function serve(stateFile: string, port?: number) {
  port ??= await freePort();
  const mock = startNode([
    '--import',
    'tsx',
    'mock/cli.ts',
    'serve',
    '--state',
    stateFile,
    '--port',
    String(port),
  ]);
  await mock.waitForOutput(/listening on/);
  return { mock, port, url: `http://127.0.0.1:${port}` };
}

describe('durability of the state file', () => {
  it('keeps every acknowledged write after SIGKILL mid-burst, and the file stays intact', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'chekt-crash-')), 'state.db');
    const first = await serve(stateFile);
    const admin = createAdminClient(first.url);
    const acknowledged: string[] = [];
    let killed = false;
    const killAfter = 60;

    const writer = async (worker: number) => {
      for (let i = 0; i < 200 && !killed; i += 1) {
        const clientId = `crash-${worker}-${i}`;
        try {
          const { response } = await admin.POST('/__mock/clients', {
            body: {
              client_id: clientId,
              client_secret: 'crash-test-secret-0001',
              kind: 'dealer_app',
              dealer_id: 1001,
            },
          });
          if (response.status === 201) acknowledged.push(clientId);
        } catch {
          return; // the connection died with the process: this write was never acknowledged
        }
        if (acknowledged.length >= killAfter && !killed) {
          killed = true;
          first.mock.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, worker) => writer(worker)));
    expect(killed).toBe(true);
    const { child } = first.mock;
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
    expect(first.mock.child.signalCode).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(killAfter);

    const second = await serve(stateFile);
    const { data } = await createAdminClient(second.url).GET('/__mock/clients');
    const present = new Set((data ?? []).map((client) => client.client_id));
    expect(acknowledged.filter((id) => !present.has(id))).toEqual([]);
    await second.mock.stop();

    const db = new Database(stateFile, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
  }, 60_000);

  it('keeps tokens valid across a restart, since the signing key is part of the state', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'chekt-restart-')), 'state.db');
    const first = await serve(stateFile);
    const tokenResponse = await fetch(`${first.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=dealer-app-demo&client_secret=dealer-app-demo-secret',
    });
    const { access_token } = (await tokenResponse.json()) as { access_token: string };
    await first.mock.stop();

    // Same port, so the same issuer: a token names the URL that issued it.
    const second = await serve(stateFile, first.port);
    const dealer = await fetch(`${second.url}/partner/v1/dealers/1001`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(dealer.status).toBe(200);
  });
});
