import type { MockContext } from '../context.ts';
import {
  createMonitoringStation,
  deleteMonitoringStation,
  getMonitoringStation,
  listMonitoringStations,
  updateMonitoringStation,
} from '../domain/monitoring-stations.ts';
import type { HandlerTable } from '../http/handler.ts';

/** Monitoring stations: list, create, get, update, delete. */
export function monitoringStationHandlers(context: MockContext): HandlerTable {
  return {
    listMonitoringStations: ({ path, query }) => {
      const { items, total } = listMonitoringStations(context, path.dealerId, query);
      return { status: 200, body: items, headers: { 'X-Total-Count': String(total) } };
    },
    createMonitoringStation: ({ path, body }) => ({
      status: 201,
      body: createMonitoringStation(context, path.dealerId, body),
    }),
    getMonitoringStation: ({ path }) => ({
      status: 200,
      body: getMonitoringStation(context, path.dealerId, path.monitoringStationId),
    }),
    updateMonitoringStation: ({ path, body }) => ({
      status: 200,
      body: updateMonitoringStation(context, path.dealerId, path.monitoringStationId, body),
    }),
    deleteMonitoringStation: ({ path }) => {
      deleteMonitoringStation(context, path.dealerId, path.monitoringStationId);
      return { status: 204, body: undefined };
    },
  };
}
