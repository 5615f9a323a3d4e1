import { timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { MockError } from '../errors.ts';
import { createPipeline, type PipelineParts } from '../http/pipeline.ts';
import { loadDocument } from '../openapi/document.ts';
import { OperationIndex } from '../openapi/operations.ts';
import { SpecValidator } from '../openapi/validator.ts';
import { fromRoot } from '../package-root.ts';
import { adminHandlers, type ControlPlaneParts, seedViolation } from './handlers.ts';

/** The control plane's own spec. */
export const ADMIN_SPEC_PATH = fromRoot('spec', 'admin-api.yaml');

/** The path prefix of the control plane. */
export const ADMIN_PREFIX = '/__mock/';

let compiled: { index: OperationIndex; validator: SpecValidator } | undefined;
function adminSpec() {
  if (!compiled) {
    const document = loadDocument(ADMIN_SPEC_PATH);
    const index = new OperationIndex(document);
    compiled = { index, validator: new SpecValidator(document, index) };
  }
  return compiled;
}

/** How the control plane is guarded. */
export interface AdminAccess {
  /** When set, every admin call must send `Authorization: Bearer <adminToken>`. */
  adminToken: string | null;
}

/**
 * The `/__mock/` middleware: the guard, then the same validate-handle-validate pipeline as the
 * Partner API, on the admin spec. Requests outside the prefix pass through untouched.
 */
export function controlPlane(
  parts: Omit<ControlPlaneParts, 'validateSeed'>,
  access: AdminAccess,
  shared: Pick<PipelineParts, 'rateLimiter' | 'reportViolation'>,
): RequestHandler {
  const { index, validator } = adminSpec();
  const pipeline = createPipeline({
    context: parts.context,
    index,
    validator,
    handlers: adminHandlers({ ...parts, validateSeed: (seed) => validator.validateSchema('Seed', seed) }),
    violationHandlers: { loadSeed: (violations, req) => seedViolation(violations, req.body) },
    ...shared,
  });
  // Bodies are read after the guard: JSON up to the size of a large snapshot, and YAML seeds as text.
  const jsonBody = express.json({ limit: '256mb' });
  const yamlBody = express.text({ type: 'application/yaml', limit: '16mb' });
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith(ADMIN_PREFIX)) return next();
    const refusal = refuse(req, access);
    if (refusal) return next(new MockError(401, 'admin_token_required', refusal));
    jsonBody(req, res, (jsonError?: unknown) => {
      if (jsonError) return next(jsonError);
      yamlBody(req, res, (yamlError?: unknown) => {
        if (yamlError) next(yamlError);
        else void pipeline(req, res, next);
      });
    });
  };
}

/** Why an admin call is refused, or null when it may proceed. */
function refuse(req: Request, access: AdminAccess): string | null {
  if (access.adminToken === null) {
    return isLoopback(req.socket.remoteAddress)
      ? null
      : 'The control plane answers loopback callers only, unless the mock was started with --admin-token.';
  }
  const sent = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const expected = Buffer.from(access.adminToken);
  const given = Buffer.from(sent);
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? null
    : 'This mock requires its admin token: Authorization: Bearer <admin token>.';
}

/** Whether an address is this machine's loopback (IPv4, IPv6, or IPv4-mapped IPv6). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}
