/**
 * Migration 3: partner events and their media, webhooks and their delivery log, idempotency records.
 * Times the mock computes with (expiry, next attempt) are epoch ms on the mock's clock; times the API
 * answers are ISO 8601 strings.
 */
export const EVENTS_AND_WEBHOOKS = `
  CREATE TABLE partner_events (
    -- the same partner event_id may arrive again (e.g. inactive after active): one row per request
    event_row_id INTEGER PRIMARY KEY,
    client_id TEXT NOT NULL,
    dealer_id INTEGER NOT NULL,
    site_id INTEGER,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    event_status TEXT NOT NULL,
    event_time TEXT NOT NULL,
    body TEXT NOT NULL,
    received_at TEXT NOT NULL
  );
  CREATE INDEX partner_events_dealer ON partner_events(dealer_id, event_id);
  CREATE TABLE event_media (
    media_id TEXT PRIMARY KEY,
    event_row_id INTEGER NOT NULL REFERENCES partner_events(event_row_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    media_type TEXT NOT NULL,
    content_type TEXT NOT NULL,
    file_name TEXT,
    -- the upload URL is the credential, so only its digest is kept
    upload_sha256 TEXT NOT NULL UNIQUE,
    expires_at INTEGER NOT NULL,
    uploaded_at TEXT,
    uploaded_content_type TEXT,
    size_bytes INTEGER,
    sha256 TEXT,
    bytes BLOB
  );
  CREATE INDEX event_media_event ON event_media(event_row_id, position);
  CREATE TABLE webhooks (
    webhook_id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    url TEXT NOT NULL,
    events TEXT NOT NULL,
    -- kept in clear: it keys the HMAC of every delivery
    secret TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
    created_at TEXT NOT NULL
  );
  CREATE INDEX webhooks_client ON webhooks(client_id);
  CREATE TABLE webhook_deliveries (
    delivery_id TEXT PRIMARY KEY,
    -- no foreign key: the log outlives a deleted webhook
    webhook_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    notification_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    dealer_id INTEGER,
    url TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'dropped')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    last_status_code INTEGER,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    completed_at INTEGER
  );
  CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
  CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries(webhook_id);
  CREATE TABLE webhook_delivery_attempts (
    delivery_id TEXT NOT NULL REFERENCES webhook_deliveries(delivery_id) ON DELETE CASCADE,
    attempt INTEGER NOT NULL,
    attempted_at INTEGER NOT NULL,
    status_code INTEGER,
    error TEXT,
    duration_ms INTEGER NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
  );
  CREATE TABLE idempotency_records (
    client_id TEXT NOT NULL,
    operation_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_sha256 TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT,
    headers TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (client_id, operation_id, idempotency_key)
  );
  CREATE INDEX idempotency_records_created ON idempotency_records(created_at);
  `;
