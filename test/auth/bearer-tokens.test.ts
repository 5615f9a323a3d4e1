import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { call, clientToken, freshMock } from '../support/mock.ts';

async function expectInvalidToken(response: Awaited<ReturnType<typeof call>>, message: RegExp) {
  expect(response.status).toBe(401);
  expect(response.body.error.code).toBe('invalid_token');
  expect(response.body.error.message).toMatch(message);
  expect(response.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
}

describe('bearer tokens on the Partner API', () => {
  it('answers 401 invalid_token when no token is sent', async () => {
    const mock = await freshMock();
    await expectInvalidToken(await call(mock, 'GET', '/partner/v1/dealers/1001'), /required/);
  });

  it('answers 401 to a malformed Authorization header and to a token that is not a JWT', async () => {
    const mock = await freshMock();
    const basic = await call(mock, 'GET', '/partner/v1/dealers/1001', {
      headers: { authorization: 'Basic abc' },
    });
    await expectInvalidToken(basic, /Bearer/);
    await expectInvalidToken(
      await call(mock, 'GET', '/partner/v1/dealers/1001', { token: 'not-a-jwt' }),
      /malformed/,
    );
  });

  it('answers 401 once the token has expired on the mock clock, and not a second before', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    mock.context.clock.advance(3599_000);
    expect((await call(mock, 'GET', '/partner/v1/dealers/1001', { token })).status).toBe(200);
    mock.context.clock.advance(1_000);
    await expectInvalidToken(await call(mock, 'GET', '/partner/v1/dealers/1001', { token }), /expired/);
  });

  it('answers 401 to a token whose payload was tampered with', async () => {
    const mock = await freshMock();
    const [header, payload, signature] = (await clientToken(mock)).split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims.scope = `${claims.scope} admin`;
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    await expectInvalidToken(
      await call(mock, 'GET', '/partner/v1/dealers/1001', { token: forged }),
      /signature/,
    );
  });

  it('answers 401 to an unsigned alg "none" token carrying valid claims', async () => {
    const mock = await freshMock();
    const claims = decodeJwt(await clientToken(mock));
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(
      JSON.stringify(claims),
    ).toString('base64url')}.`;
    await expectInvalidToken(
      await call(mock, 'GET', '/partner/v1/dealers/1001', { token: none }),
      /malformed|signature/,
    );
  });

  it('answers 401 to a token signed by another mock instance', async () => {
    const other = await freshMock();
    const mock = await freshMock();
    const token = await clientToken(other);
    await expectInvalidToken(await call(mock, 'GET', '/partner/v1/dealers/1001', { token }), /iss|signature/);
  });

  it('issues RS256 JWTs with the documented claims and a one-hour default lifetime', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock, 'dealerApp');
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', kid: mock.context.signingJwk.kid });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      iss: mock.url,
      sub: 'dealer-app-demo@clients',
      aud: 'https://api.chekt.com/partner/v1',
      azp: 'dealer-app-demo',
      gty: 'client-credentials',
    });
    expect(claims.exp! - claims.iat!).toBe(3600);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(String(claims.scope).split(' ')).toContain('read:dealer');
  });

  it('uses the configured token lifetime', async () => {
    const mock = await freshMock({ tokenLifetimeSeconds: 86_400 });
    const claims = decodeJwt(await clientToken(mock));
    expect(claims.exp! - claims.iat!).toBe(86_400);
  });

  it('echoes x-partner-trace-id on success and on errors', async () => {
    const mock = await freshMock();
    const trace = '550e8400-e29b-41d4-a716-123456789000';
    const token = await clientToken(mock);
    const ok = await call(mock, 'GET', '/partner/v1/dealers/1001', {
      token,
      headers: { 'x-partner-trace-id': trace },
    });
    const denied = await call(mock, 'GET', '/partner/v1/dealers/1002', {
      token,
      headers: { 'x-partner-trace-id': trace },
    });
    expect(ok.headers.get('x-partner-trace-id')).toBe(trace);
    expect(denied.headers.get('x-partner-trace-id')).toBe(trace);
    expect(denied.body.error.request_id).toMatch(/^req_/);
  });
});
