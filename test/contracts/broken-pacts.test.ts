import { describe, expect, it } from 'vitest';
import { checkPacts } from '../../contracts/check/check.ts';
import { verifyPacts } from '../../contracts/provider/verify.ts';
import { renderText } from '../../contracts/report/render.ts';
import { allProblems, type ContractReport } from '../../contracts/report/report.ts';
import { readDealer, writePact } from './support.ts';

/** The one problem a report holds, with the interaction it names. */
function onlyProblem(report: ContractReport) {
  const problems = allProblems(report);
  expect(problems, renderText(report)).toHaveLength(1);
  const [found] = problems;
  return {
    kind: found?.problem.kind,
    message: found?.problem.message,
    interaction: found?.interaction?.description,
  };
}

describe('contract check rejects a broken pact, naming the interaction and the problem', () => {
  it('accepts the well-formed interaction the corpus starts from', async () => {
    expect(allProblems(await checkPacts([writePact('good', [readDealer()])]))).toEqual([]);
  });

  it('rejects a misspelled response field', async () => {
    const interaction = readDealer('a dealer with a misspelled field');
    const { company_name, ...rest } = interaction.response.body as Record<string, unknown>;
    interaction.response.body = { ...rest, compnay_name: company_name };
    const report = await checkPacts([writePact('misspelled-field', [interaction])]);
    const text = renderText(report);
    expect(text).toContain('✗ a dealer with a misspelled field');
    expect(text).toMatch(/compnay_name/);
    expect(
      allProblems(report).every((p) => p.interaction?.description === 'a dealer with a misspelled field'),
    ).toBe(true);
  });

  it('rejects a status the operation does not declare', async () => {
    const interaction = readDealer('a dealer read answered 201');
    interaction.response.status = 201;
    const problem = onlyProblem(await checkPacts([writePact('wrong-status', [interaction])]));
    expect(problem).toMatchObject({ kind: 'undeclared-status', interaction: 'a dealer read answered 201' });
    expect(problem.message).toContain('getDealer does not declare status 201');
  });

  it('rejects a missing Authorization header on a secured operation', async () => {
    const interaction = readDealer('a dealer read without a token');
    interaction.request.headers = {};
    const problem = onlyProblem(await checkPacts([writePact('no-authorization', [interaction])]));
    expect(problem).toMatchObject({
      kind: 'missing-authorization',
      interaction: 'a dealer read without a token',
    });
    expect(problem.message).toContain('getDealer is secured (partnerClientCredentials)');
  });

  it('accepts a missing Authorization header when the interaction expects the 401', async () => {
    const interaction = readDealer('a dealer read without a token is refused');
    interaction.request.headers = {};
    interaction.response = {
      status: 401,
      headers: { 'Content-Type': 'application/json' },
      body: { error: { code: 'invalid_token', message: 'No token.', request_id: 'req_1', field: null } },
    };
    expect(allProblems(await checkPacts([writePact('no-authorization-401', [interaction])]))).toEqual([]);
  });

  it('rejects a token request without grant_type', async () => {
    const problem = onlyProblem(
      await checkPacts([
        writePact('no-grant-type', [
          {
            description: 'a token request without grant_type',
            request: {
              method: 'POST',
              path: '/oauth/token',
              headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
              body: 'client_id=dealer-app-demo&client_secret=secret',
            },
            response: {
              status: 200,
              headers: { 'Content-Type': 'application/json' },
              body: { access_token: 'eyJ.x.y', token_type: 'Bearer', expires_in: 3600, scope: 'read:dealer' },
            },
          },
        ]),
      ]),
    );
    expect(problem).toMatchObject({ kind: 'form-body', interaction: 'a token request without grant_type' });
    expect(problem.message).toMatch(/requestToken.*grant_type/);
  });

  it('rejects an unknown path', async () => {
    const interaction = readDealer('a request to a path the API does not have');
    interaction.request.path = '/partner/v1/dealer/1001';
    const problem = onlyProblem(await checkPacts([writePact('unknown-path', [interaction])]));
    expect(problem).toMatchObject({
      kind: 'unknown-path',
      interaction: 'a request to a path the API does not have',
    });
    expect(problem.message).toBe('the spec has no path /partner/v1/dealer/1001');
  });

  it('rejects a method the path does not have', async () => {
    const interaction = readDealer('a DELETE of a dealer');
    interaction.request.method = 'DELETE';
    const problem = onlyProblem(await checkPacts([writePact('unknown-method', [interaction])]));
    expect(problem).toMatchObject({ kind: 'unknown-method', interaction: 'a DELETE of a dealer' });
    expect(problem.message).toContain('allowed: GET, PATCH');
  });
});

describe('contract verify rejects a broken pact, naming the interaction and the problem', () => {
  it('rejects an unknown provider state and lists the known ones, without replaying', async () => {
    const interaction = readDealer('a dealer read in an unknown state');
    interaction.providerStates = [{ name: 'dealer 1001 is on holiday', params: {} }];
    const report = await verifyPacts([writePact('unknown-state', [interaction])], {
      clientId: 'dealer-app-demo',
    });
    const text = renderText(report);
    const [problem] = allProblems(report).filter((p) => p.problem.kind === 'unknown-provider-state');
    expect(problem?.interaction?.description).toBe('a dealer read in an unknown state');
    expect(problem?.problem.message).toContain('unknown provider state "dealer 1001 is on holiday"');
    expect(problem?.problem.message).toContain(
      'dealer {dealerId} is connected to {clientId} as {externalDealerId}',
    );
    expect(text).toContain('the pact was not replayed');
  });

  it('rejects a response the stateful mock would never give', async () => {
    const interaction = readDealer('dealer 1001 said to be missing');
    interaction.response = {
      status: 404,
      headers: { 'Content-Type': 'application/json' },
      body: {
        error: {
          code: 'dealer_not_found',
          message: 'No dealer 1001.',
          request_id: 'req_1',
          field: 'dealerId',
        },
      },
    };
    const file = writePact('never-given', [interaction]);
    // The spec allows a 404 here: only the stateful mock knows dealer 1001 exists.
    expect(allProblems(await checkPacts([file]))).toEqual([]);
    const report = await verifyPacts([file], { clientId: 'dealer-app-demo' });
    const problems = allProblems(report);
    expect(problems.length, renderText(report)).toBeGreaterThan(0);
    expect(problems.every((p) => p.interaction?.description === 'dealer 1001 said to be missing')).toBe(true);
    expect(problems.map((p) => p.problem.message).join('\n')).toMatch(/status.*404.*200|expected 404/i);
  });

  it('accepts the well-formed interaction against the mock', async () => {
    const report = await verifyPacts([writePact('good-verify', [readDealer()])], {
      clientId: 'dealer-app-demo',
    });
    expect(allProblems(report), renderText(report)).toEqual([]);
  });
});

describe('provider states', () => {
  it('build on each other: a camera on a site an earlier state created', async () => {
    const interaction = readDealer('a dealer read after two states');
    interaction.providerStates = [
      { name: 'dealer 1001 has a site site-1', params: {} },
      { name: 'site site-1 of dealer 1001 has a camera cam-1', params: {} },
    ];
    const report = await verifyPacts([writePact('two-states', [interaction])], {
      clientId: 'dealer-app-demo',
    });
    expect(allProblems(report), renderText(report)).toEqual([]);
  });
});
