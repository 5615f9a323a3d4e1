import type { NextFunction, Request, Response } from 'express';
import type { FaultInjector } from '../admin/faults.ts';
import type { MockContext } from '../context.ts';
import { reachDealer } from '../domain/dealer-access.ts';
import { MockError } from '../errors.ts';
import type { Operation, OperationIndex } from '../openapi/operations.ts';
import type { SpecValidator, Violation } from '../openapi/validator.ts';
import { type AccessContext, authenticate } from './authenticate.ts';
import { limitOf, type RateLimiter, type RateLimitHeaders } from './rate-limit.ts';
import { renderError } from './render-error.ts';
import { nextRequestId } from './request-id.ts';

/** Turns an invalid request into the operation's own answer (e.g. an OAuth error or a redirect). */
export type ViolationHandler = (violations: Violation[], request: Request) => ReplyOnWire;

/** A reply as the pipeline sends it. */
export type ReplyOnWire = { status: number; body: unknown; headers?: Record<string, string> };

/** A handler as the pipeline calls it: the typing of each one is checked where it is defined. */
type UntypedHandler = (input: unknown) => ReplyOnWire | Promise<ReplyOnWire>;

/** Everything the pipeline needs, built once per mock. */
export interface PipelineParts {
  context: MockContext;
  index: OperationIndex;
  validator: SpecValidator;
  /** Handlers by operationId (typed where they are defined). */
  handlers: Readonly<Record<string, unknown>>;
  violationHandlers: Readonly<Record<string, ViolationHandler>>;
  rateLimiter: RateLimiter;
  /** Where response violations are reported: they are bugs of the mock, never sent silently. */
  reportViolation: (operationId: string, status: number, violations: Violation[]) => void;
  /**
   * Wraps the handler of every operation (after validation and dealer scoping), e.g. to replay an
   * `Idempotency-Key`. Must call `execute` at most once.
   */
  aroundHandler?: (call: HandlerCall, execute: () => Promise<ReplyOnWire>) => Promise<ReplyOnWire>;
  /** Told about every request the pipeline answered (for the journal). */
  onComplete?: (outcome: RequestOutcome) => void;
  /** Armed faults of the control plane, checked before anything else. */
  faults?: FaultInjector;
}

/** A validated call about to reach its handler. */
export interface HandlerCall {
  operation: Operation;
  access: AccessContext | null;
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  body: unknown;
}

/** What an answered request leaves behind. */
export interface RequestOutcome {
  requestId: string;
  /** Epoch ms on the mock's clock when the request arrived. */
  at: number;
  method: string;
  path: string;
  operationId: string;
  status: number;
  latencyMs: number;
  clientId: string | null;
  dealerId: number | null;
  traceId: string | null;
  /** `valid`, or which side broke the spec. */
  verdict: 'valid' | 'invalid_request' | 'invalid_response';
  violations: Violation[];
  /** The control-plane fault that answered (or delayed) it, if any. */
  faultId: string | null;
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
    const started = performance.now();
    const traceHeader = req.headers['x-partner-trace-id'];
    const outcome: RequestOutcome = {
      requestId: nextRequestId(),
      at: context.clock.now(),
      method: req.method,
      path: req.path,
      operationId: operation.operationId,
      status: 0,
      latencyMs: 0,
      clientId: null,
      dealerId: null,
      traceId: typeof traceHeader === 'string' ? traceHeader : null,
      verdict: 'valid',
      violations: [],
      faultId: null,
    };
    let rateHeaders: RateLimitHeaders | null = null;

    const send = (status: number, body: unknown, headers: Record<string, string>) => {
      const all: Record<string, string> = { ...headers, ...(rateHeaders ?? {}) };
      if (outcome.traceId !== null && partnerApi) all['x-partner-trace-id'] = outcome.traceId;
      const contentType = body === undefined ? null : contentTypeFor(operation, status, body);
      const lowered = Object.fromEntries(Object.entries(all).map(([k, v]) => [k.toLowerCase(), v]));
      const violations = validator.validateResponse(operation, status, contentType, body, lowered);
      if (violations.length > 0) {
        parts.reportViolation(operation.operationId, status, violations);
        outcome.verdict = 'invalid_response';
        outcome.violations = violations;
        status = 500;
        body = {
          error: {
            code: 'internal_error',
            message: `The mock produced a response that violates the spec: ${summarize(violations)}`,
            request_id: outcome.requestId,
            field: null,
          },
        };
        res.status(500).json(body);
      } else {
        res.set(all);
        if (body === undefined) res.status(status).end();
        else if (contentType === 'application/json') res.status(status).json(body);
        else
          res
            .status(status)
            .type(contentType ?? 'text/plain')
            .send(body);
      }
      outcome.status = status;
      outcome.latencyMs = performance.now() - started;
      parts.onComplete?.(outcome);
    };

