import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { OperationId } from '../../spec/types.ts';
import type { MockContext } from '../context.ts';
import { reachDealer } from '../domain/dealer-access.ts';
import { MockError } from '../errors.ts';
import type { Operation, OperationIndex } from '../openapi/operations.ts';
import type { SpecValidator, Violation } from '../openapi/validator.ts';
import { type AccessContext, authenticate } from './authenticate.ts';
import type { HandlerTable } from './handler.ts';
import { limitOf, type RateLimiter, type RateLimitHeaders } from './rate-limit.ts';
import { renderError } from './render-error.ts';

/** Turns an invalid request into the operation's own answer (e.g. an OAuth error or a redirect). */
export type ViolationHandler = (violations: Violation[], request: Request) => ReplyOnWire;

/** A handler as the pipeline calls it: the typing of each one is checked where it is defined. */
type UntypedHandler = (input: unknown) => ReplyOnWire | Promise<ReplyOnWire>;
type ReplyOnWire = { status: number; body: unknown; headers?: Record<string, string> };

/** Everything the pipeline needs, built once per mock. */
export interface PipelineParts {
  context: MockContext;
  index: OperationIndex;
  validator: SpecValidator;
  handlers: HandlerTable;
  violationHandlers: Partial<Record<OperationId, ViolationHandler>>;
  rateLimiter: RateLimiter;
  /** Where response violations are reported: they are bugs of the mock, never sent silently. */
  reportViolation: (operationId: string, status: number, violations: Violation[]) => void;
}

/** Operations under `/dealers/{dealerId}` that do not need the dealer in the caller's reach first. */
const UNSCOPED_DEALER_OPERATIONS: ReadonlySet<string> = new Set(['disconnectDealer']);

/**
 * One short pipeline for every request: route, authenticate, count against the rate limit,
 * validate, scope to the dealer, handle, validate the response, send. Any thrown {@link MockError}
 * is rendered by {@link renderError} in the format of the route.
 */
export function createPipeline(parts: PipelineParts) {
  const { context, index, validator, handlers } = parts;

  return async function handle(req: Request, res: Response, next: NextFunction): Promise<void> {
    const requestId = `req_${randomBytes(9).toString('base64url')}`;
    const traceId =
      typeof req.headers['x-partner-trace-id'] === 'string' ? req.headers['x-partner-trace-id'] : null;
    const found = index.match(req.method, req.path);
    if (!('operation' in found)) {
      if (found.methodsAllowed.length > 0) {
        res.setHeader('Allow', found.methodsAllowed.join(', '));
        return next(new MockError(405, 'method_not_allowed', `${req.method} is not allowed on ${req.path}.`));
      }
      return next(new MockError(404, 'not_found', `No operation at ${req.method} ${req.path}.`));
    }
    const { operation } = found;
    const partnerApi = operation.path.startsWith('/partner/');
    let rateHeaders: RateLimitHeaders | null = null;
    let access: AccessContext | null = null;
    const send = (status: number, body: unknown, headers: Record<string, string>) => {
      const all: Record<string, string> = { ...headers, ...(rateHeaders ?? {}) };
      if (traceId !== null && partnerApi) all['x-partner-trace-id'] = traceId;
      const contentType = body === undefined ? null : contentTypeFor(operation, status, body);
      const lowered = Object.fromEntries(Object.entries(all).map(([k, v]) => [k.toLowerCase(), v]));
      const violations = validator.validateResponse(operation, status, contentType, body, lowered);
      if (violations.length > 0) {
        parts.reportViolation(operation.operationId, status, violations);
        res.status(500).json({
          error: {
            code: 'internal_error',
            message: `The mock produced a response that violates the spec: ${summarize(violations)}`,
            request_id: requestId,
            field: null,
          },
        });
        return;
      }
      res.set(all);
      if (body === undefined) res.status(status).end();
      else if (contentType === 'application/json') res.status(status).json(body);
      else
        res
          .status(status)
          .type(contentType ?? 'text/plain')
          .send(body);
    };

    try {
      const authorization = req.headers.authorization;
      try {
        access = await authenticate(context, operation, authorization);
      } finally {
        if (partnerApi) {
          const key = access ? `client:${access.client.client_id}` : `ip:${req.ip ?? 'unknown'}`;
          rateHeaders = parts.rateLimiter.take(key, limitOf(access?.client ?? null));
        }
      }
      const checked = validator.validateRequest(operation, {
        pathParams: found.pathParams,
        query: req.query as Record<string, unknown>,
        headers: req.headers,
        contentType: req.headers['content-type'] ?? null,
        body: req.body,
        hasBody: hasBody(req),
      });
      if ('violations' in checked) {
        const custom = parts.violationHandlers[operation.operationId as OperationId];
        if (custom) {
          const reply = custom(checked.violations, req);
          return send(reply.status, reply.body, reply.headers ?? {});
        }
        const first = checked.violations[0] as Violation;
        throw new MockError(400, 'invalid_request', summarize(checked.violations), {
          field: first.field.replace(/^(body|query|path|header)\.?/, '') || null,
        });
      }
      const dealerId = checked.path.dealerId;
      if (access && typeof dealerId === 'number' && !UNSCOPED_DEALER_OPERATIONS.has(operation.operationId)) {
        reachDealer(context, access, dealerId);
      }
      const handler = handlers[operation.operationId as OperationId] as UntypedHandler | undefined;
      if (!handler)
        throw new MockError(
          501,
          'not_implemented',
          `${operation.operationId} is not served by the mock yet.`,
        );
      const input = { ...checked, access, authorization };
      const reply = await handler(input);
      send(reply.status, reply.body, reply.headers ?? {});
    } catch (error) {
      if (!(error instanceof MockError)) return next(error);
      const rendered = renderError(error, operation.path, requestId);
      if (error.status === 501) {
        res.status(501).set(rendered.headers).json(rendered.body);
        return;
      }
      send(error.status, rendered.body, rendered.headers);
    }
  };
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function contentTypeFor(operation: Operation, status: number, body: unknown): string {
  const declared = Object.keys(operation.responses[String(status)]?.content ?? {});
  if (declared.length === 1) return declared[0] as string;
  return typeof body === 'string' ? 'text/html' : 'application/json';
}

function summarize(violations: Violation[]): string {
  return violations.map((v) => `${v.field} ${v.message}`).join('; ');
}
