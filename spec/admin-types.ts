// Friendly names for the generated control-plane (admin API) types. Aliases only: every shape comes from spec/admin-api.yaml.
import type { components, operations } from './generated/admin-api.ts';

/** The generated OpenAPI types of the sandbox control plane (`/__mock/`). */
export type {
  components as AdminComponents,
  operations as AdminOperations,
  paths as AdminPaths,
} from './generated/admin-api.ts';

/** Every schema of the admin API, by name. */
export type AdminSchemas = components['schemas'];
/** Every operationId of the admin API. */
export type AdminOperationId = keyof operations;

/** One alias per schema of the admin API. */
export type StateSummary = AdminSchemas['StateSummary'];
export type Snapshot = AdminSchemas['Snapshot'];
export type SeedDealer = AdminSchemas['SeedDealer'];
export type SeedUser = AdminSchemas['SeedUser'];
export type SeedBinding = AdminSchemas['SeedBinding'];
export type Seed = AdminSchemas['Seed'];
export type ClientRegistration = AdminSchemas['ClientRegistration'];
export type Client = AdminSchemas['Client'];
export type ClockState = AdminSchemas['ClockState'];
export type ClockUpdate = AdminSchemas['ClockUpdate'];
export type ClockAdvance = AdminSchemas['ClockAdvance'];
export type FaultCreate = AdminSchemas['FaultCreate'];
export type Fault = AdminSchemas['Fault'];
export type JournalEntry = AdminSchemas['JournalEntry'];
