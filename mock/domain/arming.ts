import type { ArmingSettings, ArmingSettingsUpdate } from '../../spec/types.ts';
import type { MockContext } from '../context.ts';
import { resourcesOf, type SiteRow } from '../store/resources.ts';
import { requireSite } from './sites.ts';

function armingView(site: SiteRow): ArmingSettings {
  return {
    site_id: site.site_id,
    external_site_id: site.external_site_id,
    name: site.name,
    security_type: site.security_type,
  };
}

/** The site's arming settings (its security type). */
export function getArmingSettings(context: MockContext, dealerId: number, siteId: number): ArmingSettings {
  return armingView(requireSite(context, dealerId, siteId));
}

/** Changes the site's security type. */
export function updateArmingSettings(
  context: MockContext,
  dealerId: number,
  siteId: number,
  patch: ArmingSettingsUpdate,
): ArmingSettings {
  const settings = context.store.transaction(() => {
    requireSite(context, dealerId, siteId);
    resourcesOf(context.store).update('sites', siteId, { security_type: patch.security_type });
    return armingView(requireSite(context, dealerId, siteId));
  });
  context.events.publish({ type: 'arming_settings.updated', dealer_id: dealerId, data: settings });
  return settings;
}
