import { describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { DEMO_CREDENTIALS } from '../../mock/demo-world.ts';
import type { RunningMock } from '../../mock/server.ts';
import { summarize } from '../../mock/store/snapshot.ts';
import { createAdminClient } from '../../spec/admin-client.ts';
import type { Seed, Snapshot } from '../../spec/admin-types.ts';
import { call, clientToken, connect, freshMock } from '../support/mock.ts';

const DEMO_COUNTS = { dealers: 3, users: 4, clients: 2, bindings: 0 };

/** A small world: one dealer, its admin, and a Dealer app installed on it. */
function deltaSeed(): Seed {
  return {
    dealers: [
      {
        dealer_id: 5001,
        company_name: 'Delta Alarm',
        company_address1: '1 Delta Way',
        company_address2: null,
        company_email: 'ops@delta.test',
        company_phone_number: '+1-555-010-5001',
        created_at: '2025-01-01T00:00:00.000Z',
      },
    ],
    users: [
      { user_id: 6001, email: 'admin@delta.test', name: 'Dee Admin', dealer_id: 5001, is_dealer_admin: true },
    ],
    clients: [
      {
        client_id: 'delta-app',
        client_secret: 'delta-app-secret-0001',
        name: 'Delta App',
        kind: 'dealer_app',
        dealer_id: 5001,
        rate_tier: 'free',
      },
    ],
  };
}

/** A client-credentials token of the seed's Delta App, or the token endpoint's answer. */
async function deltaToken(mock: RunningMock) {
  return call(mock, 'POST', '/oauth/token', {
    form: {
      grant_type: 'client_credentials',
      client_id: 'delta-app',
      client_secret: 'delta-app-secret-0001',
    },
  });
}

/** Whether the demo Dealer app still gets a token. */
async function demoClientTokenStatus(mock: RunningMock): Promise<number> {
  const { client_id, client_secret } = DEMO_CREDENTIALS.dealerApp;
  const response = await call(mock, 'POST', '/oauth/token', {
    form: { grant_type: 'client_credentials', client_id, client_secret },
  });
  return response.status;
}

describe('POST /__mock/reset', () => {
  it('answers the counts of the demo world', async () => {
    const mock = await freshMock();
    const { data, response } = await createAdminClient(mock.url).POST('/__mock/reset');
    expect(response.status).toBe(200);
    expect(data).toEqual(DEMO_COUNTS);
  });

  it('undoes a connect binding', async () => {
    const mock = await freshMock();
    expect((await connect(mock, 'admin@acme.test', 'ext-1001')).status).toBe(200);
    await createAdminClient(mock.url).POST('/__mock/reset');
    expect(mock.context.store.getBinding('platform-demo', 1001)).toBeNull();
    const token = await clientToken(mock, 'platform');
    expect((await call(mock, 'GET', '/partner/v1/dealers/1001', { token })).status).toBe(403);
  });

  it('undoes a change to a dealer', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const patched = await call(mock, 'PATCH', '/partner/v1/dealers/1001', {
      token,
      body: { company_name: 'Renamed Security' },
    });
    expect(patched.body.company_name).toBe('Renamed Security');
    await createAdminClient(mock.url).POST('/__mock/reset');
    const after = await call(mock, 'GET', '/partner/v1/dealers/1001', { token: await clientToken(mock) });
    expect(after.body.company_name).toBe('Acme Security');
  });
});

