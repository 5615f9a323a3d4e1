import type { MockContext } from '../context.ts';
import { getArmingSettings, updateArmingSettings } from '../domain/arming.ts';
import type { HandlerTable } from '../http/handler.ts';

/** Arming settings of a site: get and change the security type. */
export function armingHandlers(context: MockContext): HandlerTable {
  return {
    getArmingSettings: ({ path }) => ({
      status: 200,
      body: getArmingSettings(context, path.dealerId, path.siteId),
    }),
    updateArmingSettings: ({ path, body }) => ({
      status: 200,
      body: updateArmingSettings(context, path.dealerId, path.siteId, body),
    }),
  };
}
