#!/usr/bin/env node
// The package's command. It runs the bundle that `npm run build` (run by `npm ci` and `npm start`)
// writes to dist/, which starts in a fraction of the time; without one, the TypeScript sources
// run through tsx's loader.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli.js', import.meta.url);
if (existsSync(bundle)) {
  await import(bundle.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../mock/cli.ts');
}
