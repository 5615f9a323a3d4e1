import type { Seed } from '../spec/admin-types.ts';
import type { ContactCreate, MonitoringStationCreate, SiteCreate } from '../spec/types.ts';
import type { MockContext } from './context.ts';
import { createContact } from './domain/contacts.ts';
import { createDevices } from './domain/devices.ts';
import { createMonitoringStation } from './domain/monitoring-stations.ts';
import { createSite } from './domain/sites.ts';
import { MockError } from './errors.ts';
import { SeedError } from './seed.ts';
import { resourcesOf } from './store/resources.ts';

type Entry = Record<string, unknown> & { dealer_id: number };

/**
 * Creates a seed's sites, devices, contacts and monitoring stations through the same domain code as
 * the Partner API (so the same rules hold: time zones, unique external ids, stations of the same
 * dealer), inside the caller's transaction. Each entry is its API create body plus `dealer_id`, and
 * for devices and contacts the `external_site_id` of their site; a site may name its station by
 * `external_monitoring_station_id`. Throws a {@link SeedError} naming the first bad entry.
 */
export function writeSeedResources(context: MockContext, resources: Seed['resources']): void {
  const { monitoring_stations = [], sites = [], devices = [], contacts = [] } = resources ?? {};
  const each = (
    list: string,
    entries: Entry[],
    idName: string,
    create: (entry: Entry, index: number) => void,
  ) => {
    entries.forEach((entry, index) => {
      const where = `resources.${list}[${index}] (${idName} ${JSON.stringify(entry[idName])})`;
      try {
        if (context.store.getDealer(entry.dealer_id) === null) {
          throw new SeedError(
            `resources.${list}[${index}].dealer_id`,
            `dealer_id ${entry.dealer_id} names no dealer`,
          );
        }
        create(entry, index);
      } catch (error) {
        if (error instanceof SeedError) throw new SeedError(error.field, `${where}: ${error.message}`);
        if (error instanceof MockError) {
          throw new SeedError(
            `resources.${list}[${index}]${error.field ? `.${error.field}` : ''}`,
            `${where}: ${error.message}`,
          );
        }
        throw error;
      }
    });
  };
  const body = <T>(entry: Entry, schema: string, list: string, index: number, drop: string[]): T => {
    const rest = Object.fromEntries(Object.entries(entry).filter(([key]) => !drop.includes(key)));
    const problems = context.checkSchema(schema, rest, `resources.${list}[${index}]`);
    const first = problems[0];
    if (first) {
      const relative = first.field.slice(`resources.${list}[${index}]`.length).replace(/^\./, '');
      throw new SeedError(first.field, `${relative || 'entry'} ${first.message}`);
    }
    return rest as T;
  };
  const siteOf = (entry: Entry): number => {
    const siteId = resourcesOf(context.store).findSiteIdByExternalId(
      entry.dealer_id,
      String(entry.external_site_id),
    );
    if (siteId === null)
      throw new SeedError(
        'external_site_id',
        `external_site_id ${JSON.stringify(entry.external_site_id)} names no site of the dealer`,
      );
    return siteId;
  };

  each(
    'monitoring_stations',
    monitoring_stations as Entry[],
    'external_monitoring_station_id',
    (entry, index) => {
      createMonitoringStation(
        context,
        entry.dealer_id,
        body<MonitoringStationCreate>(entry, 'MonitoringStationCreate', 'monitoring_stations', index, [
          'dealer_id',
        ]),
      );
    },
  );
  each('sites', sites as Entry[], 'external_site_id', (entry, index) => {
    const site = body<SiteCreate>(entry, 'SiteCreate', 'sites', index, [
      'dealer_id',
      'external_monitoring_station_id',
    ]);
    if (entry.external_monitoring_station_id !== undefined) {
      const station = resourcesOf(context.store).findStationByExternalId(
        entry.dealer_id,
        String(entry.external_monitoring_station_id),
      );
      if (!station)
        throw new SeedError(
          'external_monitoring_station_id',
          'external_monitoring_station_id names no station of the dealer',
        );
      site.monitoring_station_id = station.monitoring_station_id;
    }
    createSite(context, entry.dealer_id, site);
  });
  each('devices', devices as Entry[], 'external_device_id', (entry, index) => {
    const item = body<Record<string, unknown>>(entry, 'DeviceCreate', 'devices', index, [
      'dealer_id',
      'external_site_id',
    ]);
    const result = createDevices(context, entry.dealer_id, siteOf(entry), [item], {
      check: () => [],
      requestId: 'req_seed',
    });
    const failure = result.results[0]?.error;
    if (failure) {
      const field = (failure.field ?? '').replace(/^\[0\]\.?/, '');
      throw new SeedError(`resources.devices[${index}]${field ? `.${field}` : ''}`, failure.message);
    }
  });
  each('contacts', contacts as Entry[], 'external_contact_id', (entry, index) => {
    createContact(
      context,
      entry.dealer_id,
      siteOf(entry),
      body<ContactCreate>(entry, 'ContactCreate', 'contacts', index, ['dealer_id', 'external_site_id']),
    );
  });
}
