import type { MockContext } from '../context.ts';
import type { HandlerTable } from '../http/handler.ts';
import { armingHandlers } from './arming.ts';
import { authorizeHandler } from './authorize.ts';
import { contactHandlers } from './contacts.ts';
import { dealerHandlers } from './dealers.ts';
import { deviceHandlers } from './devices.ts';
import { eventHandlers } from './events.ts';
import { monitoringStationHandlers } from './monitoring-stations.ts';
import { oauthHandlers } from './oauth.ts';
import { siteHandlers } from './sites.ts';
import { webhookHandlers } from './webhooks.ts';

/** Every operation's handler, by operationId. */
export function allHandlers(context: MockContext): HandlerTable {
  return {
    ...oauthHandlers(context),
    authorize: authorizeHandler(context),
    ...dealerHandlers(context),
    ...siteHandlers(context),
    ...deviceHandlers(context),
    ...contactHandlers(context),
    ...monitoringStationHandlers(context),
    ...armingHandlers(context),
    ...eventHandlers(context),
    ...webhookHandlers(context),
  };
}
