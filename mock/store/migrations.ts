import { IDENTITY } from './migrations/001-identity.ts';
import { RESOURCES } from './migrations/002-resources.ts';
import { EVENTS_AND_WEBHOOKS } from './migrations/003-events-webhooks.ts';
import { CONTROL_PLANE } from './migrations/004-control-plane.ts';

/**
 * The store's schema, as an ordered list of migrations, one file each. `PRAGMA user_version`
 * records how many have been applied; opening a file runs the missing ones in one transaction, and
 * refuses a file written by a newer version of the mock rather than guessing at it.
 */
export const MIGRATIONS: readonly string[] = [IDENTITY, RESOURCES, EVENTS_AND_WEBHOOKS, CONTROL_PLANE];

/** The schema version this build of the mock writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;
