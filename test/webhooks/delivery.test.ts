import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RunningMock } from '../../mock/server.ts';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS } from '../../mock/webhooks/dispatcher.ts';
import { alarm } from '../events/alarm.ts';
import { call, clientToken, connect, freshMock, T0 } from '../support/mock.ts';
import { deadUrl, type Received, startReceiver } from './receiver.ts';

const SECRET = 'local-test-secret-0123';

/** Registers a webhook of the demo Dealer app (or another client) and returns its id. */
async function register(
  mock: RunningMock,
  url: string,
  events: string[],
  who: 'dealerApp' | 'platform' = 'dealerApp',
): Promise<string> {
  const token = await clientToken(mock, who);
  const response = await call(mock, 'POST', '/partner/v1/webhooks', {
    token,
    body: { url, events, secret: SECRET },
  });
  expect(response.status).toBe(201);
  return response.body.webhook_id;
}

/** Posts an event of dealer 1001 as the demo Dealer app. */
async function postAlarm(mock: RunningMock, overrides: Record<string, unknown> = {}) {
  const token = await clientToken(mock);
  const response = await call(mock, 'POST', '/partner/v1/events', { token, body: alarm(overrides) });
  expect(response.status).toBe(201);
  return response.body;
}

/** Recomputes the signature as a partner would, and compares in constant time. */
function signatureIsValid(delivery: Received, secret: string): boolean {
  const timestamp = String(delivery.headers['x-chekt-timestamp']);
  const expected = createHmac('sha256', secret).update(`${timestamp}.${delivery.rawBody}`).digest('hex');
  const sent = String(delivery.headers['x-chekt-signature']).replace(/^v1=/, '');
  return sent.length === expected.length && timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}

