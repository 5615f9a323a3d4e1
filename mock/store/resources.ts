import type {
  ArmingSettings,
  Contact,
  ContactCreate,
  Device,
  DeviceCreate,
  MonitoringStation,
  MonitoringStationCreate,
  Site,
  SiteCreate,
} from '../../spec/types.ts';
import type { Store } from './store.ts';

/** A value SQLite can bind. */
export type SqlValue = string | number | null;

/** How a listable field compares: as a number, as a timestamp, or as text. */
export type ColumnType = 'integer' | 'timestamp' | 'string';

/** A field a list can select, filter and sort on: the SQL expression behind it and its type. */
export interface ListColumn {
  sql: string;
  type: ColumnType;
}

/** A listable collection: where its rows come from and which fields it exposes (the whitelist). */
export interface ListSource {
  /** The table name partners may prefix fields with (`fields=sites.name`). */
  table: string;
  /** The field that identifies an item; the default sort and the tie-breaker. */
  idField: string;
  /** The `FROM` clause (a table, possibly joined). */
  from: string;
  /** Every exposed field, in the order of the API's item schema. */
  columns: Record<string, ListColumn>;
}

/** A compiled list request: conditions (SQL over whitelisted expressions) and parameters. */
export interface SqlListQuery {
  where: string[];
  params: SqlValue[];
  orderBy: string;
  limit: number;
  offset: number;
}

/** One page of a list and the number of items matching before `limit`/`offset`. */
export interface Page<T> {
  rows: T[];
  total: number;
}

/** A stored site: the API's Site plus its dealer and its arming setting. */
export type SiteRow = Site & { dealer_id: number; security_type: ArmingSettings['security_type'] };
/** A stored monitoring station and its dealer. */
export type StationRow = MonitoringStation & { dealer_id: number };

const SITE_FROM = 'sites s';

/**
 * Sites of a dealer. The station's external id is a correlated subquery rather than a join, so that
 * counting and paging touch only `sites` unless a filter names that field.
 */
export const SITE_LIST: ListSource = {
  table: 'sites',
  idField: 'site_id',
  from: SITE_FROM,
  columns: {
    site_id: { sql: 's.site_id', type: 'integer' },
    external_site_id: { sql: 's.external_site_id', type: 'string' },
    name: { sql: 's.name', type: 'string' },
    timezone: { sql: 's.timezone', type: 'string' },
    monitoring_station_id: { sql: 's.monitoring_station_id', type: 'integer' },
    external_monitoring_station_id: {
      sql: '(SELECT m.external_monitoring_station_id FROM monitoring_stations m WHERE m.monitoring_station_id = s.monitoring_station_id)',
      type: 'string',
    },
    account_number: { sql: 's.account_number', type: 'string' },
    address1: { sql: 's.address1', type: 'string' },
    address2: { sql: 's.address2', type: 'string' },
    is_activated: { sql: 's.is_activated', type: 'integer' },
    created_at: { sql: 's.created_at', type: 'timestamp' },
  },
};

/** Devices of a site. */
export const DEVICE_LIST: ListSource = {
  table: 'devices',
  idField: 'device_id',
  from: 'devices',
  columns: plainColumns(
    { device_id: 'integer', site_id: 'integer', created_at: 'timestamp' },
    'external_device_id device_type zone_number additional_zone_numbers name mac manufacturer model serial_number',
    ['device_id', 'site_id'],
  ),
};

/** Contacts of a site. */
export const CONTACT_LIST: ListSource = {
  table: 'contacts',
  idField: 'contact_id',
  from: 'contacts',
  columns: plainColumns(
    { contact_id: 'integer', site_id: 'integer', created_at: 'timestamp' },
    'external_contact_id first_name last_name phone_number email',
    ['contact_id', 'site_id'],
  ),
};

/** Monitoring stations of a dealer. */
export const STATION_LIST: ListSource = {
  table: 'monitoring_stations',
  idField: 'monitoring_station_id',
  from: 'monitoring_stations',
  columns: plainColumns(
    { monitoring_station_id: 'integer', created_at: 'timestamp' },
    'external_monitoring_station_id name prefix linecard',
    ['monitoring_station_id'],
  ),
};

/** Columns named like their fields: the leading ones, the text ones, then `created_at`. */
function plainColumns(
  typed: Record<string, ColumnType>,
  text: string,
  leading: string[],
): Record<string, ListColumn> {
  const names = [...leading, ...text.split(' '), 'created_at'];
  return Object.fromEntries(names.map((name) => [name, { sql: name, type: typed[name] ?? 'string' }]));
}

