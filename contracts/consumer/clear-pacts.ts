import { rmSync } from 'node:fs';
import { KIT_PACT_DIR } from '../paths.ts';

/** Vitest global setup: removes the kit's pact files so the consumer run writes them afresh. */
export function setup(): void {
  process.env.PACT_DO_NOT_TRACK = 'true';
  rmSync(KIT_PACT_DIR, { recursive: true, force: true });
}
