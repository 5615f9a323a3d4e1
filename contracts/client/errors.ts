import type { ErrorResponse, OAuthError } from '../../spec/types.ts';

/** A Partner API or OAuth error answer, with what a caller needs to react to it. */
export class PartnerApiError extends Error {
  constructor(
    /** HTTP status of the answer. */
    readonly status: number,
    /** `error.code` of the Partner API envelope, or `error` of an OAuth error. */
    readonly code: string,
    message: string,
    /** CHeKT's request id (`req_...`), for support requests; null on OAuth errors. */
    readonly requestId: string | null,
    /** The trace id this client sent with the call. */
    readonly traceId: string | null,
    /** Seconds to wait before retrying, from `Retry-After` (429 only). */
    readonly retryAfterSeconds: number | null,
  ) {
    super(message);
    this.name = 'PartnerApiError';
  }
}

/** Builds the error for an answer that was not 2xx, whatever its body looks like. */
export function toPartnerApiError(
  response: Response,
  body: unknown,
  traceId: string | null,
): PartnerApiError {
  const retryAfter = response.headers.get('retry-after');
  const seconds = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : null;
  const envelope = (body as Partial<ErrorResponse> | undefined)?.error;
  if (envelope && typeof envelope === 'object') {
    return new PartnerApiError(
      response.status,
      envelope.code,
      envelope.message,
      envelope.request_id,
      traceId,
      seconds,
    );
  }
  const oauth = body as Partial<OAuthError> | undefined;
  if (oauth && typeof oauth.error === 'string') {
    return new PartnerApiError(
      response.status,
      oauth.error,
      oauth.error_description ?? oauth.error,
      null,
      traceId,
      seconds,
    );
  }
  return new PartnerApiError(
    response.status,
    'unexpected_response',
    `HTTP ${response.status}`,
    null,
    traceId,
    seconds,
  );
}
