import { describe, expect, it } from 'vitest';
import { WebhookDispatcher } from '../../mock/webhooks/dispatcher.ts';
import { alarm } from '../events/alarm.ts';
import { call, clientToken, freshMock } from '../support/mock.ts';
import { startReceiver } from './receiver.ts';

describe('webhook receiver deadline', () => {
  it('counts a receiver that does not answer in time as a failed attempt', async () => {
    const mock = await freshMock();
    // A dispatcher with a short deadline in place of the mock's own (5 s), so the test stays fast.
    mock.webhooks.stop();
    const dispatcher = new WebhookDispatcher(mock.context, { timeoutMs: 400 });
    mock.context.events.subscribe((event) => dispatcher.enqueue(event));
    const receiver = await startReceiver(() => null);
    const token = await clientToken(mock);
    await call(mock, 'POST', '/partner/v1/webhooks', {
      token,
      body: { url: receiver.url, events: ['event.received'], secret: 'local-test-secret-0123' },
    });
    await call(mock, 'POST', '/partner/v1/events', { token, body: alarm() });
    await dispatcher.runDue();
    expect(receiver.received).toHaveLength(1);
    const [logged] = dispatcher.deliveries();
    expect(logged).toMatchObject({ status: 'pending', attempts: 1, last_status_code: null });
    expect(logged?.last_error).toBe('no response within 400 ms');
  });
});
