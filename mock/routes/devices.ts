import { randomBytes } from 'node:crypto';
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
import { loadDocument } from '../openapi/document.ts';
import { compileSchemaCheck } from '../openapi/validator.ts';

let itemChecks: { create: ItemCheck; update: ItemCheck } | undefined;

/**
 * The per-item checks of the bulk bodies (marked `x-items-validated-separately` in the spec, so the
 * pipeline checks only the envelope), compiled from the spec once per process.
 */
function bulkItemChecks(): { create: ItemCheck; update: ItemCheck } {
  if (!itemChecks) {
    const document = loadDocument();
    itemChecks = {
      create: compileSchemaCheck(document, 'DeviceCreate'),
      update: compileSchemaCheck(document, 'DeviceBulkUpdateItem'),
    };
  }
  return itemChecks;
}

/**
 * The `request_id` in per-item errors. Handlers are not told the pipeline's request id, so a bulk
 * answer gets one id of its own, shared by its item errors.
 */
function bulkRequestId(): string {
  return `req_${randomBytes(9).toString('base64url')}`;
}

/** Devices: bulk create, update and delete; list, get, update, delete. */
export function deviceHandlers(context: MockContext): HandlerTable {
  const checks = bulkItemChecks();
  return {
    listDevices: ({ path, query }) => {
      const { items, total } = listDevices(context, path.dealerId, path.siteId, query);
      return { status: 200, body: items, headers: { 'X-Total-Count': String(total) } };
    },
    createDevices: ({ path, body }) => ({
      status: 201,
      body: createDevices(context, path.dealerId, path.siteId, body, {
        check: checks.create,
        requestId: bulkRequestId(),
      }),
    }),
    updateDevices: ({ path, body }) => ({
      status: 200,
      body: updateDevices(context, path.dealerId, path.siteId, body, {
        check: checks.update,
        requestId: bulkRequestId(),
      }),
    }),
    deleteDevices: ({ path, query }) => ({
      status: 200,
      body: deleteDevices(context, path.dealerId, path.siteId, query.device_ids, bulkRequestId()),
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
