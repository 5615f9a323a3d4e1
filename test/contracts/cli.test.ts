import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/processes.ts';
import { readDealer, writePact } from './support.ts';

function chektMock(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/chekt-mock.js', 'contract', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PACT_DO_NOT_TRACK: 'true' },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('chekt-mock contract', () => {
  it('check exits 1 on a broken pact, prints the interaction and the problem, and writes JSON and JUnit', () => {
    const interaction = readDealer('a dealer read without a token');
    interaction.request.headers = {};
    const pact = writePact('cli-no-authorization', [interaction, readDealer('a dealer read with a token')]);
    const out = mkdtempSync(join(tmpdir(), 'chekt-report-'));
    const run = chektMock('check', pact, '--json', join(out, 'r.json'), '--junit', join(out, 'r.xml'));
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('✗ a dealer read without a token');
    expect(run.stdout).toContain('✓ a dealer read with a token');
    expect(run.stdout).toContain(
      'getDealer is secured (partnerClientCredentials) but the request has no Authorization header',
    );
    const json = JSON.parse(readFileSync(join(out, 'r.json'), 'utf8'));
    expect(json.ok).toBe(false);
    expect(json.pacts[0].interactions[0].problems[0].kind).toBe('missing-authorization');
    const junit = readFileSync(join(out, 'r.xml'), 'utf8');
    expect(junit).toContain('tests="2" failures="1"');
    expect(junit).toContain(
      '<testcase classname="broken-corpus.check" name="a dealer read without a token"><failure',
    );
  });

  it('check exits 0 on a good pact', () => {
    const run = chektMock('check', writePact('cli-good', [readDealer()]));
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('OK: 1 interaction(s) in 1 pact file(s), no problem.');
  });

  it('verify exits 1 on an unknown provider state and lists the known ones', () => {
    const interaction = readDealer('a dealer read in an unknown state');
    interaction.providerStates = [{ name: 'the moon is full', params: {} }];
    const run = chektMock(
      'verify',
      writePact('cli-unknown-state', [interaction]),
      '--client-id',
      'dealer-app-demo',
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('✗ a dealer read in an unknown state (given "the moon is full")');
    expect(run.stdout).toContain('unknown provider state "the moon is full"');
    expect(run.stdout).toContain('"dealer {dealerId} has a site {externalSiteId}"');
  });

  it('states lists the registry, and a usage error exits 2', () => {
    expect(chektMock('states').stdout).toContain(
      'dealer {dealerId} is connected to {clientId} as {externalDealerId}',
    );
    const usage = chektMock('check');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('Give at least one pact file or folder.');
  });
});

describe('the published state registry', () => {
  it('lists every provider state of the verifier in contracts/README.md', async () => {
    const { PROVIDER_STATES } = await import('../../contracts/provider/states.ts');
    const readme = readFileSync(join(ROOT, 'contracts/README.md'), 'utf8');
    for (const state of PROVIDER_STATES) expect(readme).toContain(`\`${state.name}\``);
  });
});
