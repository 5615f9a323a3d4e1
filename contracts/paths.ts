import { fromRoot } from '../mock/package-root.ts';

// Paths resolve from the package root, so they hold whether this runs as TypeScript or bundled in dist/.

/** Where the kit's consumer tests write their pact files (cleared before each consumer run). */
export const KIT_PACT_DIR = fromRoot('contracts', 'pacts');

/** The spec every contract is held against. */
export const PARTNER_API_SPEC = fromRoot('spec', 'partner-api.yaml');

/** The provider name pacts must use. */
export const PROVIDER_NAME = 'chekt-partner-api';
