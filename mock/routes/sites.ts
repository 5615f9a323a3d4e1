import type { MockContext } from '../context.ts';
import type { HandlerTable } from '../http/handler.ts';

/** Sites: list, create, get, update, delete. (Not served yet.) */
export function siteHandlers(_context: MockContext): HandlerTable {
  return {};
}