describe('PUT /__mock/seed', () => {
  it('replaces the world with a JSON seed', async () => {
    const mock = await freshMock();
    const { data, response } = await createAdminClient(mock.url).PUT('/__mock/seed', { body: deltaSeed() });
    expect(response.status).toBe(200);
    expect(data).toEqual({ dealers: 1, users: 1, clients: 1, bindings: 0 });
    const token = await deltaToken(mock);
    expect(token.status).toBe(200);
    const dealer = await call(mock, 'GET', '/partner/v1/dealers/5001', { token: token.body.access_token });
    expect(dealer.status).toBe(200);
    expect(dealer.body.company_name).toBe('Delta Alarm');
    expect(await demoClientTokenStatus(mock)).toBe(401);
  });

  it('refuses a token issued before the seed to a client the seed does not have', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    await createAdminClient(mock.url).PUT('/__mock/seed', { body: deltaSeed() });
    const response = await call(mock, 'GET', '/partner/v1/dealers/5001', { token });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('invalid_token');
  });

  it('replaces the world with a YAML seed', async () => {
    const mock = await freshMock();
    const { data, response } = await createAdminClient(mock.url).PUT('/__mock/seed', {
      body: toYaml(deltaSeed()),
      bodySerializer: (body) => body,
      headers: { 'Content-Type': 'application/yaml' },
    });
    expect(response.status).toBe(200);
    expect(data).toEqual({ dealers: 1, users: 1, clients: 1, bindings: 0 });
    const token = await deltaToken(mock);
    expect(token.status).toBe(200);
    const dealer = await call(mock, 'GET', '/partner/v1/dealers/5001', { token: token.body.access_token });
    expect(dealer.status).toBe(200);
    expect(await demoClientTokenStatus(mock)).toBe(401);
  });

  it('refuses a client whose dealer_id names no dealer, naming the entry, and keeps the old state', async () => {
    const mock = await freshMock();
    const seed = deltaSeed();
    seed.clients?.push({
      client_id: 'ghost-app',
      client_secret: 'ghost-app-secret-0001',
      kind: 'dealer_app',
      dealer_id: 9999,
    });
    const { error, response } = await createAdminClient(mock.url).PUT('/__mock/seed', { body: seed });
    expect(response.status).toBe(400);
    expect(error?.error.code).toBe('invalid_seed');
    expect(error?.error.message).toContain('clients[1] (client_id "ghost-app")');
    expect(error?.error.message).toContain('9999');
    expect(error?.error.field).toBe('clients[1].dealer_id');
    expect(summarize(mock.context.store)).toEqual(DEMO_COUNTS);
    expect(await demoClientTokenStatus(mock)).toBe(200);
  });

  it('refuses a user with a wrongly typed field, naming the entry, and keeps the old state', async () => {
    const mock = await freshMock();
    const seed = deltaSeed() as { users: Record<string, unknown>[] };
    (seed.users[0] as Record<string, unknown>).is_dealer_admin = 'yes';
    const { error, response } = await createAdminClient(mock.url).PUT('/__mock/seed', {
      body: seed as Seed,
    });
    expect(response.status).toBe(400);
    expect(error?.error.code).toBe('invalid_seed');
    expect(error?.error.message).toContain('users[0] (email "admin@delta.test")');
    expect(error?.error.field).toBe('users[0].is_dealer_admin');
    expect(summarize(mock.context.store)).toEqual(DEMO_COUNTS);
    expect(await demoClientTokenStatus(mock)).toBe(200);
  });

  it('refuses a duplicate client_id, naming the second entry, and keeps the old state', async () => {
    const mock = await freshMock();
    const seed = deltaSeed();
    seed.clients?.push({
      client_id: 'delta-app',
      client_secret: 'another-secret-0002',
      kind: 'dealer_app',
      dealer_id: 5001,
    });
    const { error, response } = await createAdminClient(mock.url).PUT('/__mock/seed', { body: seed });
    expect(response.status).toBe(400);
    expect(error?.error.code).toBe('invalid_seed');
    expect(error?.error.message).toContain('clients[1] (client_id "delta-app")');
    expect(error?.error.field).toBe('clients[1].client_id');
    expect(summarize(mock.context.store)).toEqual(DEMO_COUNTS);
    expect(await demoClientTokenStatus(mock)).toBe(200);
  });

  it('refuses a broken YAML seed with the entry named, and keeps the old state', async () => {
    const mock = await freshMock();
    const seed = deltaSeed();
    (seed.clients?.[0] as { dealer_id?: number }).dealer_id = 7777;
    const { error, response } = await createAdminClient(mock.url).PUT('/__mock/seed', {
      body: toYaml(seed),
      bodySerializer: (body) => body,
      headers: { 'Content-Type': 'application/yaml' },
    });
    expect(response.status).toBe(400);
    expect(error?.error.code).toBe('invalid_seed');
    expect(error?.error.message).toContain('clients[0] (client_id "delta-app")');
    expect(error?.error.field).toBe('clients[0].dealer_id');
    expect(await demoClientTokenStatus(mock)).toBe(200);
  });

  it('refuses a YAML seed that breaks the schema, naming the entry', async () => {
    const mock = await freshMock();
    const seed = deltaSeed() as { users: Record<string, unknown>[] };
    (seed.users[0] as Record<string, unknown>).user_id = 'six thousand';
    const { error, response } = await createAdminClient(mock.url).PUT('/__mock/seed', {
      body: toYaml(seed),
      bodySerializer: (body) => body,
      headers: { 'Content-Type': 'application/yaml' },
    });
    expect(response.status).toBe(400);
    expect(error?.error.code).toBe('invalid_seed');
    expect(error?.error.message).toContain('users[0] (email "admin@delta.test")');
    expect(error?.error.field).toBe('users[0].user_id');
    expect(summarize(mock.context.store)).toEqual(DEMO_COUNTS);
  });

  it('refuses a seed that is not YAML at all', async () => {
    const mock = await freshMock();
    const { error, response } = await createAdminClient(mock.url).PUT('/__mock/seed', {
      body: 'dealers: [unclosed',
      bodySerializer: (body) => body,
      headers: { 'Content-Type': 'application/yaml' },
    });
    expect(response.status).toBe(400);
    expect(error?.error.code).toBe('invalid_seed');
    expect(summarize(mock.context.store)).toEqual(DEMO_COUNTS);
  });
});

