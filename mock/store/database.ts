import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.ts';

/** The SQLite handle type the store is built on. */
export type SqliteDatabase = Database.Database;

/** Raised when a state file cannot be used as it is; the message says why and what to do. */
export class StateFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateFileError';
  }
}

/**
 * Opens (creating if needed) the SQLite database at `path`, or a throw-away one for `:memory:`,
 * and brings its schema up to date. Durability settings: WAL with `synchronous=FULL`, so a write
 * that has returned survives a process kill or power loss.
 */
export function openDatabase(path: string): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: SqliteDatabase;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
  } catch (error) {
    throw new StateFileError(`Cannot open state file ${path}: ${(error as Error).message}`);
  }
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  try {
    migrate(db, path);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function migrate(db: SqliteDatabase, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new StateFileError(
      `State file ${path} has schema version ${current}, newer than this mock understands (${SCHEMA_VERSION}). ` +
        'Upgrade the sandbox, or start with another --state file.',
    );
  }
  if (current === SCHEMA_VERSION) return;
  if (current === 0 && hasUserTables(db)) {
    throw new StateFileError(
      `File ${path} is an SQLite database but not a CHeKT sandbox state file; refusing to change it.`,
    );
  }
  db.transaction(() => {
    for (let version = current; version < SCHEMA_VERSION; version += 1) {
      db.exec(MIGRATIONS[version] ?? '');
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

function hasUserTables(db: SqliteDatabase): boolean {
  const row = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as {
    n: number;
  };
  return row.n > 0;
}
