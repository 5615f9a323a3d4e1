/**
 * Migration 3: partner events and their media, webhooks and their delivery log, idempotency records.
 * (Filled in by the events/webhooks work; empty until then.)
 */
export const EVENTS_AND_WEBHOOKS = '';
