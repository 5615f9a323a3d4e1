import type { MockContext } from '../context.ts';
import { createSite, deleteSite, getSite, listSites, updateSite } from '../domain/sites.ts';
import type { HandlerTable } from '../http/handler.ts';

/** Sites: list, create, get, update, delete. */
export function siteHandlers(context: MockContext): HandlerTable {
  return {
    listSites: ({ path, query }) => {
      const { items, total } = listSites(context, path.dealerId, query);
      return { status: 200, body: items, headers: { 'X-Total-Count': String(total) } };
    },
    createSite: ({ path, body }) => ({ status: 201, body: createSite(context, path.dealerId, body) }),
    getSite: ({ path }) => ({ status: 200, body: getSite(context, path.dealerId, path.siteId) }),
    updateSite: ({ path, body }) => ({
      status: 200,
      body: updateSite(context, path.dealerId, path.siteId, body),
    }),
    deleteSite: ({ path }) => {
      deleteSite(context, path.dealerId, path.siteId);
      return { status: 204, body: undefined };
    },
  };
}
