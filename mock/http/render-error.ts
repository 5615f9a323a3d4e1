import type { NextFunction, Request, Response } from 'express';
import { MockError } from '../errors.ts';
import { nextRequestId } from './request-id.ts';

/** An error as it goes on the wire. */
export interface RenderedError {
  body: unknown;
  headers: Record<string, string>;
}

/**
 * Renders the one internal error type in the format of the route it happened on: RFC 6749 section
 * 5.2 on `/oauth/*` (with `Cache-Control: no-store`), the Partner API envelope everywhere else.
 */
export function renderError(error: MockError, path: string, requestId: string): RenderedError {
  if (path.startsWith('/oauth/')) {
    return {
      body: { error: error.code, error_description: error.message },
      headers: { ...error.headers, 'Cache-Control': 'no-store', Pragma: 'no-cache' },
    };
  }
  return {
    body: { error: { code: error.code, message: error.message, request_id: requestId, field: error.field } },
    headers: { ...error.headers },
  };
}

/**
 * The last middleware: errors that happened outside an operation's pipeline (unparseable or
 * oversized bodies, unknown routes) and bugs. A bug is logged and answered 500 in the API's format.
 */
export function errorMiddleware(log: (message: string) => void) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const requestId = nextRequestId();
    const known = error instanceof MockError ? error : fromBodyParser(error, req.path);
    if (!known)
      log(`internal error on ${req.method} ${req.path}: ${(error as Error)?.stack ?? String(error)}`);
    const mock = known ?? new MockError(500, 'internal_error', 'The mock failed unexpectedly; see its log.');
    const rendered = renderError(mock, req.path, requestId);
    if (!res.headersSent) res.status(mock.status).set(rendered.headers).json(rendered.body);
  };
}

/** Where the spec declares `413 payload_too_large` for an oversized body: event media uploads. */
const MEDIA_UPLOAD_PATH = /^\/partner\/v1\/media-uploads\/[^/]+$/;

/** body-parser's own errors: malformed JSON, too large, bad charset. All are the caller's fault. */
function fromBodyParser(error: unknown, path: string): MockError | null {
  if (typeof error !== 'object' || error === null || !('type' in error)) return null;
  const { type, message } = error as { type: string; message: string };
  switch (type) {
    case 'entity.parse.failed':
      return new MockError(400, 'invalid_request', `The request body is not valid JSON: ${message}`, {
        field: 'body',
      });
    case 'entity.too.large':
      if (MEDIA_UPLOAD_PATH.test(path)) {
        return new MockError(413, 'payload_too_large', 'Media files may be at most 26214400 bytes (25 MiB).');
      }
      return new MockError(400, 'invalid_request', 'The request body is too large.', { field: 'body' });
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new MockError(400, 'invalid_request', message, { field: 'body' });
    default:
      return null;
  }
}