/** Columns an update may set, per table: the whitelist for {@link ResourceStore} updates. */
const UPDATABLE: Record<string, ReadonlySet<string>> = {
  sites: new Set([
    'external_site_id',
    'name',
    'timezone',
    'monitoring_station_id',
    'account_number',
    'address1',
    'address2',
    'is_activated',
    'security_type',
  ]),
  devices: new Set(
    Object.keys(DEVICE_LIST.columns).filter((c) => !/^(device_id|site_id|created_at)$/.test(c)),
  ),
  contacts: new Set(
    Object.keys(CONTACT_LIST.columns).filter((c) => !/^(contact_id|site_id|created_at)$/.test(c)),
  ),
  monitoring_stations: new Set(['external_monitoring_station_id', 'name', 'prefix', 'linecard']),
};

const ID_COLUMN: Record<string, string> = {
  sites: 'site_id',
  devices: 'device_id',
  contacts: 'contact_id',
  monitoring_stations: 'monitoring_station_id',
};

const repositories = new WeakMap<Store, ResourceStore>();

/** How many list counts a repository remembers. */
const MAX_REMEMBERED_COUNTS = 1000;

/** The resource repository of a store (one per store). */
export function resourcesOf(store: Store): ResourceStore {
  let repository = repositories.get(store);
  if (!repository) {
    repository = new ResourceStore(store);
    repositories.set(store, repository);
  }
  return repository;
}

/**
 * Sites, devices, contacts and monitoring stations in SQLite. Knows no HTTP: it stores, finds and
 * pages; the rules (uniqueness answers, cross-references) live in the domain modules.
 */
export class ResourceStore {
  private readonly counts = new Map<string, { version: number; n: number }>();

  constructor(private readonly store: Store) {}

  /** One page of `source` within `scope` (a condition on the parent, e.g. the dealer), and the total. */
  page<T>(source: ListSource, scope: { where: string; params: SqlValue[] }, query: SqlListQuery): Page<T> {
    const where = [scope.where, ...query.where].map((condition) => `(${condition})`).join(' AND ');
    const params = [...scope.params, ...query.params];
    const select = Object.entries(source.columns)
      .map(([name, column]) => `${column.sql} AS ${name}`)
      .join(', ');
    const rows = this.store
      .sql(`SELECT ${select} FROM ${source.from} WHERE ${where} ORDER BY ${query.orderBy} LIMIT ? OFFSET ?`)
      .all(...params, query.limit, query.offset) as T[];
    return { rows, total: this.count(`SELECT count(*) AS n FROM ${source.from} WHERE ${where}`, params) };
  }

  /**
   * A count, remembered until the next write: counting every row that matches a filter is most of a
   * list's cost at scale, and a client paging through a list asks for the same count again and
   * again. SQLite's `total_changes()` moves with every write of this connection (rolled-back ones
   * and cascades included), so a remembered count is never stale.
   */
  private count(sql: string, params: SqlValue[]): number {
    const version = (this.store.sql('SELECT total_changes() AS v').get() as { v: number }).v;
    const key = `${sql}\u0000${JSON.stringify(params)}`;
    const known = this.counts.get(key);
    if (known && known.version === version) return known.n;
    const { n } = this.store.sql(sql).get(...params) as { n: number };
    if (this.counts.size >= MAX_REMEMBERED_COUNTS) this.counts.clear();
    this.counts.set(key, { version, n });
    return n;
  }

  // --- monitoring stations ------------------------------------------------------------------

  /** Adds a station; returns its id. */
  insertStation(dealerId: number, station: Required<MonitoringStationCreate>, createdAt: string): number {
    return this.insert('monitoring_stations', { ...station, dealer_id: dealerId, created_at: createdAt });
  }

  /** The dealer's station with this id, or null. */
  getStation(dealerId: number, stationId: number): StationRow | null {
    return this.one<StationRow>(
      'SELECT * FROM monitoring_stations WHERE dealer_id = ? AND monitoring_station_id = ?',
      dealerId,
      stationId,
    );
  }

  /** The dealer's station with this external id, or null. */
  findStationByExternalId(dealerId: number, externalId: string): StationRow | null {
    return this.one<StationRow>(
      'SELECT * FROM monitoring_stations WHERE dealer_id = ? AND external_monitoring_station_id = ?',
      dealerId,
      externalId,
    );
  }

  /** How many sites use the station. */
  countSitesOfStation(stationId: number): number {
    return (
      this.store.sql('SELECT count(*) AS n FROM sites WHERE monitoring_station_id = ?').get(stationId) as {
        n: number;
      }
    ).n;
  }

