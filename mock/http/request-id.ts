import { randomBytes } from 'node:crypto';

/** Request ids need to be unique, not secret: a random per-process prefix and a counter are enough. */
const PREFIX = randomBytes(6).toString('base64url');
let counter = 0;

/** A new request id, `req_...`, as error bodies and the journal carry it. */
export function nextRequestId(): string {
  counter += 1;
  return `req_${PREFIX}${counter.toString(36)}`;
}
