import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expandPactPaths } from '../pact-file.ts';
import { KIT_PACT_DIR } from '../paths.ts';
import { renderText } from '../report/render.ts';
import { allProblems } from '../report/report.ts';
import { verifyPacts } from './verify.ts';

// Runs after the consumer tests (see `npm run contracts`): the kit's own pacts must hold against the
// stateful mock, each interaction from a fresh demo world with its provider states set up.
describe('provider verification of the kit pacts against the stateful mock', () => {
  it('finds the pact files of both reference consumers', () => {
    expect(existsSync(KIT_PACT_DIR), 'run the consumer tests first (npm run contracts:consumer)').toBe(true);
    expect(expandPactPaths([KIT_PACT_DIR]).map((f) => f.split('/').pop())).toEqual([
      'chekt-reference-dealer-app-chekt-partner-api.json',
      'chekt-reference-platform-chekt-partner-api.json',
    ]);
  });

  it('verifies every interaction of the kit pacts', async () => {
    const report = await verifyPacts(expandPactPaths([KIT_PACT_DIR]));
    expect(allProblems(report), renderText(report)).toEqual([]);
    expect(report.pacts.flatMap((p) => p.interactions).length).toBeGreaterThanOrEqual(25);
  });
});
