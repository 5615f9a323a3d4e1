import { basename } from 'node:path';
import { allProblems, type ContractReport, isClean } from './report.ts';

/** The readable report: each pact, each interaction with a mark, each problem under it, then a summary. */
export function renderText(report: ContractReport): string {
  const lines: string[] = [];
  for (const pact of report.pacts) {
    lines.push(
      `${report.command === 'check' ? 'Checking' : 'Verifying'} ${pact.file} (${pact.consumer} -> ${pact.provider})`,
    );
    for (const problem of pact.problems) lines.push(`  ✗ ${problem.message} [${problem.kind}]`);
    for (const interaction of pact.interactions) {
      const mark = interaction.problems.length === 0 ? '✓' : '✗';
      const given = interaction.states.length
        ? ` (given ${interaction.states.map((s) => `"${s}"`).join(', ')})`
        : '';
      lines.push(`  ${mark} ${interaction.description}${given} — ${interaction.request}`);
      for (const problem of interaction.problems) lines.push(`      - ${problem.message} [${problem.kind}]`);
    }
  }
  const problems = allProblems(report).length;
  const interactions = report.pacts.reduce((n, p) => n + p.interactions.length, 0);
  lines.push(
    isClean(report)
      ? `OK: ${interactions} interaction(s) in ${report.pacts.length} pact file(s), no problem.`
      : `FAILED: ${problems} problem(s) in ${interactions} interaction(s) of ${report.pacts.length} pact file(s).`,
  );
  return `${lines.join('\n')}\n`;
}

/** The report as JSON for CI systems. */
export function renderJson(report: ContractReport): string {
  return `${JSON.stringify({ ...report, ok: isClean(report) }, null, 2)}\n`;
}

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The report as JUnit XML: a test suite per pact file, a test case per interaction. */
export function renderJunit(report: ContractReport): string {
  const suites = report.pacts.map((pact) => {
    const cases = pact.interactions.map((interaction) => {
      const failure = interaction.problems.length
        ? `<failure message="${xml(interaction.problems[0]?.message ?? '')}">${xml(
            interaction.problems.map((p) => `[${p.kind}] ${p.message}`).join('\n'),
          )}</failure>`
        : '';
      return `    <testcase classname="${xml(`${pact.consumer}.${report.command}`)}" name="${xml(interaction.description)}">${failure}</testcase>`;
    });
    if (pact.problems.length) {
      cases.push(
        `    <testcase classname="${xml(`${pact.consumer}.${report.command}`)}" name="${xml(basename(pact.file))}"><failure message="${xml(
          pact.problems[0]?.message ?? '',
        )}">${xml(pact.problems.map((p) => `[${p.kind}] ${p.message}`).join('\n'))}</failure></testcase>`,
      );
    }
    const failures =
      pact.interactions.filter((i) => i.problems.length).length + (pact.problems.length ? 1 : 0);
    return `  <testsuite name="${xml(`contract ${report.command}: ${basename(pact.file)}`)}" tests="${cases.length}" failures="${failures}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="chekt-mock contract ${report.command}">\n${suites.join('\n')}\n</testsuites>\n`;
}
