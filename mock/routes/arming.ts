import type { MockContext } from '../context.ts';
import type { HandlerTable } from '../http/handler.ts';

/** Arming settings: get and patch. (Not served yet.) */
export function armingHandlers(_context: MockContext): HandlerTable {
  return {};
}
