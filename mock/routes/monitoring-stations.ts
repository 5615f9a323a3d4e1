import type { MockContext } from '../context.ts';
import type { HandlerTable } from '../http/handler.ts';

/** Monitoring stations: list, create, get, update, delete. (Not served yet.) */
export function monitoringStationHandlers(_context: MockContext): HandlerTable {
  return {};
}
