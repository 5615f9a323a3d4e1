import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's root folder (where `package.json` and `spec/` live), found by walking up from this
 * module, so that paths hold whether the code runs as TypeScript from `mock/` or bundled from `dist/`.
 */
export const PACKAGE_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the package. */
export function fromRoot(...segments: string[]): string {
  return join(PACKAGE_ROOT, ...segments);
}

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'spec', 'partner-api.yaml')))
      return dir;
    if (dirname(dir) === dir) throw new Error(`Cannot find the sandbox package root above ${start}`);
  }
}
