import { describe, expect, it } from 'vitest';
import type { RunningMock } from '../../mock/server.ts';
import { EventsStore } from '../../mock/store/events-store.ts';
import { alarm } from '../events/alarm.ts';
import { call, clientToken, connect, freshMock } from '../support/mock.ts';

const WEBHOOK = {
  url: 'https://partner.example.com/hooks',
  events: ['site.created'],
  secret: 'local-test-secret-0123',
};

function registerWebhook(mock: RunningMock, token: string, key: string, body: unknown = WEBHOOK) {
  return call(mock, 'POST', '/partner/v1/webhooks', { token, body, headers: { 'Idempotency-Key': key } });
}

async function webhookCount(mock: RunningMock, token: string): Promise<number> {
  return (await call(mock, 'GET', '/partner/v1/webhooks', { token })).body.length;
}

describe('Idempotency-Key', () => {
  it('replays the stored answer to a repeated request without running it again', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const first = await registerWebhook(mock, token, 'register-hooks-1');
    const second = await registerWebhook(mock, token, 'register-hooks-1');
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(await webhookCount(mock, token)).toBe(1);
    expect(mock.violations).toEqual([]);
  });

  it('treats the same JSON with its keys in another order as the same payload', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const first = await registerWebhook(mock, token, 'k');
    const reordered = await registerWebhook(mock, token, 'k', {
      secret: WEBHOOK.secret,
      events: WEBHOOK.events,
      url: WEBHOOK.url,
    });
    expect(reordered.body).toEqual(first.body);
    expect(await webhookCount(mock, token)).toBe(1);
  });

  it('answers 409 idempotency_conflict when the key is reused with another payload', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    await registerWebhook(mock, token, 'k');
    const response = await registerWebhook(mock, token, 'k', { ...WEBHOOK, events: ['site.deleted'] });
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'idempotency_conflict', field: 'Idempotency-Key' });
    expect(await webhookCount(mock, token)).toBe(1);
    expect(mock.violations).toEqual([]);
  });

  it('runs the request again once 24 hours have passed on the mock clock', async () => {
    const mock = await freshMock();
    const before = await clientToken(mock);
    const first = await registerWebhook(mock, before, 'k');
    mock.context.clock.advance(24 * 3600 * 1000 - 1);
    const stillStored = await registerWebhook(mock, await clientToken(mock), 'k');
    expect(stillStored.body.webhook_id).toBe(first.body.webhook_id);
    mock.context.clock.advance(1);
    const token = await clientToken(mock);
    const later = await registerWebhook(mock, token, 'k');
    expect(later.status).toBe(201);
    expect(later.body.webhook_id).not.toBe(first.body.webhook_id);
    expect(await webhookCount(mock, token)).toBe(2);
  });

  it('runs requests with different keys, or without a key, each time', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    await registerWebhook(mock, token, 'a');
    await registerWebhook(mock, token, 'b');
    await call(mock, 'POST', '/partner/v1/webhooks', { token, body: WEBHOOK });
    expect(await webhookCount(mock, token)).toBe(3);
  });

  it('keeps keys apart per client', async () => {
    const mock = await freshMock();
    const app = await clientToken(mock);
    const platform = await clientToken(mock, 'platform');
    const mine = await registerWebhook(mock, app, 'shared-key');
    const theirs = await registerWebhook(mock, platform, 'shared-key');
    expect(theirs.status).toBe(201);
    expect(theirs.body.webhook_id).not.toBe(mine.body.webhook_id);
  });

  it('replays a 204 of a delete instead of answering 404 the second time', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const created = await registerWebhook(mock, token, 'create');
    const path = `/partner/v1/webhooks/${created.body.webhook_id}`;
    const headers = { 'Idempotency-Key': 'delete-1' };
    expect((await call(mock, 'DELETE', path, { token, headers })).status).toBe(204);
    const again = await call(mock, 'DELETE', path, { token, headers });
    expect(again.status).toBe(204);
    expect(again.body).toBe('');
    expect(mock.violations).toEqual([]);
  });

  it('does not store an error answer: the same key runs again once the cause is fixed', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock, 'platform');
    const headers = { 'Idempotency-Key': 'event-1' };
    const refused = await call(mock, 'POST', '/partner/v1/events', { token, body: alarm(), headers });
    expect(refused.status).toBe(403);
    await connect(mock, 'admin@acme.test', 'ext-1001');
    const accepted = await call(mock, 'POST', '/partner/v1/events', { token, body: alarm(), headers });
    expect(accepted.status).toBe(201);
    const replayed = await call(mock, 'POST', '/partner/v1/events', { token, body: alarm(), headers });
    expect(replayed.body).toEqual(accepted.body);
    expect(new EventsStore(mock.context.store).listEvents()).toHaveLength(1);
  });

  it('lets a concurrent request with the same key wait for the first and replay its answer', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const answers = await Promise.all([1, 2, 3].map(() => registerWebhook(mock, token, 'parallel')));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.webhook_id)).size).toBe(1);
    expect(await webhookCount(mock, token)).toBe(1);
  });
});
