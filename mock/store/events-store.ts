import type { Store } from './store.ts';

/** A partner event as stored, one row per accepted `createEvent` request. */
export interface PartnerEventRecord {
  event_row_id: number;
  client_id: string;
  dealer_id: number;
  site_id: number | null;
  event_id: string;
  event_type: string;
  event_status: string;
  event_time: string;
  /** The request body as JSON. */
  body: string;
  received_at: string;
}

/** One announced media item of an event, with its upload slot and, once uploaded, its bytes. */
export interface EventMediaRecord {
  media_id: string;
  event_row_id: number;
  position: number;
  media_type: string;
  content_type: string;
  file_name: string | null;
  upload_sha256: string;
  /** Epoch ms on the mock's clock. */
  expires_at: number;
  uploaded_at: string | null;
  uploaded_content_type: string | null;
  size_bytes: number | null;
  sha256: string | null;
  bytes: Buffer | null;
}

/** What an upload leaves on a media item. */
export interface MediaUploadResult {
  uploaded_at: string;
  uploaded_content_type: string;
  size_bytes: number;
  sha256: string;
  bytes: Buffer;
}

/** Partner events and their media, over the mock's SQLite store. Knows nothing of HTTP. */
export class EventsStore {
  constructor(private readonly store: Store) {}

  /** Stores an event with its media slots, in one transaction; returns the event's row id. */
  insertEvent(
    event: Omit<PartnerEventRecord, 'event_row_id'>,
    media: Omit<EventMediaRecord, 'event_row_id' | 'position'>[],
  ): number {
    return this.store.transaction(() => {
      const result = this.store
        .sql(
          `INSERT INTO partner_events (client_id, dealer_id, site_id, event_id, event_type, event_status,
          event_time, body, received_at)
         VALUES (@client_id, @dealer_id, @site_id, @event_id, @event_type, @event_status, @event_time, @body,
          @received_at)`,
        )
        .run(event);
      const eventRowId = Number(result.lastInsertRowid);
      media.forEach((item, position) => {
        this.store
          .sql(
            `INSERT INTO event_media (media_id, event_row_id, position, media_type, content_type, file_name,
            upload_sha256, expires_at, uploaded_at, uploaded_content_type, size_bytes, sha256, bytes)
           VALUES (@media_id, @event_row_id, @position, @media_type, @content_type, @file_name, @upload_sha256,
            @expires_at, @uploaded_at, @uploaded_content_type, @size_bytes, @sha256, @bytes)`,
          )
          .run({ ...item, event_row_id: eventRowId, position });
      });
      return eventRowId;
    });
  }

  /** The event with this row id, or null. */
  getEvent(eventRowId: number): PartnerEventRecord | null {
    return (
      (this.store.sql('SELECT * FROM partner_events WHERE event_row_id = ?').get(eventRowId) as
        | PartnerEventRecord
        | undefined) ?? null
    );
  }

  /** Every stored event of a dealer (or of all dealers), oldest first. */
  listEvents(dealerId?: number): PartnerEventRecord[] {
    return (
      dealerId === undefined
        ? this.store.sql('SELECT * FROM partner_events ORDER BY event_row_id').all()
        : this.store
            .sql('SELECT * FROM partner_events WHERE dealer_id = ? ORDER BY event_row_id')
            .all(dealerId)
    ) as PartnerEventRecord[];
  }

  /** The media items of an event, in the order they were announced. */
  listMedia(eventRowId: number): EventMediaRecord[] {
    return this.store
      .sql('SELECT * FROM event_media WHERE event_row_id = ? ORDER BY position')
      .all(eventRowId) as EventMediaRecord[];
  }

  /** The media item whose upload URL has this digest, or null. */
  getMediaByUpload(uploadSha256: string): EventMediaRecord | null {
    return (
      (this.store.sql('SELECT * FROM event_media WHERE upload_sha256 = ?').get(uploadSha256) as
        | EventMediaRecord
        | undefined) ?? null
    );
  }

  /** Stores the uploaded bytes of a media item; false when it was already uploaded. */
  completeUpload(mediaId: string, upload: MediaUploadResult): boolean {
    const result = this.store
      .sql(
        `UPDATE event_media SET uploaded_at = @uploaded_at, uploaded_content_type = @uploaded_content_type,
        size_bytes = @size_bytes, sha256 = @sha256, bytes = @bytes
       WHERE media_id = @media_id AND uploaded_at IS NULL`,
      )
      .run({ ...upload, media_id: mediaId });
    return result.changes > 0;
  }

  /**
   * Whether `siteId` is a site of `dealerId`; null when the store has no sites table (the resources
   * migration is not there), in which case the caller cannot check.
   */
  siteBelongsToDealer(siteId: number, dealerId: number): boolean | null {
    const table = this.store.sql("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sites'").get();
    if (table === undefined) return null;
    return (
      this.store.sqlite
        .prepare('SELECT 1 FROM sites WHERE site_id = ? AND dealer_id = ?')
        .get(siteId, dealerId) !== undefined
    );
  }
}
