import type {
  MonitoringStation,
  MonitoringStationCreate,
  MonitoringStationUpdate,
} from '../../spec/types.ts';
import { isoAt } from '../clock.ts';
import type { MockContext } from '../context.ts';
import { conflict, notFound } from '../errors.ts';
import { resourcesOf, STATION_LIST, type StationRow } from '../store/resources.ts';
import { type ListAnswer, type ListParams, listItems } from './list-query.ts';

function stationView(row: StationRow): MonitoringStation {
  const { dealer_id: _dealer, ...station } = row;
  return station;
}

function requireStation(context: MockContext, dealerId: number, stationId: number): StationRow {
  const station = resourcesOf(context.store).getStation(dealerId, stationId);
  if (!station) {
    notFound(
      'monitoring_station_not_found',
      `Monitoring station ${stationId} does not exist under dealer ${dealerId}.`,
      'monitoringStationId',
    );
  }
  return station;
}

/** The dealer's monitoring stations, filtered, sorted and paged in SQL. */
export function listMonitoringStations(
  context: MockContext,
  dealerId: number,
  params: ListParams,
): ListAnswer<MonitoringStation> {
  return listItems<MonitoringStation>(
    context,
    STATION_LIST,
    { where: 'dealer_id = ?', params: [dealerId] },
    params,
  );
}

/** Registers a monitoring station for the dealer. */
export function createMonitoringStation(
  context: MockContext,
  dealerId: number,
  body: MonitoringStationCreate,
): MonitoringStation {
  const station = context.store.transaction(() => {
    checkExternalId(context, dealerId, body.external_monitoring_station_id, null);
    const stationId = resourcesOf(context.store).insertStation(
      dealerId,
      {
        external_monitoring_station_id: body.external_monitoring_station_id,
        name: body.name,
        prefix: body.prefix ?? null,
        linecard: body.linecard ?? null,
      },
      isoAt(context.clock.now()),
    );
    return stationView(requireStation(context, dealerId, stationId));
  });
  context.events.publish({ type: 'monitoring_station.created', dealer_id: dealerId, data: station });
  return station;
}

/** The dealer's monitoring station. */
export function getMonitoringStation(
  context: MockContext,
  dealerId: number,
  stationId: number,
): MonitoringStation {
  return stationView(requireStation(context, dealerId, stationId));
}

/** Applies a partial update; sites using the station show a changed external id at once (join). */
export function updateMonitoringStation(
  context: MockContext,
  dealerId: number,
  stationId: number,
  patch: MonitoringStationUpdate,
): MonitoringStation {
  const station = context.store.transaction(() => {
    requireStation(context, dealerId, stationId);
    if (patch.external_monitoring_station_id !== undefined) {
      checkExternalId(context, dealerId, patch.external_monitoring_station_id, stationId);
    }
    resourcesOf(context.store).update('monitoring_stations', stationId, {
      external_monitoring_station_id: patch.external_monitoring_station_id,
      name: patch.name,
      prefix: patch.prefix,
      linecard: patch.linecard,
    });
    return stationView(requireStation(context, dealerId, stationId));
  });
  context.events.publish({ type: 'monitoring_station.updated', dealer_id: dealerId, data: station });
  return station;
}

/** Deletes a station no site uses any more; one still in use is 409 (A31). */
export function deleteMonitoringStation(context: MockContext, dealerId: number, stationId: number): void {
  const station = context.store.transaction(() => {
    const row = requireStation(context, dealerId, stationId);
    const users = resourcesOf(context.store).countSitesOfStation(stationId);
    if (users > 0) {
      conflict(
        'monitoring_station_in_use',
        `Monitoring station ${stationId} is still assigned to ${users} site(s); reassign or unassign them first.`,
        'monitoringStationId',
      );
    }
    resourcesOf(context.store).delete('monitoring_stations', stationId);
    return stationView(row);
  });
  context.events.publish({ type: 'monitoring_station.deleted', dealer_id: dealerId, data: station });
}

function checkExternalId(
  context: MockContext,
  dealerId: number,
  externalId: string,
  self: number | null,
): void {
  const existing = resourcesOf(context.store).findStationByExternalId(dealerId, externalId);
  if (existing && existing.monitoring_station_id !== self) {
    conflict(
      'external_id_conflict',
      `Dealer ${dealerId} already has a monitoring station with external_monitoring_station_id "${externalId}".`,
      'external_monitoring_station_id',
    );
  }
}
