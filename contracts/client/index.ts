// The reference partner client of the contract kit: what partners can copy, and what the kit's pacts describe.
export { PartnerApiError, toPartnerApiError } from './errors.ts';
export {
  type Page,
  ReferenceClient,
  type ReferenceClientOptions,
  type TokenSource,
} from './reference-client.ts';
export {
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  type RetryPolicy,
  retryDelayMs,
  retryingFetch,
} from './retry.ts';
export {
  type ClientCredentials,
  signAssertion,
  TokenManager,
  type TokenManagerOptions,
  tokenCall,
} from './tokens.ts';
