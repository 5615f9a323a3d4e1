import type { Store } from './store.ts';

/** Tables that belong to the running instance rather than to the world (the signing key). */
const INSTANCE_TABLES = new Set(['meta']);

/** A table's rows, with binary values as `{ base64 }`. */
export type TableRows = Record<string, unknown>[];

/** Problems found in a snapshot, each naming where. */
export class SnapshotError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'SnapshotError';
  }
}

/** The world's tables, in creation order (parents before children). */
export function worldTables(store: Store): string[] {
  return (
    store.sqlite
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
      )
      .all() as { name: string }[]
  )
    .map((row) => row.name)
    .filter((name) => !INSTANCE_TABLES.has(name));
}

/** Deletes every row of the world (not the instance's signing key), inside the caller's transaction. */
export function clearWorld(store: Store): void {
  store.forgetCachedRecords();
  store.sqlite.pragma('defer_foreign_keys = ON');
  for (const table of worldTables(store).reverse()) store.sqlite.prepare(`DELETE FROM "${table}"`).run();
}

/** Every row of every world table. */
export function exportTables(store: Store): Record<string, TableRows> {
  const tables: Record<string, TableRows> = {};
  for (const table of worldTables(store)) {
    tables[table] = (store.sqlite.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]).map(
      (row) =>
        Object.fromEntries(
          Object.entries(row).map(([column, value]) => [
            column,
            Buffer.isBuffer(value) ? { base64: value.toString('base64') } : value,
          ]),
        ),
    );
  }
  return tables;
}

/**
 * Replaces the world with the given rows, in one transaction: unknown tables or columns and broken
 * references are refused with a {@link SnapshotError} naming them, and the old state stays.
 */
export function importTables(store: Store, tables: Record<string, TableRows>): void {
  const known = new Set(worldTables(store));
  for (const table of Object.keys(tables)) {
    if (!known.has(table)) throw new SnapshotError(`Unknown table "${table}".`, `tables.${table}`);
  }
  store.transaction(() => {
    clearWorld(store);
    for (const table of worldTables(store)) {
      const columns = new Set(
        (store.sqlite.pragma(`table_info("${table}")`) as { name: string }[]).map((column) => column.name),
      );
      (tables[table] ?? []).forEach((row, index) => {
        const names = Object.keys(row);
        const unknown = names.find((name) => !columns.has(name));
        if (unknown)
          throw new SnapshotError(
            `${table}[${index}] has unknown column "${unknown}".`,
            `tables.${table}[${index}]`,
          );
        const values = names.map((name) => fromJson(row[name]));
        try {
          store.sqlite
            .prepare(
              `INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
            )
            .run(...values);
        } catch (error) {
          throw new SnapshotError(
            `${table}[${index}]: ${(error as Error).message}`,
            `tables.${table}[${index}]`,
          );
        }
      });
    }
    const broken = store.sqlite.pragma('foreign_key_check') as {
      table: string;
      rowid: number;
      parent: string;
    }[];
    if (broken.length > 0) {
      const first = broken[0] as { table: string; rowid: number; parent: string };
      throw new SnapshotError(
        `${broken.length} row(s) refer to missing rows; first: ${first.table} rowid ${first.rowid} -> ${first.parent}.`,
        `tables.${first.table}`,
      );
    }
  });
}

function fromJson(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'base64' in value) {
    return Buffer.from(String((value as { base64: unknown }).base64), 'base64');
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}

/** Counts of the main entities, as the state endpoints answer. */
export function summarize(store: Store): {
  dealers: number;
  users: number;
  clients: number;
  bindings: number;
} {
  const count = (table: string) =>
    (store.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    dealers: count('dealers'),
    users: count('users'),
    clients: count('clients'),
    bindings: count('bindings'),
  };
}
