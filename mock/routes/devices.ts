import type { MockContext } from '../context.ts';
import type { HandlerTable } from '../http/handler.ts';

/** Devices: bulk create, update and delete; list, get, update, delete. (Not served yet.) */
export function deviceHandlers(_context: MockContext): HandlerTable {
  return {};
}
