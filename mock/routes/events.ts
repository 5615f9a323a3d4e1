import type { MockContext } from '../context.ts';
import { createEvent, uploadMedia } from '../domain/events.ts';
import type { HandlerTable } from '../http/handler.ts';
import { EventsStore } from '../store/events-store.ts';
import { caller } from './dealers.ts';

/** Partner events and their media uploads. */
export function eventHandlers(context: MockContext): HandlerTable {
  const events = new EventsStore(context.store);
  return {
    createEvent: ({ access, body }) => ({
      status: 201,
      body: createEvent(context, events, caller(access), body),
    }),
    // No access context: the unguessable upload URL is the credential (like a presigned URL).
    uploadEventMedia: ({ path, headers, body }) => {
      uploadMedia(context, events, path.uploadId, headers['content-type'], body);
      return { status: 204, body: undefined };
    },
  };
}
