import { createHash, randomBytes } from 'node:crypto';
import type { EventAccepted, EventCreate, EventMediaRequest, MediaUpload } from '../../spec/types.ts';
import { isoAt } from '../clock.ts';
import type { MockContext } from '../context.ts';
import { badRequest, conflict, MockError, notFound, unprocessable } from '../errors.ts';
import type { AccessContext } from '../http/authenticate.ts';
import type { EventsStore } from '../store/events-store.ts';
import { reachDealer } from './dealer-access.ts';

/** How long an upload URL works after the event was accepted (register: A34). */
export const UPLOAD_URL_LIFETIME_MS = 15 * 60 * 1000;

/** The largest media file accepted: 25 MiB (register: A34). */
export const MAX_MEDIA_BYTES = 25 * 1024 * 1024;

/** Which content types each media type takes. */
const CONTENT_TYPES: Readonly<Record<EventMediaRequest['media_type'], readonly string[]>> = {
  image: ['image/jpeg', 'image/png'],
  video: ['video/mp4'],
};

/**
 * Accepts an event of a dealer in the caller's reach: stores it, opens one upload slot per announced
 * media item (URLs on the mock itself, valid 15 minutes, single use) and publishes `event.received`.
 */
export function createEvent(
  context: MockContext,
  events: EventsStore,
  access: AccessContext,
  request: EventCreate,
): EventAccepted {
  reachDealer(context, access, request.dealer_id);
  const siteId = request.site_id ?? null;
  if (siteId !== null && events.siteBelongsToDealer(siteId, request.dealer_id) === false) {
    unprocessable(
      'validation_failed',
      `site_id ${siteId} is not a site of dealer ${request.dealer_id}.`,
      'site_id',
    );
  }
  const media = request.media ?? [];
  media.forEach((item, i) => {
    if (!CONTENT_TYPES[item.media_type].includes(item.content_type)) {
      badRequest(
        'invalid_request',
        `media[${i}]: a ${item.media_type} takes ${CONTENT_TYPES[item.media_type].join(' or ')}, not ${item.content_type}.`,
        `media[${i}].content_type`,
      );
    }
  });
  const now = context.clock.now();
  const receivedAt = isoAt(now);
  const expiresAt = now + UPLOAD_URL_LIFETIME_MS;
  const slots = media.map((item) => ({ item, mediaId: randomId('med_', 9), uploadId: randomId('upl_', 32) }));
  events.insertEvent(
    {
      client_id: access.client.client_id,
      dealer_id: request.dealer_id,
      site_id: siteId,
      event_id: request.event_id,
      event_type: request.event_type,
      event_status: request.event_status,
      event_time: request.event_time,
      body: JSON.stringify(request),
      received_at: receivedAt,
    },
    slots.map(({ item, mediaId, uploadId }) => ({
      media_id: mediaId,
      media_type: item.media_type,
      content_type: item.content_type,
      file_name: item.file_name ?? null,
      upload_sha256: digest(uploadId),
      expires_at: expiresAt,
      uploaded_at: null,
      uploaded_content_type: null,
      size_bytes: null,
      sha256: null,
      bytes: null,
    })),
  );
  context.events.publish({
    type: 'event.received',
    dealer_id: request.dealer_id,
    data: { ...request, received_at: receivedAt },
  });
  return {
    event_id: request.event_id,
    dealer_id: request.dealer_id,
    site_id: siteId,
    received_at: receivedAt,
    uploads: slots.map(
      ({ item, mediaId, uploadId }): MediaUpload => ({
        media_id: mediaId,
        media_type: item.media_type,
        content_type: item.content_type,
        upload_url: `${context.issuer}/partner/v1/media-uploads/${uploadId}`,
        method: 'PUT',
        expires_at: isoAt(expiresAt),
      }),
    ),
  };
}

/**
 * Stores the bytes PUT to an upload URL with its media item, once, before the URL expires, with the
 * announced content type (or `application/octet-stream`); publishes `event.media_uploaded`.
 */
export function uploadMedia(
  context: MockContext,
  events: EventsStore,
  uploadId: string,
  contentType: string | undefined,
  bytes: unknown,
): void {
  const media = events.getMediaByUpload(digest(uploadId));
  if (!media) notFound('upload_not_found', 'This upload URL is unknown or has expired.', 'uploadId');
  if (media.uploaded_at !== null) {
    conflict('upload_already_completed', 'Media was already uploaded to this URL.');
  }
  const now = context.clock.now();
  if (now >= media.expires_at) {
    notFound('upload_not_found', 'This upload URL is unknown or has expired.', 'uploadId');
  }
  const sent = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (sent !== media.content_type && sent !== 'application/octet-stream') {
    throw new MockError(
      415,
      'unsupported_media_type',
      `This upload expects Content-Type ${media.content_type}.`,
      { field: 'Content-Type' },
    );
  }
  if (!Buffer.isBuffer(bytes) || bytes.length === 0) {
    badRequest('invalid_request', 'The upload body is empty.', 'body');
  }
  if (bytes.length > MAX_MEDIA_BYTES) {
    throw new MockError(
      413,
      'payload_too_large',
      `Media files may be at most ${MAX_MEDIA_BYTES} bytes (25 MiB).`,
    );
  }
  const uploadedAt = isoAt(now);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const stored = events.completeUpload(media.media_id, {
    uploaded_at: uploadedAt,
    uploaded_content_type: sent,
    size_bytes: bytes.length,
    sha256,
    bytes,
  });
  if (!stored) conflict('upload_already_completed', 'Media was already uploaded to this URL.');
  const event = events.getEvent(media.event_row_id);
  if (!event) throw new Error(`media ${media.media_id} has no event`);
  context.events.publish({
    type: 'event.media_uploaded',
    dealer_id: event.dealer_id,
    data: {
      event_id: event.event_id,
      media_id: media.media_id,
      media_type: media.media_type,
      content_type: media.content_type,
      size_bytes: bytes.length,
      uploaded_at: uploadedAt,
    },
  });
}

/** The digest under which an upload id is stored: the URL is a credential, so it is not kept in clear. */
function digest(uploadId: string): string {
  return createHash('sha256').update(uploadId).digest('hex');
}

function randomId(prefix: string, bytes: number): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}