describe('webhook deliveries', () => {
  it('POSTs a signed event.received delivery to a real local receiver', async () => {
    const mock = await freshMock();
    const receiver = await startReceiver();
    const webhookId = await register(mock, receiver.url, ['event.received']);
    await postAlarm(mock, { media: [] });
    await mock.webhooks.runDue();

    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received as [Received];
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(delivery.headers['x-chekt-timestamp']).toBe(String(T0 / 1000));
    expect(delivery.headers['x-chekt-event-type']).toBe('event.received');
    expect(delivery.headers['x-chekt-delivery-attempt']).toBe('1');
    expect(delivery.headers['x-chekt-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(signatureIsValid(delivery, SECRET)).toBe(true);
    expect(signatureIsValid(delivery, 'another-secret-0123')).toBe(false);
    expect(delivery.body).toEqual({
      id: delivery.headers['x-chekt-event-id'],
      type: 'event.received',
      created_at: new Date(T0).toISOString(),
      dealer_id: 1001,
      data: { ...alarm({ media: [] }), received_at: new Date(T0).toISOString() },
    });
    expect(delivery.body.id).toMatch(/^evt_/);

    const [logged] = mock.webhooks.deliveries({ webhookId });
    expect(logged).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      last_status_code: 200,
      next_attempt_at: null,
    });
    expect(logged?.attempt_log).toEqual([
      expect.objectContaining({ attempt: 1, attempted_at: T0, status_code: 200, error: null }),
    ]);
    expect(mock.violations).toEqual([]);
  });

  it('delivers event.media_uploaded after an upload', async () => {
    const mock = await freshMock();
    const receiver = await startReceiver();
    await register(mock, receiver.url, ['event.media_uploaded']);
    const accepted = await postAlarm(mock);
    const upload = await fetch(accepted.uploads[0].upload_url, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg' },
      body: new TextEncoder().encode('jpeg bytes'),
    });
    expect(upload.status).toBe(204);
    await mock.webhooks.runDue();
    expect(receiver.received.map((r) => r.body.type)).toEqual(['event.media_uploaded']);
    expect(receiver.received[0]?.body.data).toEqual({
      event_id: '1763603245534315',
      media_id: accepted.uploads[0].media_id,
      media_type: 'image',
      content_type: 'image/jpeg',
      size_bytes: 10,
      uploaded_at: new Date(T0).toISOString(),
    });
  });

  it('sends nothing for event types the webhook did not subscribe to', async () => {
    const mock = await freshMock();
    const receiver = await startReceiver();
    await register(mock, receiver.url, ['device.created']);
    await postAlarm(mock);
    await mock.webhooks.runDue();
    expect(receiver.received).toEqual([]);
    expect(mock.webhooks.deliveries()).toEqual([]);
  });

  it('sends a Platform partner only the events of dealers connected to it at the time', async () => {
    const mock = await freshMock();
    const receiver = await startReceiver();
    await register(mock, receiver.url, ['event.received'], 'platform');
    await postAlarm(mock, { event_id: 'before-connect' });
    await connect(mock, 'admin@acme.test', 'ext-1001');
    await postAlarm(mock, { event_id: 'after-connect' });
    await mock.webhooks.runDue();
    expect(receiver.received.map((r) => r.body.data.event_id)).toEqual(['after-connect']);
  });

  it('tells the connecting Platform partner about dealer.connected, with its own external id', async () => {
    const mock = await freshMock();
    const receiver = await startReceiver();
    await register(mock, receiver.url, ['dealer.connected'], 'platform');
    await connect(mock, 'admin@acme.test', 'ext-1001');
    await mock.webhooks.runDue();
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.body).toMatchObject({
      type: 'dealer.connected',
      dealer_id: 1001,
      data: { dealer_id: 1001, external_dealer_id: 'ext-1001' },
    });
  });

  it('tells the disconnecting Platform partner about dealer.disconnected, and nobody else', async () => {
    const mock = await freshMock();
    const receiver = await startReceiver();
    await register(mock, receiver.url, ['dealer.disconnected'], 'platform');
    const other = await startReceiver();
    await register(mock, other.url, ['dealer.disconnected'], 'dealerApp');
    await connect(mock, 'admin@acme.test', 'ext-1001');
    const token = await clientToken(mock, 'platform');
    expect((await call(mock, 'PUT', '/partner/v1/dealers/1001/disconnect', { token })).status).toBe(200);
    await mock.webhooks.runDue();
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.body).toMatchObject({
      type: 'dealer.disconnected',
      dealer_id: 1001,
      data: { dealer_id: 1001, external_dealer_id: 'ext-1001' },
    });
    expect(other.received).toEqual([]);
  });

  it('delivers site.created when a site is created through the API', async () => {
    const mock = await freshMock();
    const receiver = await startReceiver();
    await register(mock, receiver.url, ['site.created']);
    const token = await clientToken(mock);
    const site = await call(mock, 'POST', '/partner/v1/dealers/1001/sites', {
      token,
      body: { external_site_id: 'site-1', name: 'Gangnam Headquarters', timezone: 'Asia/Seoul' },
    });
    await mock.webhooks.runDue();
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.body).toMatchObject({
      type: 'site.created',
      dealer_id: 1001,
      data: site.body,
    });
  });

  it('retries a failed delivery after the backoff on the mock clock, with the same event id', async () => {
    const mock = await freshMock();
    const receiver = await startReceiver((n) => (n === 0 ? 500 : 200));
    const webhookId = await register(mock, receiver.url, ['event.received']);
    await postAlarm(mock);
    await mock.webhooks.runDue();
    expect(receiver.received).toHaveLength(1);
    expect(mock.webhooks.deliveries({ webhookId })[0]).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_status_code: 500,
      last_error: 'receiver answered 500',
      next_attempt_at: T0 + 1_000,
    });

    await mock.webhooks.runDue();
    expect(receiver.received).toHaveLength(1);

    mock.context.clock.advance(1_000);
    await mock.webhooks.runDue();
    expect(receiver.received).toHaveLength(2);
    const [first, second] = receiver.received as [Received, Received];
    expect(second.headers['x-chekt-delivery-attempt']).toBe('2');
    expect(second.headers['x-chekt-event-id']).toBe(first.headers['x-chekt-event-id']);
    expect(second.rawBody).toBe(first.rawBody);
    expect(second.headers['x-chekt-timestamp']).toBe(String(T0 / 1000 + 1));
    expect(signatureIsValid(second, SECRET)).toBe(true);
    const [logged] = mock.webhooks.deliveries({ webhookId });
    expect(logged).toMatchObject({ status: 'succeeded', attempts: 2, last_status_code: 200 });
    expect(logged?.attempt_log.map((a) => a.status_code)).toEqual([500, 200]);
  });

  it('backs off exponentially and gives up after the last attempt, logging each one', async () => {
    const mock = await freshMock();
    const receiver = await startReceiver(() => 503);
    const webhookId = await register(mock, receiver.url, ['event.received']);
    await postAlarm(mock);
    await mock.webhooks.runDue();
    const times = [T0];
    for (const delay of RETRY_DELAYS_MS) {
      mock.context.clock.advance(delay - 1);
      await mock.webhooks.runDue();
      expect(receiver.received).toHaveLength(times.length);
      mock.context.clock.advance(1);
      await mock.webhooks.runDue();
      times.push(mock.context.clock.now());
      expect(receiver.received).toHaveLength(times.length);
    }
    expect(times.map((t) => t - T0)).toEqual([0, 1_000, 3_000, 7_000, 15_000, 31_000]);
    mock.context.clock.advance(24 * 3600 * 1000);
    await mock.webhooks.runDue();
    expect(receiver.received).toHaveLength(MAX_ATTEMPTS);
    expect(receiver.received.map((r) => r.headers['x-chekt-delivery-attempt'])).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
    ]);
    const [logged] = mock.webhooks.deliveries({ webhookId });
    expect(logged).toMatchObject({
      status: 'failed',
      attempts: 6,
      next_attempt_at: null,
      completed_at: T0 + 31_000,
    });
    expect(logged?.attempt_log.map((a) => [a.attempt, a.attempted_at - T0, a.status_code])).toEqual([
      [1, 0, 503],
      [2, 1_000, 503],
      [3, 3_000, 503],
      [4, 7_000, 503],
      [5, 15_000, 503],
      [6, 31_000, 503],
    ]);
  });

  it('counts a connection error as a failed attempt and logs the error', async () => {
    const mock = await freshMock();
    const webhookId = await register(mock, await deadUrl(), ['event.received']);
    await postAlarm(mock);
    await mock.webhooks.runDue();
    const [logged] = mock.webhooks.deliveries({ webhookId });
    expect(logged).toMatchObject({ status: 'pending', attempts: 1, last_status_code: null });
    expect(logged?.attempt_log[0]?.error).toMatch(/ECONNREFUSED/);
  });

  it('drops pending retries when the webhook is deleted', async () => {
    const mock = await freshMock();
    const receiver = await startReceiver(() => 500);
    const webhookId = await register(mock, receiver.url, ['event.received']);
    await postAlarm(mock);
    await mock.webhooks.runDue();
    const token = await clientToken(mock);
    expect((await call(mock, 'DELETE', `/partner/v1/webhooks/${webhookId}`, { token })).status).toBe(204);
    mock.context.clock.advance(60_000);
    await mock.webhooks.runDue();
    expect(receiver.received).toHaveLength(1);
    expect(mock.webhooks.deliveries({ webhookId })[0]).toMatchObject({ status: 'dropped', attempts: 1 });
  });
});
