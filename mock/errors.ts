/**
 * The one error type inside the mock. Handlers throw it through the helpers below; a single
 * middleware renders it in the format the route speaks: the Partner API envelope
 * `{error: {code, message, request_id, field}}`, or RFC 6749 `{error, error_description}` on the
 * OAuth endpoints (where `code` is the RFC error code).
 */
export class MockError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | null;
  /** Extra response headers, e.g. `WWW-Authenticate` or `Retry-After`. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { field?: string | null; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'MockError';
    this.status = status;
    this.code = code;
    this.field = options.field ?? null;
    this.headers = options.headers ?? {};
  }
}

/** 400: the request is malformed; `field` names the offending input. */
export function badRequest(code: string, message: string, field: string | null = null): never {
  throw new MockError(400, code, message, { field });
}

/** 401 with an RFC 6750 challenge: the bearer token is missing or unusable. */
export function invalidToken(message: string): never {
  const challenge = `Bearer realm="chekt", error="invalid_token", error_description="${message.replaceAll('"', "'")}"`;
  throw new MockError(401, 'invalid_token', message, { headers: { 'WWW-Authenticate': challenge } });
}

/** 403: the caller is known but may not do this. */
export function forbidden(code: string, message: string, headers: Record<string, string> = {}): never {
  throw new MockError(403, code, message, { headers });
}

/** 403 `permission_denied` with an `insufficient_scope` challenge (RFC 6750 section 3.1). */
export function missingScope(scope: string): never {
  forbidden('permission_denied', `The access token lacks the scope "${scope}".`, {
    'WWW-Authenticate': `Bearer realm="chekt", error="insufficient_scope", scope="${scope}"`,
  });
}

/** 404: the named resource does not exist (within what the caller can reach). */
export function notFound(code: string, message: string, field: string | null = null): never {
  throw new MockError(404, code, message, { field });
}

/** 409: the request conflicts with the current state. */
export function conflict(code: string, message: string, field: string | null = null): never {
  throw new MockError(409, code, message, { field });
}

/** 422: well-formed, but refers to something that does not fit (e.g. a station of another dealer). */
export function unprocessable(code: string, message: string, field: string | null = null): never {
  throw new MockError(422, code, message, { field });
}

/** An RFC 6749 section 5.2 error from the token or revocation endpoint. */
export function oauthError(
  code:
    | 'invalid_request'
    | 'invalid_client'
    | 'invalid_grant'
    | 'unauthorized_client'
    | 'unsupported_grant_type'
    | 'invalid_scope'
    | 'unsupported_token_type',
  description: string,
  options: { basicChallenge?: boolean; field?: string } = {},
): never {
  const status = code === 'invalid_client' ? 401 : 400;
  const headers: Record<string, string> = options.basicChallenge
    ? { 'WWW-Authenticate': 'Basic realm="chekt"' }
    : {};
  throw new MockError(status, code, description, { headers, field: options.field ?? null });
}
