import type { MockContext } from '../context.ts';
import type { HandlerTable } from '../http/handler.ts';

/** Webhooks: register, list, delete. (Not served yet.) */
export function webhookHandlers(_context: MockContext): HandlerTable {
  return {};
}
