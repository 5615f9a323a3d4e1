import { describe, expect, it } from 'vitest';
import { call, clientToken, freshMock } from '../support/mock.ts';

describe('request validation against the spec', () => {
  it('answers 400 naming the unknown field, and changes nothing', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const response = await call(mock, 'PATCH', '/partner/v1/dealers/1001', {
      token,
      body: { company_nmae: 'Typo Inc.' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'invalid_request', field: 'company_nmae' });
    expect(response.body.error.message).toContain('company_nmae');
    expect(mock.context.store.getDealer(1001)?.company_name).toBe('Acme Security');
  });

  it('answers 400 naming the field when a value has the wrong type', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const response = await call(mock, 'PATCH', '/partner/v1/dealers/1001', {
      token,
      body: { company_email: 42 },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe('company_email');
  });

  it('answers 400 for a path id that is not an integer', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const response = await call(mock, 'GET', '/partner/v1/dealers/abc', { token });
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe('dealerId');
  });

  it('answers 400 in the error envelope to malformed JSON', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const response = await call(mock, 'PATCH', '/partner/v1/dealers/1001', {
      token,
      body: '{"company_name": ',
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'invalid_request', field: 'body' });
  });

  it('answers 4xx, not 500, to an oversized body', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const response = await call(mock, 'PATCH', '/partner/v1/dealers/1001', {
      token,
      body: { company_name: 'x'.repeat(2 * 1024 * 1024) },
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.body.error.code).toBe('invalid_request');
  });

  it('answers 400 when the body is not JSON at all', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const response = await call(mock, 'PATCH', '/partner/v1/dealers/1001', {
      token,
      body: 'company_name=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('application/json');
  });

  it('answers 404 in the envelope for an unknown path and 405 with Allow for a wrong method', async () => {
    const mock = await freshMock();
    const unknown = await call(mock, 'GET', '/partner/v1/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    const wrongMethod = await call(mock, 'DELETE', '/partner/v1/dealers/connect');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('PUT');
  });

  it('sends the rate-limit headers on Partner API answers', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    const response = await call(mock, 'GET', '/partner/v1/dealers/1001', { token });
    expect(response.headers.get('x-ratelimit-limit')).toBe('600');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('599');
    expect(Number(response.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
  });

  it('reports no spec violation in any response of these tests', async () => {
    const mock = await freshMock();
    const token = await clientToken(mock);
    await call(mock, 'GET', '/partner/v1/dealers/1001', { token });
    await call(mock, 'GET', '/partner/v1/dealers/1002', { token });
    await call(mock, 'GET', '/partner/v1/dealers/1001');
    expect(mock.violations).toEqual([]);
  });
});
