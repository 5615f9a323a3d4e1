import { describe, expect, it } from 'vitest';
import { EventsStore } from '../../mock/store/events-store.ts';
import { call, clientToken, connect, freshMock, T0 } from '../support/mock.ts';
import { alarm } from './alarm.ts';

describe('POST /partner/v1/events', () => {
  it('stores the event and answers one upload slot per media item, on the mock itself', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const response = await call(mock, 'POST', '/partner/v1/events', {
      token,
      body: alarm({
        media: [
          { media_type: 'image', content_type: 'image/jpeg' },
          { media_type: 'video', content_type: 'video/mp4' },
        ],
      }),
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      event_id: '1763603245534315',
      dealer_id: 1001,
      site_id: null,
      received_at: new Date(T0).toISOString(),
    });
    expect(response.body.uploads).toHaveLength(2);
    const [image, video] = response.body.uploads;
    expect(image).toMatchObject({
      media_type: 'image',
      content_type: 'image/jpeg',
      method: 'PUT',
      expires_at: new Date(T0 + 15 * 60_000).toISOString(),
    });
    expect(video.content_type).toBe('video/mp4');
    expect(image.upload_url).toMatch(
      new RegExp(`^${mock.url}/partner/v1/media-uploads/upl_[A-Za-z0-9_-]{16,}$`),
    );
    expect(image.upload_url).not.toBe(video.upload_url);

    const events = new EventsStore(mock.context.store);
    const [stored] = events.listEvents(1001);
    expect(stored).toMatchObject({
      client_id: 'dealer-app-demo',
      event_id: '1763603245534315',
      event_type: 'alarm',
    });
    expect(events.listMedia(stored?.event_row_id ?? 0).map((m) => m.media_id)).toEqual([
      image.media_id,
      video.media_id,
    ]);
    expect(mock.violations).toEqual([]);
  });

  it('accepts the same event_id again, e.g. inactive when the condition clears', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const first = await call(mock, 'POST', '/partner/v1/events', { token, body: alarm({ media: [] }) });
    const cleared = await call(mock, 'POST', '/partner/v1/events', {
      token,
      body: alarm({ event_status: 'inactive', media: undefined }),
    });
    expect(first.status).toBe(201);
    expect(cleared.status).toBe(201);
    expect(cleared.body.uploads).toEqual([]);
    expect(new EventsStore(mock.context.store).listEvents(1001).map((e) => e.event_status)).toEqual([
      'active',
      'inactive',
    ]);
  });

  it('answers 403 dealer_out_of_scope when a Dealer app posts an event for another dealer', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const response = await call(mock, 'POST', '/partner/v1/events', {
      token,
      body: alarm({ dealer_id: 1002 }),
    });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('dealer_out_of_scope');
    expect(new EventsStore(mock.context.store).listEvents()).toEqual([]);
    expect(mock.violations).toEqual([]);
  });

  it('answers 403 dealer_not_connected to a Platform partner until the dealer connects', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock, 'platform');
    const before = await call(mock, 'POST', '/partner/v1/events', { token, body: alarm() });
    expect(before.status).toBe(403);
    expect(before.body.error.code).toBe('dealer_not_connected');
    await connect(mock, 'admin@acme.test', 'ext-1001');
    const after = await call(mock, 'POST', '/partner/v1/events', { token, body: alarm() });
    expect(after.status).toBe(201);
  });

  it('accepts a site_id of the dealer and answers 422 validation_failed for any other', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const site = await call(mock, 'POST', '/partner/v1/dealers/1001/sites', {
      token,
      body: { external_site_id: 'site-1', name: 'Gangnam Headquarters', timezone: 'Asia/Seoul' },
    });
    expect(site.status).toBe(201);
    const own = await call(mock, 'POST', '/partner/v1/events', {
      token,
      body: alarm({ site_id: site.body.site_id }),
    });
    expect(own.status).toBe(201);
    expect(own.body.site_id).toBe(site.body.site_id);
    const foreign = await call(mock, 'POST', '/partner/v1/events', {
      token,
      body: alarm({ site_id: site.body.site_id + 1000 }),
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.error).toMatchObject({ code: 'validation_failed', field: 'site_id' });
    expect(mock.violations).toEqual([]);
  });

  it('answers 400 naming the field when a media content type does not fit its media type', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const response = await call(mock, 'POST', '/partner/v1/events', {
      token,
      body: alarm({ media: [{ media_type: 'image', content_type: 'video/mp4' }] }),
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'invalid_request', field: 'media[0].content_type' });
    expect(mock.violations).toEqual([]);
  });

  it('answers 401 to an X-API-KEY header without a bearer token', async () => {
    const mock = await freshMock();
    const response = await call(mock, 'POST', '/partner/v1/events', {
      body: alarm(),
      headers: { 'X-API-KEY': 'chekt_test_0123456789abcdef0123456789abcdef' },
    });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('invalid_token');
  });
});
