import createClient, { type Client, type ClientOptions, mergeHeaders } from 'openapi-fetch';
import type { paths } from './generated/partner-api.ts';

/** A typed CHeKT Partner API client: every path, parameter, body and response comes from the spec. */
export type PartnerClient = Client<paths>;

/** Options for {@link createPartnerClient}: openapi-fetch's client options plus an optional bearer token. */
export type PartnerClientOptions = Omit<ClientOptions, 'baseUrl'> & {
  /** Access token sent as `Authorization: Bearer <token>` on every request. */
  accessToken?: string;
};

/**
 * Creates a typed client for the CHeKT Partner API and its OAuth endpoints at `baseUrl` (e.g. the sandbox at
 * `http://127.0.0.1:4010`). A thin wrapper over openapi-fetch's `createClient<paths>()`: calls are checked at
 * compile time against `spec/generated/partner-api.ts`; nothing is validated at run time.
 */
export function createPartnerClient(baseUrl: string, opts: PartnerClientOptions = {}): PartnerClient {
  const { accessToken, headers, ...rest } = opts;
  const authorization = accessToken === undefined ? undefined : { Authorization: `Bearer ${accessToken}` };
  return createClient<paths>({ ...rest, baseUrl, headers: mergeHeaders(headers, authorization) });
}
