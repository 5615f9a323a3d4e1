import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { markdownTable } from './report.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a function lives, coarsely: a package, the mock, Node's internals or V8. */
function area(url: string, name: string): string {
  if (url === '') return name.startsWith('(') ? name : '(native)';
  const file = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];
  if (pkg) return pkg;
  if (file.startsWith('node:')) return 'node internals';
  return relative(process.cwd(), file).split('/').slice(0, 2).join('/');
}

/**
 * Summarises the `.cpuprofile` files of a directory (from `node --cpu-prof`): the functions with
 * the most self time, and self time by area (package, mock folder, Node internals, GC).
 */
export function summariseProfiles(dir: string, top = 20): string {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) return `(no .cpuprofile in ${dir})`;
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let total = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const node = nodes.get(id);
      const delta = profile.timeDeltas[i] ?? 0;
      if (!node) return;
      const { functionName, url, lineNumber } = node.callFrame;
      const name = functionName || '(anonymous)';
      const where = url ? `${relative(process.cwd(), url.replace(/^file:\/\//, ''))}:${lineNumber + 1}` : '';
      const key = where ? `${name} ${where}` : name;
      byFunction.set(key, (byFunction.get(key) ?? 0) + delta);
      const a = area(url, name);
      byArea.set(a, (byArea.get(a) ?? 0) + delta);
      total += delta;
    });
  }
  const busy = total - (byArea.get('(idle)') ?? 0);
  const rows = (map: Map<string, number>, n: number) =>
    [...map]
      .filter(([key]) => key !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([key, us]) => [key, (us / 1000).toFixed(0), `${((100 * us) / busy).toFixed(1)}%`]);
  return [
    `Profiled ${(total / 1e6).toFixed(1)} s, of which ${(busy / 1e6).toFixed(1)} s busy (not idle).`,
    '',
    'Self time by area:',
    '',
    markdownTable(['area', 'self ms', 'share of busy'], rows(byArea, 15)),
    '',
    `Top ${top} functions by self time:`,
    '',
    markdownTable(['function', 'self ms', 'share of busy'], rows(byFunction, top)),
  ].join('\n');
}