    const fault = parts.faults?.take(operation.operationId, req.method, req.path) ?? null;
    if (fault) {
      outcome.faultId = fault.fault_id;
      if (fault.latency_ms > 0) await new Promise((resolve) => setTimeout(resolve, fault.latency_ms));
      if (fault.drop || fault.status !== null) {
        if (fault.drop) {
          req.socket.destroy();
        } else {
          const status = fault.status as number;
          const injected = new MockError(
            status,
            'injected_fault',
            `Fault ${fault.fault_id} of the sandbox control plane.`,
            {
              headers: status === 429 ? { 'Retry-After': '1' } : {},
            },
          );
          const rendered = renderError(injected, operation.path, outcome.requestId);
          // Not validated: a fault may answer a status the operation does not declare, on purpose.
          res.status(status).set(rendered.headers).json(rendered.body);
          outcome.status = status;
        }
        outcome.latencyMs = performance.now() - started;
        parts.onComplete?.(outcome);
        return;
      }
    }

    try {
      const reply = await respond(req, found.pathParams, operation, outcome, (headers) => {
        rateHeaders = headers;
      });
      send(reply.status, reply.body, reply.headers ?? {});
    } catch (error) {
      if (!(error instanceof MockError)) return next(error);
      const rendered = renderError(error, operation.path, outcome.requestId);
      send(error.status, rendered.body, rendered.headers);
    }
  };

  /** Authenticate, rate-limit, validate, scope, handle: the reply, or a thrown MockError. */
  async function respond(
    req: Request,
    pathParams: Record<string, string>,
    operation: Operation,
    outcome: RequestOutcome,
    setRateHeaders: (headers: RateLimitHeaders) => void,
  ): Promise<ReplyOnWire> {
    const authorization = req.headers.authorization;
    let access: AccessContext | null = null;
    try {
      access = await authenticate(context, operation, authorization);
      outcome.clientId = access?.client.client_id ?? null;
    } finally {
      if (operation.path.startsWith('/partner/')) {
        const key = access ? `client:${access.client.client_id}` : `ip:${req.ip ?? 'unknown'}`;
        setRateHeaders(parts.rateLimiter.take(key, limitOf(access?.client ?? null)));
      }
    }
    const checked = validator.validateRequest(operation, {
      pathParams,
      query: req.query as Record<string, unknown>,
      headers: req.headers,
      contentType: req.headers['content-type'] ?? null,
      body: req.body,
      hasBody: hasBody(req),
    });
    if ('violations' in checked) {
      outcome.verdict = 'invalid_request';
      outcome.violations = checked.violations;
      const custom = parts.violationHandlers[operation.operationId];
      if (custom) return custom(checked.violations, req);
      const first = checked.violations[0] as Violation;
      throw new MockError(400, 'invalid_request', summarize(checked.violations), {
        field: first.field.replace(/^(body|query|path|header)\.?/, '') || null,
      });
    }
    const dealerId = checked.path.dealerId;
    if (typeof dealerId === 'number') outcome.dealerId = dealerId;
    if (access && typeof dealerId === 'number' && !UNSCOPED_DEALER_OPERATIONS.has(operation.operationId)) {
      reachDealer(context, access, dealerId);
    }
    const handler = handlers[operation.operationId] as UntypedHandler | undefined;
    if (!handler)
      throw new MockError(501, 'not_implemented', `${operation.operationId} is not served by the mock.`);
    const execute = async () => handler({ ...checked, access, authorization, requestId: outcome.requestId });
    const call: HandlerCall = {
      operation,
      access,
      path: checked.path,
      query: checked.query,
      headers: checked.headers,
      body: checked.body,
    };
    return parts.aroundHandler ? parts.aroundHandler(call, execute) : execute();
  }
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
