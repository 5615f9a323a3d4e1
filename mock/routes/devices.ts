import type { MockContext } from '../context.ts';
import {
  createDevices,
  deleteDevice,
  deleteDevices,
  getDevice,
  type ItemCheck,
  listDevices,
  updateDevice,
  updateDevices,
} from '../domain/devices.ts';
import type { HandlerTable } from '../http/handler.ts';

/** Devices: bulk create, update and delete; list, get, update, delete. */
export function deviceHandlers(context: MockContext): HandlerTable {
  // The bulk bodies are marked `x-items-validated-separately` in the spec: the pipeline checks the
  // envelope, and each item is checked here against its schema, so a bad item fails alone.
  const checks: { create: ItemCheck; update: ItemCheck } = {
    create: (item, location) => context.checkSchema('DeviceCreate', item, location),
    update: (item, location) => context.checkSchema('DeviceBulkUpdateItem', item, location),
  };
  return {
    listDevices: ({ path, query }) => {
      const { items, total } = listDevices(context, path.dealerId, path.siteId, query);
      return { status: 200, body: items, headers: { 'X-Total-Count': String(total) } };
    },
    createDevices: ({ path, body, requestId }) => ({
      status: 201,
      body: createDevices(context, path.dealerId, path.siteId, body, {
        check: checks.create,
        requestId,
      }),
    }),
    updateDevices: ({ path, body, requestId }) => ({
      status: 200,
      body: updateDevices(context, path.dealerId, path.siteId, body, {
        check: checks.update,
        requestId,
      }),
    }),
    deleteDevices: ({ path, query, requestId }) => ({
      status: 200,
      body: deleteDevices(context, path.dealerId, path.siteId, query.device_ids, requestId),
    }),
    getDevice: ({ path }) => ({
      status: 200,
      body: getDevice(context, path.dealerId, path.siteId, path.deviceId),
    }),
    updateDevice: ({ path, body }) => ({
      status: 200,
      body: updateDevice(context, path.dealerId, path.siteId, path.deviceId, body),
    }),
    deleteDevice: ({ path }) => {
      deleteDevice(context, path.dealerId, path.siteId, path.deviceId);
      return { status: 204, body: undefined };
    },
  };
}