  // --- sites --------------------------------------------------------------------------------

  /** Adds a site (not activated, security type 1); returns its id. */
  insertSite(dealerId: number, site: Required<SiteCreate>, createdAt: string): number {
    return this.insert('sites', { ...site, dealer_id: dealerId, created_at: createdAt });
  }

  /** The dealer's site with this id (station external id resolved), or null. */
  getSite(dealerId: number, siteId: number): SiteRow | null {
    const select = Object.entries(SITE_LIST.columns)
      .map(([name, column]) => `${column.sql} AS ${name}`)
      .join(', ');
    return this.one<SiteRow>(
      `SELECT ${select}, s.dealer_id AS dealer_id, s.security_type AS security_type
       FROM ${SITE_FROM} WHERE s.dealer_id = ? AND s.site_id = ?`,
      dealerId,
      siteId,
    );
  }

  /** The id of the dealer's site with this external id, or null. */
  findSiteIdByExternalId(dealerId: number, externalId: string): number | null {
    const row = this.one<{ site_id: number }>(
      'SELECT site_id FROM sites WHERE dealer_id = ? AND external_site_id = ?',
      dealerId,
      externalId,
    );
    return row?.site_id ?? null;
  }

  // --- devices ------------------------------------------------------------------------------

  /** Adds a device to a site; returns its id. */
  insertDevice(siteId: number, device: Required<DeviceCreate>, createdAt: string): number {
    return this.insert('devices', { ...device, site_id: siteId, created_at: createdAt });
  }

  /** The site's device with this id, or null. */
  getDevice(siteId: number, deviceId: number): Device | null {
    return this.one<Device>('SELECT * FROM devices WHERE site_id = ? AND device_id = ?', siteId, deviceId);
  }

  /** The id of the site's device with this external id, or null. */
  findDeviceIdByExternalId(siteId: number, externalId: string): number | null {
    const row = this.one<{ device_id: number }>(
      'SELECT device_id FROM devices WHERE site_id = ? AND external_device_id = ?',
      siteId,
      externalId,
    );
    return row?.device_id ?? null;
  }

  // --- contacts -----------------------------------------------------------------------------

  /** Adds a contact to a site; returns its id. */
  insertContact(siteId: number, contact: Required<ContactCreate>, createdAt: string): number {
    return this.insert('contacts', { ...contact, site_id: siteId, created_at: createdAt });
  }

  /** The site's contact with this id, or null. */
  getContact(siteId: number, contactId: number): Contact | null {
    return this.one<Contact>(
      'SELECT * FROM contacts WHERE site_id = ? AND contact_id = ?',
      siteId,
      contactId,
    );
  }

  /** The id of the site's contact with this external id, or null. */
  findContactIdByExternalId(siteId: number, externalId: string): number | null {
    const row = this.one<{ contact_id: number }>(
      'SELECT contact_id FROM contacts WHERE site_id = ? AND external_contact_id = ?',
      siteId,
      externalId,
    );
    return row?.contact_id ?? null;
  }

  // --- shared -------------------------------------------------------------------------------

  /** Sets the given columns of one row; only columns an update may change are accepted. */
  update(
    table: 'sites' | 'devices' | 'contacts' | 'monitoring_stations',
    id: number,
    changes: Record<string, SqlValue | undefined>,
  ): void {
    const allowed = UPDATABLE[table] as ReadonlySet<string>;
    const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
    for (const [column] of entries) {
      if (!allowed.has(column)) throw new Error(`${table}.${column} cannot be updated`);
    }
    if (entries.length === 0) return;
    const assignments = entries.map(([column]) => `${column} = ?`).join(', ');
    this.store
      .sql(`UPDATE ${table} SET ${assignments} WHERE ${ID_COLUMN[table]} = ?`)
      .run(...entries.map(([, value]) => value as SqlValue), id);
  }

  /** Deletes one row (with whatever cascades from it); returns whether it existed. */
  delete(table: 'sites' | 'devices' | 'contacts' | 'monitoring_stations', id: number): boolean {
    return this.store.sql(`DELETE FROM ${table} WHERE ${ID_COLUMN[table]} = ?`).run(id).changes > 0;
  }

  private insert(table: string, row: Record<string, SqlValue>): number {
    const columns = Object.keys(row);
    const result = this.store
      .sql(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
      .run(...columns.map((column) => row[column] as SqlValue));
    return Number(result.lastInsertRowid);
  }

  private one<T>(text: string, ...params: SqlValue[]): T | null {
    return (this.store.sql(text).get(...params) as T | undefined) ?? null;
  }
}
