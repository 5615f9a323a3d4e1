import { MatchersV3 } from '@pact-foundation/pact';
import { timestamp } from './support.ts';

const { integer, string, like, nullValue } = MatchersV3;

// Response bodies the reference client relies on, matched by type: the provider may differ in values
// (ids, timestamps) but not in shape. Example values follow the demo world of the sandbox.

/** A dealer record. */
export function dealerBody(dealerId: number, externalDealerId: string | null) {
  return {
    dealer_id: dealerId,
    external_dealer_id: externalDealerId === null ? nullValue() : externalDealerId,
    company_name: string('Acme Security'),
    company_address1: string('100 Main Street'),
    company_address2: like('Suite 200'),
    company_email: string('support@acme.test'),
    company_phone_number: string('+1-555-010-1001'),
    created_at: timestamp('2024-03-27T12:34:56.000Z'),
  };
}

/** A site as created with external id, name and time zone only. */
export function siteBody(externalSiteId: string, name: string, siteId: unknown = integer(1)) {
  return {
    site_id: siteId,
    external_site_id: externalSiteId,
    name,
    timezone: string('America/New_York'),
    monitoring_station_id: nullValue(),
    external_monitoring_station_id: nullValue(),
    account_number: nullValue(),
    address1: nullValue(),
    address2: nullValue(),
    is_activated: integer(0),
    created_at: timestamp(),
  };
}

/** A camera created with the minimal fields. */
export function deviceBody(externalDeviceId: string, siteId: unknown = integer(1)) {
  return {
    device_id: integer(1),
    site_id: siteId,
    external_device_id: externalDeviceId,
    device_type: 'camera',
    zone_number: string('001'),
    additional_zone_numbers: nullValue(),
    name: like('Front Door'),
    mac: nullValue(),
    manufacturer: nullValue(),
    model: nullValue(),
    serial_number: nullValue(),
    created_at: timestamp(),
  };
}

/** A contact created with names only. */
export function contactBody(externalContactId: string, siteId: unknown = integer(1)) {
  return {
    contact_id: integer(1),
    site_id: siteId,
    external_contact_id: externalContactId,
    first_name: string('Jane'),
    last_name: string('Doe'),
    phone_number: like('+1-555-0100'),
    email: nullValue(),
    created_at: timestamp(),
  };
}

/** A monitoring station. */
export function stationBody(externalId: string) {
  return {
    monitoring_station_id: integer(1),
    external_monitoring_station_id: externalId,
    name: string('Central Station'),
    prefix: like('CH'),
    linecard: nullValue(),
    created_at: timestamp(),
  };
}
