import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION } from '../../mock/store/migrations.ts';
import { Store } from '../../mock/store/store.ts';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'chekt-store-')), 'state.db');

describe('the state file', () => {
  it('keeps what was written across a reopen', () => {
    const path = tempFile();
    const store = new Store(path);
    store.setMeta('greeting', 'hello');
    store.close();
    const reopened = new Store(path);
    expect(reopened.getMeta('greeting')).toBe('hello');
    reopened.close();
  });

  it('refuses a file written by a newer schema version, naming both versions', () => {
    const path = tempFile();
    new Store(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => new Store(path)).toThrow(
      new RegExp(`schema version ${SCHEMA_VERSION + 1}.*${SCHEMA_VERSION}`),
    );
  });

  it('refuses an SQLite file that is not a sandbox state file, and leaves it untouched', () => {
    const path = tempFile();
    const raw = new Database(path);
    raw.exec('CREATE TABLE invoices (id INTEGER)');
    raw.close();
    expect(() => new Store(path)).toThrow(/not a CHeKT sandbox state file/);
    const check = new Database(path);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type='table'").all()).toEqual([
      { name: 'invoices' },
    ]);
    check.close();
  });

  it('refuses a file that is not a database at all', async () => {
    const path = tempFile();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, 'this is not sqlite, it is a text file that is long enough to have a header');
    expect(() => new Store(path)).toThrow(/Cannot open state file|not a database/);
  });

  it('migrates a file of an older schema version and keeps its data', () => {
    const path = tempFile();
    const raw = new Database(path);
    raw.exec(MIGRATIONS[0] as string);
    raw.pragma('user_version = 1');
    raw
      .prepare(
        `INSERT INTO dealers (dealer_id, company_name, company_address1, company_email, company_phone_number, created_at)
         VALUES (7, 'Old Dealer', '1 Old Road', 'old@dealer.test', '+1-555-0100', '2024-01-01T00:00:00.000Z')`,
      )
      .run();
    raw.close();
    const store = new Store(path);
    expect(store.sqlite.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(store.getDealer(7)?.company_name).toBe('Old Dealer');
    store.close();
  });
});
