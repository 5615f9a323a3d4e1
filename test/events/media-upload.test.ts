import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RunningMock } from '../../mock/server.ts';
import { EventsStore } from '../../mock/store/events-store.ts';
import { call, clientToken, freshMock } from '../support/mock.ts';
import { alarm } from './alarm.ts';

/** Posts an alarm with one JPEG announced and returns its upload slot. */
async function jpegSlot(mock: RunningMock): Promise<{ media_id: string; upload_url: string }> {
  const token = await clientToken(mock);
  const response = await call(mock, 'POST', '/partner/v1/events', { token, body: alarm() });
  expect(response.status).toBe(201);
  return response.body.uploads[0];
}

/** PUTs raw bytes to an upload URL, without any Authorization header. */
async function put(url: string, bytes: Buffer, contentType: string) {
  const response = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': contentType },
    body: new Uint8Array(bytes),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(4096)]);

describe('PUT /partner/v1/media-uploads/{uploadId}', () => {
  it('stores the uploaded bytes with the event, with their size and SHA-256', async () => {
    const mock = await freshMock();
    const slot = await jpegSlot(mock);
    const response = await put(slot.upload_url, JPEG, 'image/jpeg');
    expect(response.status).toBe(204);
    const events = new EventsStore(mock.context.store);
    const [event] = events.listEvents(1001);
    const [media] = events.listMedia(event?.event_row_id ?? 0);
    expect(media).toMatchObject({
      media_id: slot.media_id,
      size_bytes: JPEG.length,
      sha256: createHash('sha256').update(JPEG).digest('hex'),
      uploaded_content_type: 'image/jpeg',
      uploaded_at: '2026-01-15T10:00:00.000Z',
    });
    expect(Buffer.compare(media?.bytes ?? Buffer.alloc(0), JPEG)).toBe(0);
    expect(mock.violations).toEqual([]);
  });

  it('accepts application/octet-stream for any slot', async () => {
    const mock = await freshMock();
    const slot = await jpegSlot(mock);
    expect((await put(slot.upload_url, JPEG, 'application/octet-stream')).status).toBe(204);
  });

  it('answers 415 unsupported_media_type to another content type than announced, and keeps the slot open', async () => {
    const mock = await freshMock();
    const slot = await jpegSlot(mock);
    const wrong = await put(slot.upload_url, JPEG, 'image/png');
    expect(wrong.status).toBe(415);
    expect(wrong.body.error).toMatchObject({ code: 'unsupported_media_type', field: 'Content-Type' });
    expect((await put(slot.upload_url, JPEG, 'image/jpeg')).status).toBe(204);
    expect(mock.violations).toEqual([]);
  });

  it('answers 409 upload_already_completed when the URL is used a second time', async () => {
    const mock = await freshMock();
    const slot = await jpegSlot(mock);
    await put(slot.upload_url, JPEG, 'image/jpeg');
    const again = await put(slot.upload_url, Buffer.from('other bytes'), 'image/jpeg');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('upload_already_completed');
    const [event] = new EventsStore(mock.context.store).listEvents();
    const [media] = new EventsStore(mock.context.store).listMedia(event?.event_row_id ?? 0);
    expect(media?.size_bytes).toBe(JPEG.length);
    expect(mock.violations).toEqual([]);
  });

  it('answers 404 upload_not_found once the URL has expired on the mock clock', async () => {
    const mock = await freshMock();
    const slot = await jpegSlot(mock);
    mock.context.clock.advance(15 * 60_000);
    const late = await put(slot.upload_url, JPEG, 'image/jpeg');
    expect(late.status).toBe(404);
    expect(late.body.error).toMatchObject({ code: 'upload_not_found', field: 'uploadId' });
    expect(mock.violations).toEqual([]);
  });

  it('still accepts the upload a moment before expiry', async () => {
    const mock = await freshMock();
    const slot = await jpegSlot(mock);
    mock.context.clock.advance(15 * 60_000 - 1);
    expect((await put(slot.upload_url, JPEG, 'image/jpeg')).status).toBe(204);
  });

  it('answers 404 upload_not_found to an upload id it never handed out', async () => {
    const mock = await freshMock();
    const response = await put(
      `${mock.url}/partner/v1/media-uploads/upl_${randomBytes(32).toString('base64url')}`,
      JPEG,
      'image/jpeg',
    );
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('upload_not_found');
  });

  it('answers 413 payload_too_large to a file over 25 MiB', async () => {
    const mock = await freshMock();
    const slot = await jpegSlot(mock);
    const response = await put(slot.upload_url, Buffer.alloc(25 * 1024 * 1024 + 1), 'image/jpeg');
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload_too_large');
    const [event] = new EventsStore(mock.context.store).listEvents();
    expect(
      new EventsStore(mock.context.store).listMedia(event?.event_row_id ?? 0)[0]?.uploaded_at,
    ).toBeNull();
  });
});
