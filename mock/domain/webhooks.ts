import { randomBytes } from 'node:crypto';
import type { Webhook, WebhookCreate } from '../../spec/types.ts';
import { isoAt } from '../clock.ts';
import type { MockContext } from '../context.ts';
import { badRequest, notFound } from '../errors.ts';
import type { AccessContext } from '../http/authenticate.ts';
import type { WebhookRecord, WebhooksStore } from '../store/webhooks-store.ts';

/** Hosts a plain `http://` webhook URL may name: local receivers only (register: A39). */
const LOCAL_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost']);

/** A webhook as the API answers it: never its secret. */
export function webhookView(webhook: WebhookRecord): Webhook {
  return {
    webhook_id: webhook.webhook_id,
    url: webhook.url,
    events: webhook.events as Webhook['events'],
    status: webhook.status,
    created_at: webhook.created_at,
  };
}

/**
 * Registers a webhook of the calling client. The URL must be https, or http on a local receiver; the
 * spec's pattern already says so, but a URL like `http://127.0.0.1:x@elsewhere/` passes a pattern,
 * so the parsed host is checked too: deliveries go only where the partner meant.
 */
export function createWebhook(
  context: MockContext,
  webhooks: WebhooksStore,
  access: AccessContext,
  request: WebhookCreate,
): Webhook {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    badRequest('invalid_request', 'url is not a valid URL.', 'url');
  }
  const local = url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname);
  if ((url.protocol !== 'https:' && !local) || url.username !== '' || url.password !== '') {
    badRequest(
      'invalid_request',
      'url must be an https:// URL without credentials (or http://127.0.0.1 / http://localhost).',
      'url',
    );
  }
  const webhook: WebhookRecord = {
    webhook_id: `wh_${randomBytes(9).toString('hex')}`,
    client_id: access.client.client_id,
    url: request.url,
    events: [...request.events],
    secret: request.secret,
    status: 'active',
    created_at: isoAt(context.clock.now()),
  };
  webhooks.insertWebhook(webhook);
  return webhookView(webhook);
}

/** The calling client's webhooks, in registration order. */
export function listWebhooks(webhooks: WebhooksStore, access: AccessContext): Webhook[] {
  return webhooks.listWebhooks(access.client.client_id).map(webhookView);
}

/** Deletes one of the calling client's webhooks; its pending deliveries are dropped. */
export function deleteWebhook(
  context: MockContext,
  webhooks: WebhooksStore,
  access: AccessContext,
  webhookId: string,
): void {
  const webhook = webhooks.getWebhook(webhookId);
  if (!webhook || webhook.client_id !== access.client.client_id) {
    notFound('webhook_not_found', `Webhook ${webhookId} does not exist.`, 'webhookId');
  }
  webhooks.deleteWebhook(webhookId, context.clock.now());
}
