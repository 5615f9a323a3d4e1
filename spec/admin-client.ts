import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './generated/admin-api.ts';

/** A typed client of the sandbox's control plane (`/__mock/...`). */
export type AdminClient = Client<paths>;

/**
 * Creates a typed client for the mock's admin API at `baseUrl` (e.g. `http://127.0.0.1:4010`). Pass
 * `adminToken` when the mock was started with one. Every path, body and response is checked at
 * compile time against `spec/generated/admin-api.ts`.
 */
export function createAdminClient(baseUrl: string, options: { adminToken?: string } = {}): AdminClient {
  const headers: Record<string, string> = {};
  if (options.adminToken !== undefined) headers.Authorization = `Bearer ${options.adminToken}`;
  return createClient<paths>({ baseUrl, headers });
}
