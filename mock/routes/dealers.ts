import type { MockContext } from '../context.ts';
import { connectDealer, disconnectDealer, getDealer, updateDealer } from '../domain/dealers.ts';
import type { AccessContext } from '../http/authenticate.ts';
import type { HandlerTable } from '../http/handler.ts';

/** Connect, disconnect, get and update a dealer. */
export function dealerHandlers(context: MockContext): HandlerTable {
  return {
    connectDealer: ({ access, body }) => ({
      status: 200,
      body: connectDealer(context, caller(access), body),
    }),
    disconnectDealer: ({ access, path }) => ({
      status: 200,
      body: disconnectDealer(context, caller(access), path.dealerId),
    }),
    getDealer: ({ access, path }) => ({
      status: 200,
      body: getDealer(context, caller(access), path.dealerId),
    }),
    updateDealer: ({ access, path, body }) => ({
      status: 200,
      body: updateDealer(context, caller(access), path.dealerId, body),
    }),
  };
}

/** The verified caller of a secured operation (the pipeline guarantees one). */
export function caller(access: AccessContext | null): AccessContext {
  if (!access) throw new Error('secured operation reached without an access context');
  return access;
}
