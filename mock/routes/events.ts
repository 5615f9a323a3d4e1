import type { MockContext } from '../context.ts';
import type { HandlerTable } from '../http/handler.ts';

/** Partner events and their media uploads. (Not served yet.) */
export function eventHandlers(_context: MockContext): HandlerTable {
  return {};
}