describe('GET and PUT /__mock/snapshot', () => {
  it('reproduces the world, connect bindings included, in another mock', async () => {
    const first = await freshMock();
    expect((await connect(first, 'admin@acme.test', 'ext-1001')).status).toBe(200);
    const exported = await createAdminClient(first.url).GET('/__mock/snapshot');
    expect(exported.response.status).toBe(200);
    const second = await freshMock();
    const token = await clientToken(second, 'platform');
    expect((await call(second, 'GET', '/partner/v1/dealers/1001', { token })).status).toBe(403);
    const imported = await createAdminClient(second.url).PUT('/__mock/snapshot', {
      body: exported.data as Snapshot,
    });
    expect(imported.response.status).toBe(200);
    expect(imported.data).toEqual({ ...DEMO_COUNTS, bindings: 1 });
    const dealer = await call(second, 'GET', '/partner/v1/dealers/1001', {
      token: await clientToken(second, 'platform'),
    });
    expect(dealer.status).toBe(200);
    expect(dealer.body.external_dealer_id).toBe('ext-1001');
  });

  it('exports the schema version and the export time on the mock clock', async () => {
    const mock = await freshMock();
    const { data } = await createAdminClient(mock.url).GET('/__mock/snapshot');
    expect(data?.schema_version).toBeGreaterThanOrEqual(1);
    expect(data?.exported_at).toBe('2026-01-15T10:00:00.000Z');
    expect(data?.tables.dealers).toHaveLength(3);
    expect(data?.tables).not.toHaveProperty('meta');
  });

  /** Exports the mock's own snapshot, lets `change` break it, imports it, and returns the answer. */
  async function importBroken(mock: RunningMock, change: (snapshot: Snapshot) => void) {
    const admin = createAdminClient(mock.url);
    const { data } = await admin.GET('/__mock/snapshot');
    const snapshot = structuredClone(data as Snapshot);
    change(snapshot);
    // Make the broken import observable: had it gone through, the demo world would be gone.
    snapshot.tables.clients = [];
    return admin.PUT('/__mock/snapshot', { body: snapshot });
  }

  it('refuses a snapshot with an unknown table, naming it, and keeps the old state', async () => {
    const mock = await freshMock();
    const { error, response } = await importBroken(mock, (snapshot) => {
      snapshot.tables.gadgets = [{ id: 1 }];
    });
    expect(response.status).toBe(400);
    expect(error?.error.code).toBe('invalid_snapshot');
    expect(error?.error.message).toContain('gadgets');
    expect(error?.error.field).toBe('tables.gadgets');
    expect(summarize(mock.context.store)).toEqual(DEMO_COUNTS);
    expect(await demoClientTokenStatus(mock)).toBe(200);
  });

  it('refuses a snapshot with an unknown column, naming it, and keeps the old state', async () => {
    const mock = await freshMock();
    const { error, response } = await importBroken(mock, (snapshot) => {
      (snapshot.tables.dealers?.[1] as Record<string, unknown>).favourite_colour = 'teal';
    });
    expect(response.status).toBe(400);
    expect(error?.error.code).toBe('invalid_snapshot');
    expect(error?.error.message).toContain('favourite_colour');
    expect(error?.error.field).toBe('tables.dealers[1]');
    expect(summarize(mock.context.store)).toEqual(DEMO_COUNTS);
    expect(await demoClientTokenStatus(mock)).toBe(200);
  });

  it('refuses a snapshot of another schema version, and keeps the old state', async () => {
    const mock = await freshMock();
    const { error, response } = await importBroken(mock, (snapshot) => {
      snapshot.schema_version += 1;
    });
    expect(response.status).toBe(400);
    expect(error?.error.code).toBe('invalid_snapshot');
    expect(error?.error.message).toContain('schema version');
    expect(error?.error.field).toBe('schema_version');
    expect(summarize(mock.context.store)).toEqual(DEMO_COUNTS);
    expect(await demoClientTokenStatus(mock)).toBe(200);
  });

  it('refuses a snapshot with a broken reference, naming the table, and keeps the old state', async () => {
    const mock = await freshMock();
    const { error, response } = await importBroken(mock, (snapshot) => {
      (snapshot.tables.users?.[0] as Record<string, unknown>).dealer_id = 9999;
    });
    expect(response.status).toBe(400);
    expect(error?.error.code).toBe('invalid_snapshot');
    expect(error?.error.message).toContain('users');
    expect(error?.error.field).toBe('tables.users');
    expect(summarize(mock.context.store)).toEqual(DEMO_COUNTS);
    expect(await demoClientTokenStatus(mock)).toBe(200);
  });
});
