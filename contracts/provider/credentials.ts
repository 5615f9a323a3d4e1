import type { IncomingMessage } from 'node:http';
import { signAssertion } from '../client/tokens.ts';
import type { VerificationWorld } from './world.ts';

type FilteredRequest = IncomingMessage & { body?: unknown; path: string };
type Next = (error?: unknown) => void;

/** Reads a form body whatever the verifier's proxy made of it (parsed object, Buffer or text). */
function formOf(body: unknown): Record<string, string> {
  if (Buffer.isBuffer(body)) return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  if (typeof body === 'string') return Object.fromEntries(new URLSearchParams(body));
  if (body && typeof body === 'object') {
    return Object.fromEntries(
      Object.entries(body as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
    );
  }
  return {};
}

/**
 * Swaps the credentials of a token-endpoint request for live ones of the caller: its secret (form or
 * Basic), a freshly signed assertion, and the code, verifier and redirect URI a state prepared. Then
 * re-encodes the form: the verifier's proxy would otherwise forward it as JSON (pact-js issues 884, 1233).
 */
async function rewriteTokenRequest(world: VerificationWorld, req: FilteredRequest): Promise<void> {
  const form = formOf(req.body);
  const { caller } = world;
  if ('client_secret' in form) form.client_secret = caller.clientSecret;
  if ('client_assertion' in form) {
    if (!caller.privateKey) throw new Error(`the sandbox holds no signing key for ${caller.clientId}`);
    form.client_assertion = await signAssertion(
      {
        method: 'private_key_jwt',
        clientId: caller.clientId,
        privateKey: caller.privateKey.pem,
        keyId: caller.privateKey.keyId,
      },
      `${world.mock.url}/oauth/token`,
      world.clock.now(),
    );
  }
  if (req.headers.authorization?.startsWith('Basic ')) {
    const basic = `${encodeURIComponent(caller.clientId)}:${encodeURIComponent(caller.clientSecret)}`;
    req.headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
  }
  if (form.grant_type === 'authorization_code' && world.code) {
    form.code = world.code.code;
    form.code_verifier = world.code.verifier;
    form.redirect_uri = world.code.redirectUri;
  }
  const encoded = Buffer.from(new URLSearchParams(form).toString());
  req.body = encoded;
  req.headers['content-type'] = 'application/x-www-form-urlencoded';
  req.headers['content-length'] = String(encoded.length);
}

/** The bearer token the current interaction is sent with, as its states decided. */
async function bearerFor(world: VerificationWorld): Promise<string> {
  const mode = world.bearer;
  return mode.kind === 'client' ? world.clientToken(world.caller.clientId) : mode.token;
}

/**
 * The verifier's request filter: tokens are never taken from a pact. Every `Bearer` header is replaced
 * by a live token for the caller (or the one a state chose), token requests get live credentials. A
 * request without `Authorization` is sent without one.
 */
export function credentialFilter(world: VerificationWorld) {
  return (req: FilteredRequest, _res: unknown, next: Next): void => {
    if (req.path.startsWith('/_pact')) {
      next();
      return;
    }
    const work = async () => {
      if (req.path === '/oauth/token' || req.path === '/oauth/revoke') {
        await rewriteTokenRequest(world, req);
      } else if (req.headers.authorization?.startsWith('Bearer ')) {
        req.headers.authorization = `Bearer ${await bearerFor(world)}`;
      }
    };
    work().then(() => next(), next);
  };
}
