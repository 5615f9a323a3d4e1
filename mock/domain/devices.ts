import type {
  Device,
  DeviceBulkItemResult,
  DeviceBulkResult,
  DeviceBulkUpdateItem,
  DeviceCreate,
  DeviceUpdate,
  ErrorDetail,
} from '../../spec/types.ts';
import { isoAt } from '../clock.ts';
import type { MockContext } from '../context.ts';
import { conflict, notFound } from '../errors.ts';
import type { DomainEvent } from '../events.ts';
import { DEVICE_LIST, resourcesOf } from '../store/resources.ts';
import { type ListAnswer, type ListParams, listItems } from './list-query.ts';
import { requireSite } from './sites.ts';

/** Checks one item of a bulk body against its schema; violations are named below `location` (`[2]`). */
export type ItemCheck = (item: unknown, location: string) => { field: string; message: string }[];

/** What a bulk call needs besides its items: the item check and the request id for item errors. */
export interface BulkOptions {
  check: ItemCheck;
  requestId: string;
}

type ItemFailure = Pick<ErrorDetail, 'code' | 'message' | 'field'>;

/** The site's devices, filtered, sorted and paged in SQL. */
export function listDevices(
  context: MockContext,
  dealerId: number,
  siteId: number,
  params: ListParams,
): ListAnswer<Device> {
  requireSite(context, dealerId, siteId);
  return listItems<Device>(context, DEVICE_LIST, { where: 'site_id = ?', params: [siteId] }, params);
}

/**
 * Creates the items one by one in one transaction: an item that violates `DeviceCreate` or repeats an
 * external id (of the site, or of an earlier item) fails alone, the others are created (A30, A42).
 */
export function createDevices(
  context: MockContext,
  dealerId: number,
  siteId: number,
  items: readonly unknown[],
  options: BulkOptions,
): DeviceBulkResult {
  const resources = resourcesOf(context.store);
  const createdAt = isoAt(context.clock.now());
  return bulk(context, dealerId, siteId, items, options, 'device.created', (item, at) => {
    const externalId = stringField(item, 'external_device_id');
    const invalid = schemaFailure(options.check(item, at));
    if (invalid) return { deviceId: null, externalId, failure: invalid };
    const body = item as DeviceCreate;
    if (resources.findDeviceIdByExternalId(siteId, body.external_device_id) !== null) {
      return { deviceId: null, externalId, failure: externalIdTaken(siteId, body.external_device_id, at) };
    }
    const deviceId = resources.insertDevice(siteId, createRecord(body), createdAt);
    return { deviceId, externalId, device: resources.getDevice(siteId, deviceId) as Device };
  });
}

/** Updates the items one by one in one transaction; each fails alone (A30, A42). */
export function updateDevices(
  context: MockContext,
  dealerId: number,
  siteId: number,
  items: readonly unknown[],
  options: BulkOptions,
): DeviceBulkResult {
  const resources = resourcesOf(context.store);
  return bulk(context, dealerId, siteId, items, options, 'device.updated', (item, at) => {
    const given = (item as Record<string, unknown>).device_id;
    const deviceId = Number.isSafeInteger(given) && (given as number) > 0 ? (given as number) : null;
    const invalid = schemaFailure(options.check(item, at));
    const existing = deviceId === null ? null : resources.getDevice(siteId, deviceId);
    const externalId = existing?.external_device_id ?? stringField(item, 'external_device_id');
    if (invalid) return { deviceId, externalId, failure: invalid };
    if (!existing) {
      const failure = {
        code: 'device_not_found',
        message: `Device ${deviceId} does not exist on site ${siteId}.`,
      };
      return { deviceId, externalId: null, failure: { ...failure, field: `${at}.device_id` } };
    }
    const { device_id: _id, ...patch } = item as DeviceBulkUpdateItem;
    const taken = externalIdClash(context, siteId, existing.device_id, patch, at);
    if (taken) return { deviceId, externalId, failure: taken };
    applyUpdate(context, existing.device_id, patch);
    const device = resources.getDevice(siteId, existing.device_id) as Device;
    return { deviceId, externalId: device.external_device_id, device };
  });
}

/** Deletes the listed devices in one transaction; an id that is not a device of the site fails alone. */
export function deleteDevices(
  context: MockContext,
  dealerId: number,
  siteId: number,
  deviceIds: readonly number[],
  requestId: string,
): DeviceBulkResult {
  const resources = resourcesOf(context.store);
  const options: BulkOptions = { check: () => [], requestId };
  return bulk(context, dealerId, siteId, deviceIds, options, 'device.deleted', (deviceId, _at, index) => {
    const existing = resources.getDevice(siteId, deviceId as number);
    if (!existing) {
      const message = `Device ${deviceId} does not exist on site ${siteId}.`;
      const failure = { code: 'device_not_found', message, field: `device_ids[${index}]` };
      return { deviceId: deviceId as number, externalId: null, failure };
    }
    resources.delete('devices', existing.device_id);
    return { deviceId: existing.device_id, externalId: existing.external_device_id, deleted: existing };
  });
}

/** The site's device. */
export function getDevice(context: MockContext, dealerId: number, siteId: number, deviceId: number): Device {
  requireSite(context, dealerId, siteId);
  return requireDevice(context, siteId, deviceId);
}

