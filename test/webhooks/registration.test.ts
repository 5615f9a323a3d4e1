import { describe, expect, it } from 'vitest';
import { call, clientToken, freshMock, T0 } from '../support/mock.ts';

const SECRET = 'local-test-secret-0123';

describe('webhook registration', () => {
  it('registers a webhook and answers it without the secret', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const response = await call(mock, 'POST', '/partner/v1/webhooks', {
      token,
      body: { url: 'https://partner.example.com/chekt/webhooks', events: ['event.received'], secret: SECRET },
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      webhook_id: expect.stringMatching(/^wh_[A-Za-z0-9]+$/),
      url: 'https://partner.example.com/chekt/webhooks',
      events: ['event.received'],
      status: 'active',
      created_at: new Date(T0).toISOString(),
    });
    expect(mock.violations).toEqual([]);
  });

  it("lists only the calling client's webhooks, with X-Total-Count", async () => {
    const mock = await freshMock();
    const app = await clientToken(mock);
    const platform = await clientToken(mock, 'platform');
    const body = { url: 'http://127.0.0.1:8787/hooks', events: ['device.created'], secret: SECRET };
    const first = await call(mock, 'POST', '/partner/v1/webhooks', { token: app, body });
    const second = await call(mock, 'POST', '/partner/v1/webhooks', {
      token: app,
      body: { ...body, url: 'http://localhost:8787/other' },
    });
    const own = await call(mock, 'GET', '/partner/v1/webhooks', { token: app });
    expect(own.status).toBe(200);
    expect(own.headers.get('x-total-count')).toBe('2');
    expect(own.body.map((w: { webhook_id: string }) => w.webhook_id)).toEqual([
      first.body.webhook_id,
      second.body.webhook_id,
    ]);
    expect(JSON.stringify(own.body)).not.toContain(SECRET);
    const others = await call(mock, 'GET', '/partner/v1/webhooks', { token: platform });
    expect(others.body).toEqual([]);
    expect(others.headers.get('x-total-count')).toBe('0');
    expect(mock.violations).toEqual([]);
  });

  it('deletes a webhook, after which it is gone', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const created = await call(mock, 'POST', '/partner/v1/webhooks', {
      token,
      body: { url: 'https://partner.example.com/hooks', events: ['site.created'], secret: SECRET },
    });
    const path = `/partner/v1/webhooks/${created.body.webhook_id}`;
    const deleted = await call(mock, 'DELETE', path, { token });
    expect(deleted.status).toBe(204);
    expect((await call(mock, 'GET', '/partner/v1/webhooks', { token })).body).toEqual([]);
    const again = await call(mock, 'DELETE', path, { token });
    expect(again.status).toBe(404);
    expect(again.body.error).toMatchObject({ code: 'webhook_not_found', field: 'webhookId' });
    expect(mock.violations).toEqual([]);
  });

  it("answers 404 webhook_not_found when deleting another client's webhook", async () => {
    const mock = await freshMock();
    const owner = await clientToken(mock);
    const stranger = await clientToken(mock, 'platform');
    const created = await call(mock, 'POST', '/partner/v1/webhooks', {
      token: owner,
      body: { url: 'https://partner.example.com/hooks', events: ['site.created'], secret: SECRET },
    });
    const response = await call(mock, 'DELETE', `/partner/v1/webhooks/${created.body.webhook_id}`, {
      token: stranger,
    });
    expect(response.status).toBe(404);
    expect((await call(mock, 'GET', '/partner/v1/webhooks', { token: owner })).body).toHaveLength(1);
  });

  it('answers 400 to a plain http URL that is not a local receiver', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const response = await call(mock, 'POST', '/partner/v1/webhooks', {
      token,
      body: { url: 'http://partner.example.com/hooks', events: ['site.created'], secret: SECRET },
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'invalid_request', field: 'url' });
  });

  it('answers 400 to a URL that only looks local, with credentials naming another host', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const response = await call(mock, 'POST', '/partner/v1/webhooks', {
      token,
      body: { url: 'http://127.0.0.1:1@partner.example.com/hooks', events: ['site.created'], secret: SECRET },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe('url');
    expect(mock.violations).toEqual([]);
  });

  it('answers 400 to a secret shorter than 16 characters', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const response = await call(mock, 'POST', '/partner/v1/webhooks', {
      token,
      body: { url: 'https://partner.example.com/hooks', events: ['site.created'], secret: 'short' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe('secret');
  });
});
