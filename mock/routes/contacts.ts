import type { MockContext } from '../context.ts';
import type { HandlerTable } from '../http/handler.ts';

/** Site contacts: list, create, get, update, delete. (Not served yet.) */
export function contactHandlers(_context: MockContext): HandlerTable {
  return {};
}