/** Applies a partial update to one device. */
export function updateDevice(
  context: MockContext,
  dealerId: number,
  siteId: number,
  deviceId: number,
  patch: DeviceUpdate,
): Device {
  const device = context.store.transaction(() => {
    requireSite(context, dealerId, siteId);
    requireDevice(context, siteId, deviceId);
    const taken = externalIdClash(context, siteId, deviceId, patch, null);
    if (taken) conflict(taken.code, taken.message, taken.field);
    applyUpdate(context, deviceId, patch);
    return requireDevice(context, siteId, deviceId);
  });
  context.events.publish({ type: 'device.updated', dealer_id: dealerId, data: device });
  return device;
}

/** Deletes one device. */
export function deleteDevice(context: MockContext, dealerId: number, siteId: number, deviceId: number): void {
  const device = context.store.transaction(() => {
    requireSite(context, dealerId, siteId);
    const existing = requireDevice(context, siteId, deviceId);
    resourcesOf(context.store).delete('devices', deviceId);
    return existing;
  });
  context.events.publish({ type: 'device.deleted', dealer_id: dealerId, data: device });
}

/** What one bulk item came to. */
interface ItemOutcome {
  deviceId: number | null;
  externalId: string | null;
  failure?: ItemFailure;
  /** The created or updated device (answered in the result). */
  device?: Device;
  /** The deleted device (published, not answered). */
  deleted?: Device;
}

/** Runs `each` over the items in one transaction and gathers the per-item results and events. */
function bulk<T>(
  context: MockContext,
  dealerId: number,
  siteId: number,
  items: readonly T[],
  options: BulkOptions,
  eventType: DomainEvent['type'],
  each: (item: T, location: string, index: number) => ItemOutcome,
): DeviceBulkResult {
  const events: DomainEvent[] = [];
  const results = context.store.transaction(() => {
    requireSite(context, dealerId, siteId);
    return items.map((item, index): DeviceBulkItemResult => {
      const outcome = each(item, `[${index}]`, index);
      const changed = outcome.device ?? outcome.deleted;
      if (changed) events.push({ type: eventType, dealer_id: dealerId, data: changed });
      return {
        index,
        is_successful: outcome.failure === undefined,
        device_id: outcome.deviceId,
        external_device_id: outcome.externalId,
        device: outcome.device ?? null,
        error: outcome.failure ? { ...outcome.failure, request_id: options.requestId } : null,
      };
    });
  });
  for (const event of events) context.events.publish(event);
  const successes = results.filter((result) => result.is_successful).length;
  return { success_count: successes, failure_count: results.length - successes, results };
}

function requireDevice(context: MockContext, siteId: number, deviceId: number): Device {
  const device = resourcesOf(context.store).getDevice(siteId, deviceId);
  if (!device)
    notFound('device_not_found', `Device ${deviceId} does not exist on site ${siteId}.`, 'deviceId');
  return device;
}

function schemaFailure(violations: { field: string; message: string }[]): ItemFailure | null {
  const first = violations[0];
  if (!first) return null;
  const message = violations.map((v) => `${v.field} ${v.message}`).join('; ');
  return { code: 'invalid_request', message, field: first.field };
}

function externalIdTaken(siteId: number, externalId: string, at: string): ItemFailure {
  return {
    code: 'external_id_conflict',
    message: `A device with external_device_id "${externalId}" already exists on site ${siteId}.`,
    field: `${at}.external_device_id`,
  };
}

/** A conflict when the patch renames the device to an external id another device of the site has. */
function externalIdClash(
  context: MockContext,
  siteId: number,
  deviceId: number,
  patch: DeviceUpdate,
  at: string | null,
): ItemFailure | null {
  if (patch.external_device_id === undefined) return null;
  const owner = resourcesOf(context.store).findDeviceIdByExternalId(siteId, patch.external_device_id);
  if (owner === null || owner === deviceId) return null;
  const failure = externalIdTaken(siteId, patch.external_device_id, at ?? '');
  return at === null ? { ...failure, field: 'external_device_id' } : failure;
}

function applyUpdate(context: MockContext, deviceId: number, patch: DeviceUpdate): void {
  resourcesOf(context.store).update('devices', deviceId, {
    external_device_id: patch.external_device_id,
    device_type: patch.device_type,
    zone_number: patch.zone_number,
    additional_zone_numbers: patch.additional_zone_numbers,
    name: patch.name,
    mac: patch.mac,
    manufacturer: patch.manufacturer,
    model: patch.model,
    serial_number: patch.serial_number,
  });
}

function createRecord(body: DeviceCreate): Required<DeviceCreate> {
  return {
    external_device_id: body.external_device_id,
    device_type: body.device_type,
    zone_number: body.zone_number,
    additional_zone_numbers: body.additional_zone_numbers ?? null,
    name: body.name ?? null,
    mac: body.mac ?? null,
    manufacturer: body.manufacturer ?? null,
    model: body.model ?? null,
    serial_number: body.serial_number ?? null,
  };
}

function stringField(item: unknown, name: string): string | null {
  const value = (item as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : null;
}
