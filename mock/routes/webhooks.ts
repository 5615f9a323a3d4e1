import type { MockContext } from '../context.ts';
import { createWebhook, deleteWebhook, listWebhooks } from '../domain/webhooks.ts';
import type { HandlerTable } from '../http/handler.ts';
import { WebhooksStore } from '../store/webhooks-store.ts';
import { caller } from './dealers.ts';

/** Webhooks: register, list, delete (each client sees only its own). */
export function webhookHandlers(context: MockContext): HandlerTable {
  const webhooks = new WebhooksStore(context.store);
  return {
    createWebhook: ({ access, body }) => ({
      status: 201,
      body: createWebhook(context, webhooks, caller(access), body),
    }),
    listWebhooks: ({ access }) => {
      const list = listWebhooks(webhooks, caller(access));
      return { status: 200, body: list, headers: { 'X-Total-Count': String(list.length) } };
    },
    deleteWebhook: ({ access, path }) => {
      deleteWebhook(context, webhooks, caller(access), path.webhookId);
      return { status: 204, body: undefined };
    },
  };
}
