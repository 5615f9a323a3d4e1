import type { Site, SiteCreate, SiteUpdate } from '../../spec/types.ts';
import { isoAt } from '../clock.ts';
import type { MockContext } from '../context.ts';
import { badRequest, conflict, notFound, unprocessable } from '../errors.ts';
import { resourcesOf, SITE_LIST, type SiteRow } from '../store/resources.ts';
import { type ListAnswer, type ListParams, listItems } from './list-query.ts';

/** The API body of a stored site. */
export function siteView(row: SiteRow): Site {
  const { dealer_id: _dealer, security_type: _security, ...site } = row;
  return site;
}

/** The dealer's site, or 404 `site_not_found` (also for a site of another dealer). */
export function requireSite(context: MockContext, dealerId: number, siteId: number): SiteRow {
  const site = resourcesOf(context.store).getSite(dealerId, siteId);
  if (!site) notFound('site_not_found', `Site ${siteId} does not exist under dealer ${dealerId}.`, 'siteId');
  return site;
}

/** The dealer's sites, filtered, sorted and paged in SQL. */
export function listSites(context: MockContext, dealerId: number, params: ListParams): ListAnswer<Site> {
  return listItems<Site>(context, SITE_LIST, { where: 's.dealer_id = ?', params: [dealerId] }, params);
}

/** Creates a site (not activated, security type 1). */
export function createSite(context: MockContext, dealerId: number, body: SiteCreate): Site {
  const resources = resourcesOf(context.store);
  const site = context.store.transaction(() => {
    checkTimezone(body.timezone);
    checkExternalId(context, dealerId, body.external_site_id, null);
    checkStation(context, dealerId, body.monitoring_station_id ?? null);
    const siteId = resources.insertSite(
      dealerId,
      {
        external_site_id: body.external_site_id,
        name: body.name,
        timezone: body.timezone,
        monitoring_station_id: body.monitoring_station_id ?? null,
        account_number: body.account_number ?? null,
        address1: body.address1 ?? null,
        address2: body.address2 ?? null,
      },
      isoAt(context.clock.now()),
    );
    return siteView(requireSite(context, dealerId, siteId));
  });
  context.events.publish({ type: 'site.created', dealer_id: dealerId, data: site });
  return site;
}

/** The dealer's site. */
export function getSite(context: MockContext, dealerId: number, siteId: number): Site {
  return siteView(requireSite(context, dealerId, siteId));
}

/** Applies a partial update; `null` clears an optional field. */
export function updateSite(context: MockContext, dealerId: number, siteId: number, patch: SiteUpdate): Site {
  const site = context.store.transaction(() => {
    requireSite(context, dealerId, siteId);
    if (patch.timezone !== undefined) checkTimezone(patch.timezone);
    if (patch.external_site_id !== undefined)
      checkExternalId(context, dealerId, patch.external_site_id, siteId);
    if (patch.monitoring_station_id !== undefined)
      checkStation(context, dealerId, patch.monitoring_station_id);
    resourcesOf(context.store).update('sites', siteId, {
      external_site_id: patch.external_site_id,
      name: patch.name,
      timezone: patch.timezone,
      monitoring_station_id: patch.monitoring_station_id,
      account_number: patch.account_number,
      address1: patch.address1,
      address2: patch.address2,
      is_activated: patch.is_activated,
    });
    return siteView(requireSite(context, dealerId, siteId));
  });
  context.events.publish({ type: 'site.updated', dealer_id: dealerId, data: site });
  return site;
}

/** Deletes the site with its devices, contacts and arming settings (A24). */
export function deleteSite(context: MockContext, dealerId: number, siteId: number): void {
  const site = context.store.transaction(() => {
    const row = requireSite(context, dealerId, siteId);
    resourcesOf(context.store).delete('sites', siteId);
    return siteView(row);
  });
  context.events.publish({ type: 'site.deleted', dealer_id: dealerId, data: site });
}

/** The spec's pattern admits any IANA-like name; only zones the runtime knows are accepted. */
function checkTimezone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    badRequest('invalid_request', `"${timezone}" is not a known IANA time zone.`, 'timezone');
  }
}

function checkExternalId(
  context: MockContext,
  dealerId: number,
  externalId: string,
  self: number | null,
): void {
  const existing = resourcesOf(context.store).findSiteIdByExternalId(dealerId, externalId);
  if (existing !== null && existing !== self) {
    conflict(
      'external_id_conflict',
      `Dealer ${dealerId} already has a site with external_site_id "${externalId}" (site ${existing}).`,
      'external_site_id',
    );
  }
}

function checkStation(context: MockContext, dealerId: number, stationId: number | null): void {
  if (stationId === null) return;
  if (!resourcesOf(context.store).getStation(dealerId, stationId)) {
    unprocessable(
      'validation_failed',
      `monitoring_station_id ${stationId} is not a monitoring station of dealer ${dealerId}.`,
      'monitoring_station_id',
    );
  }
}
