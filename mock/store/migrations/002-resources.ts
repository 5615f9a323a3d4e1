/**
 * Migration 2: monitoring stations, sites (with their arming settings), devices and contacts.
 *
 * - Ids are `AUTOINCREMENT`, so the id of a deleted resource is never handed out again and keeps
 *   answering 404.
 * - Arming settings are one `security_type` column on `sites` rather than a table of their own: they
 *   exist exactly as long as the site (created with it at `1`, deleted with it), so a second table
 *   would only add a join and a row that could go missing.
 * - A site's station must belong to the site's dealer: the composite foreign key
 *   `(dealer_id, monitoring_station_id)` says so in the schema itself. It is `NO ACTION`, checked at
 *   the end of the statement, so deleting a station still in use fails (the domain answers 409
 *   `monitoring_station_in_use` before that), while a dealer's own cascade still works.
 * - Deleting a site cascades to its devices and contacts.
 * - Indexes: every list is scoped by its parent and ordered by id by default, so `(parent, id)` is
 *   the main path (`LIMIT`/`OFFSET` walk it without sorting); the sortable text columns and
 *   `created_at` get `(parent, column)` indexes so that sort + limit on 100,000 sites per dealer
 *   needs no full sort. The UNIQUE constraints double as `(parent, external_*_id)` indexes.
 */
export const RESOURCES = `
  CREATE TABLE monitoring_stations (
    monitoring_station_id INTEGER PRIMARY KEY AUTOINCREMENT,
    dealer_id INTEGER NOT NULL REFERENCES dealers(dealer_id) ON DELETE CASCADE,
    external_monitoring_station_id TEXT NOT NULL,
    name TEXT NOT NULL,
    prefix TEXT,
    linecard TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (dealer_id, external_monitoring_station_id),
    UNIQUE (dealer_id, monitoring_station_id)
  );
  CREATE INDEX monitoring_stations_dealer_name ON monitoring_stations(dealer_id, name);

  CREATE TABLE sites (
    site_id INTEGER PRIMARY KEY AUTOINCREMENT,
    dealer_id INTEGER NOT NULL REFERENCES dealers(dealer_id) ON DELETE CASCADE,
    external_site_id TEXT NOT NULL,
    name TEXT NOT NULL,
    timezone TEXT NOT NULL,
    monitoring_station_id INTEGER,
    account_number TEXT,
    address1 TEXT,
    address2 TEXT,
    is_activated INTEGER NOT NULL DEFAULT 0 CHECK (is_activated IN (0, 1)),
    security_type INTEGER NOT NULL DEFAULT 1 CHECK (security_type IN (1, 2, 3, 4)),
    created_at TEXT NOT NULL,
    UNIQUE (dealer_id, external_site_id),
    FOREIGN KEY (dealer_id, monitoring_station_id)
      REFERENCES monitoring_stations(dealer_id, monitoring_station_id)
  );
  CREATE INDEX sites_dealer_id ON sites(dealer_id, site_id);
  CREATE INDEX sites_dealer_name ON sites(dealer_id, name);
  CREATE INDEX sites_dealer_created_at ON sites(dealer_id, created_at);
  CREATE INDEX sites_dealer_activated ON sites(dealer_id, is_activated, site_id);
  CREATE INDEX sites_dealer_station ON sites(dealer_id, monitoring_station_id);

  CREATE TABLE devices (
    device_id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id INTEGER NOT NULL REFERENCES sites(site_id) ON DELETE CASCADE,
    external_device_id TEXT NOT NULL,
    device_type TEXT NOT NULL CHECK (device_type IN ('camera', 'bridge')),
    zone_number TEXT NOT NULL,
    additional_zone_numbers TEXT,
    name TEXT,
    mac TEXT,
    manufacturer TEXT,
    model TEXT,
    serial_number TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (site_id, external_device_id)
  );
  CREATE INDEX devices_site_id ON devices(site_id, device_id);

  CREATE TABLE contacts (
    contact_id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id INTEGER NOT NULL REFERENCES sites(site_id) ON DELETE CASCADE,
    external_contact_id TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    phone_number TEXT,
    email TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (site_id, external_contact_id)
  );
  CREATE INDEX contacts_site_id ON contacts(site_id, contact_id);
  `;
