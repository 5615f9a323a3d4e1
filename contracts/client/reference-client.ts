import { randomUUID } from 'node:crypto';
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from '../../spec/generated/partner-api.ts';
import type {
  ArmingSettingsUpdate,
  ContactCreate,
  ContactUpdate,
  DealerConnectRequest,
  DealerUpdate,
  DeviceCreate,
  DeviceUpdate,
  EventCreate,
  MonitoringStationCreate,
  operations,
  SiteCreate,
  SiteUpdate,
  TokenRequest,
  TokenResponse,
  WebhookCreate,
} from '../../spec/types.ts';
import { PartnerApiError, toPartnerApiError } from './errors.ts';
import { DEFAULT_RETRY_POLICY, type RetryEnvironment, type RetryPolicy, retryingFetch } from './retry.ts';
import { type ClientCredentials, type TokenCall, TokenManager, tokenCall } from './tokens.ts';

/** Where a client gets its bearer tokens: normally a {@link TokenManager}. */
export interface TokenSource {
  accessToken(): Promise<string>;
  invalidate(): void;
}

/** Options of {@link ReferenceClient}. */
export interface ReferenceClientOptions {
  /** Base URL of the API and its OAuth server, e.g. `http://127.0.0.1:4010`. */
  baseUrl: string;
  credentials: ClientCredentials;
  /** Scopes to ask for with client credentials; all registered scopes when omitted. */
  scope?: string;
  /** Overrides where bearer tokens come from (tests); built from `credentials` when omitted. */
  tokens?: TokenSource;
  retry?: Partial<RetryPolicy>;
  /** Makes the `x-partner-trace-id` of each call (default: a random UUID). */
  traceId?: () => string;
  fetch?: (request: Request) => Promise<Response>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  onRetry?: RetryEnvironment['onRetry'];
}

/** A list answer: the items and `X-Total-Count`. */
export interface Page<T> {
  items: T[];
  totalCount: number;
}

type Query<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;
type FetchResult<T> = { data?: T; error?: unknown; response: Response };

const TRACE_HEADER = 'x-partner-trace-id';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The reference partner client of the CHeKT Partner API, typed only by the generated spec types. It
 * gets, caches and renews client-credentials tokens, retries 429 and 5xx with backoff that honours
 * `Retry-After`, sends a trace id on every call and an `Idempotency-Key` on every state-changing call
 * (kept across retries, so a retried create cannot create twice). Error answers throw
 * {@link PartnerApiError}.
 */
export class ReferenceClient {
  /** The typed openapi-fetch client underneath, for calls this class does not wrap. */
  readonly api: Client<paths>;
  readonly tokens: TokenSource;
  private readonly options: ReferenceClientOptions;
  private readonly now: () => number;

  constructor(options: ReferenceClientOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    const baseUrl = options.baseUrl.replace(/\/$/, '');
    const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.api = createClient<paths>({
      baseUrl,
      fetch: retryingFetch(policy, {
        fetch: options.fetch ?? ((request) => fetch(request)),
        sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
        now: this.now,
        ...(options.onRetry ? { onRetry: options.onRetry } : {}),
      }),
    });
    this.tokens =
      options.tokens ??
      new TokenManager({
        credentials: options.credentials,
        tokenUrl: `${baseUrl}/oauth/token`,
        endpoint: (call) => this.sendTokenRequest(call),
        now: this.now,
        ...(options.scope === undefined ? {} : { scope: options.scope }),
      });
    this.api.use(this.middleware());
  }

  /** Adds trace id, bearer token and idempotency key; drops a token the API rejected. */
  private middleware(): Middleware {
    const newTrace = this.options.traceId ?? randomUUID;
    return {
      onRequest: async ({ request, schemaPath }) => {
        if (!request.headers.has(TRACE_HEADER)) request.headers.set(TRACE_HEADER, newTrace());
        const isApi =
          schemaPath.startsWith('/partner/') && !schemaPath.startsWith('/partner/v1/media-uploads/');
        if (isApi && !request.headers.has('authorization')) {
          request.headers.set('authorization', `Bearer ${await this.tokens.accessToken()}`);
        }
        if (isApi && STATE_CHANGING.has(request.method) && !request.headers.has('idempotency-key')) {
          request.headers.set('idempotency-key', randomUUID());
        }
        return request;
      },
      onResponse: ({ response }) => {
        if (response.status === 401 && response.headers.get('www-authenticate')?.startsWith('Bearer')) {
          this.tokens.invalidate();
        }
        return undefined;
      },
    };
  }

  /** Returns the data of a 2xx answer or throws its {@link PartnerApiError}. */
  private async unwrap<T>(pending: Promise<FetchResult<T>>): Promise<T> {
    const { data, error, response } = await pending;
    if (!response.ok) throw toPartnerApiError(response, error, response.headers.get(TRACE_HEADER));
    return data as T;
  }

  private async page<T>(pending: Promise<FetchResult<T[]>>): Promise<Page<T>> {
    const result = await pending;
    const items = await this.unwrap(Promise.resolve(result));
    return { items, totalCount: Number(result.response.headers.get('x-total-count') ?? items.length) };
  }

  private sendTokenRequest(call: TokenCall): Promise<TokenResponse> {
    return this.unwrap(
      this.api.POST('/oauth/token', {
        body: call.form,
        bodySerializer: (form) => new URLSearchParams(form as Record<string, string>).toString(),
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          ...(call.authorization === undefined ? {} : { Authorization: call.authorization }),
        },
      }),
    );
  }

  // --- OAuth -------------------------------------------------------------------------------------

  /** A client-credentials access token (cached and renewed before expiry). */
  accessToken(): Promise<string> {
    return this.tokens.accessToken();
  }

  /** The URL to send a dealer admin to, to start the authorization-code flow with PKCE (S256). */
  authorizeUrl(params: {
    redirectUri: string;
    codeChallenge: string;
    state: string;
    scope?: string;
  }): string {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: this.options.credentials.clientId,
      redirect_uri: params.redirectUri,
      code_challenge: params.codeChallenge,
      code_challenge_method: 'S256',
      state: params.state,
      ...(params.scope === undefined ? {} : { scope: params.scope }),
    });
    return `${this.options.baseUrl.replace(/\/$/, '')}/oauth/authorize?${query}`;
  }

  /** Exchanges an authorization code (with its PKCE verifier) for a dealer admin's user token. */
  async exchangeCode(params: {
    code: string;
    redirectUri: string;
    codeVerifier: string;
  }): Promise<TokenResponse> {
    const form: TokenRequest = {
      grant_type: 'authorization_code',
      code: params.code,
      redirect_uri: params.redirectUri,
      code_verifier: params.codeVerifier,
    };
    const tokenUrl = `${this.options.baseUrl.replace(/\/$/, '')}/oauth/token`;
    return this.sendTokenRequest(await tokenCall(this.options.credentials, tokenUrl, this.now(), form));
  }

  // --- Dealers -----------------------------------------------------------------------------------

  /** Binds the signed-in admin's dealer to this platform partner; needs the admin's user token. */
  connectDealer(userAccessToken: string, body: DealerConnectRequest) {
    return this.unwrap(
      this.api.PUT('/partner/v1/dealers/connect', {
        body,
        headers: { Authorization: `Bearer ${userAccessToken}` },
      }),
    );
  }

  /** Removes this platform partner's binding to the dealer. */
  disconnectDealer(dealerId: number) {
    return this.unwrap(
      this.api.PUT('/partner/v1/dealers/{dealerId}/disconnect', { params: { path: { dealerId } } }),
    );
  }

  getDealer(dealerId: number) {
    return this.unwrap(this.api.GET('/partner/v1/dealers/{dealerId}', { params: { path: { dealerId } } }));
  }

  updateDealer(dealerId: number, body: DealerUpdate) {
    return this.unwrap(
      this.api.PATCH('/partner/v1/dealers/{dealerId}', { params: { path: { dealerId } }, body }),
    );
  }

  // --- Sites -------------------------------------------------------------------------------------

  listSites(dealerId: number, query: Query<'listSites'> = {}) {
    return this.page(
      this.api.GET('/partner/v1/dealers/{dealerId}/sites', { params: { path: { dealerId }, query } }),
    );
  }

  getSite(dealerId: number, siteId: number) {
    return this.unwrap(
      this.api.GET('/partner/v1/dealers/{dealerId}/sites/{siteId}', {
        params: { path: { dealerId, siteId } },
      }),
    );
  }

  createSite(dealerId: number, body: SiteCreate) {
    return this.unwrap(
      this.api.POST('/partner/v1/dealers/{dealerId}/sites', { params: { path: { dealerId } }, body }),
    );
  }

  updateSite(dealerId: number, siteId: number, body: SiteUpdate) {
    return this.unwrap(
      this.api.PATCH('/partner/v1/dealers/{dealerId}/sites/{siteId}', {
        params: { path: { dealerId, siteId } },
        body,
      }),
    );
  }

  deleteSite(dealerId: number, siteId: number) {
    return this.unwrap(
      this.api.DELETE('/partner/v1/dealers/{dealerId}/sites/{siteId}', {
        params: { path: { dealerId, siteId } },
      }),
    );
  }

  // --- Devices -----------------------------------------------------------------------------------

  listDevices(dealerId: number, siteId: number, query: Query<'listDevices'> = {}) {
    return this.page(
      this.api.GET('/partner/v1/dealers/{dealerId}/sites/{siteId}/devices', {
        params: { path: { dealerId, siteId }, query },
      }),
    );
  }

  /** Creates devices in bulk; the answer is 201 even when items failed (check `failure_count`). */
  createDevices(dealerId: number, siteId: number, body: DeviceCreate[]) {
    return this.unwrap(
      this.api.POST('/partner/v1/dealers/{dealerId}/sites/{siteId}/devices', {
        params: { path: { dealerId, siteId } },
        body,
      }),
    );
  }

  updateDevice(dealerId: number, siteId: number, deviceId: number, body: DeviceUpdate) {
    return this.unwrap(
      this.api.PATCH('/partner/v1/dealers/{dealerId}/sites/{siteId}/devices/{deviceId}', {
        params: { path: { dealerId, siteId, deviceId } },
        body,
      }),
    );
  }

  deleteDevice(dealerId: number, siteId: number, deviceId: number) {
    return this.unwrap(
      this.api.DELETE('/partner/v1/dealers/{dealerId}/sites/{siteId}/devices/{deviceId}', {
        params: { path: { dealerId, siteId, deviceId } },
      }),
    );
  }

  // --- Contacts ----------------------------------------------------------------------------------

  listContacts(dealerId: number, siteId: number, query: Query<'listContacts'> = {}) {
    return this.page(
      this.api.GET('/partner/v1/dealers/{dealerId}/sites/{siteId}/contacts', {
        params: { path: { dealerId, siteId }, query },
      }),
    );
  }

  createContact(dealerId: number, siteId: number, body: ContactCreate) {
    return this.unwrap(
      this.api.POST('/partner/v1/dealers/{dealerId}/sites/{siteId}/contacts', {
        params: { path: { dealerId, siteId } },
        body,
      }),
    );
  }

  updateContact(dealerId: number, siteId: number, contactId: number, body: ContactUpdate) {
    return this.unwrap(
      this.api.PATCH('/partner/v1/dealers/{dealerId}/sites/{siteId}/contacts/{contactId}', {
        params: { path: { dealerId, siteId, contactId } },
        body,
      }),
    );
  }

  deleteContact(dealerId: number, siteId: number, contactId: number) {
    return this.unwrap(
      this.api.DELETE('/partner/v1/dealers/{dealerId}/sites/{siteId}/contacts/{contactId}', {
        params: { path: { dealerId, siteId, contactId } },
      }),
    );
  }

  // --- Monitoring stations -----------------------------------------------------------------------

  listMonitoringStations(dealerId: number, query: Query<'listMonitoringStations'> = {}) {
    return this.page(
      this.api.GET('/partner/v1/dealers/{dealerId}/monitoring-stations', {
        params: { path: { dealerId }, query },
      }),
    );
  }

  createMonitoringStation(dealerId: number, body: MonitoringStationCreate) {
    return this.unwrap(
      this.api.POST('/partner/v1/dealers/{dealerId}/monitoring-stations', {
        params: { path: { dealerId } },
        body,
      }),
    );
  }

  deleteMonitoringStation(dealerId: number, monitoringStationId: number) {
    return this.unwrap(
      this.api.DELETE('/partner/v1/dealers/{dealerId}/monitoring-stations/{monitoringStationId}', {
        params: { path: { dealerId, monitoringStationId } },
      }),
    );
  }

  // --- Arming settings ---------------------------------------------------------------------------

  getArmingSettings(dealerId: number, siteId: number) {
    return this.unwrap(
      this.api.GET('/partner/v1/dealers/{dealerId}/sites/{siteId}/arming-settings', {
        params: { path: { dealerId, siteId } },
      }),
    );
  }

  updateArmingSettings(dealerId: number, siteId: number, body: ArmingSettingsUpdate) {
    return this.unwrap(
      this.api.PATCH('/partner/v1/dealers/{dealerId}/sites/{siteId}/arming-settings', {
        params: { path: { dealerId, siteId } },
        body,
      }),
    );
  }

  // --- Events ------------------------------------------------------------------------------------

  createEvent(body: EventCreate) {
    return this.unwrap(this.api.POST('/partner/v1/events', { body }));
  }

  /** PUTs media bytes to an upload URL from `createEvent` (the URL is the credential: no token). */
  async uploadMedia(uploadUrl: string, bytes: Uint8Array<ArrayBuffer>, contentType: string): Promise<void> {
    const response = await (this.options.fetch ?? fetch)(
      new Request(uploadUrl, { method: 'PUT', body: bytes, headers: { 'Content-Type': contentType } }),
    );
    if (!response.ok) {
      const text = await response.text();
      throw toPartnerApiError(response, text ? JSON.parse(text) : undefined, null);
    }
  }

  // --- Webhooks ----------------------------------------------------------------------------------

  listWebhooks() {
    return this.unwrap(this.api.GET('/partner/v1/webhooks'));
  }

  createWebhook(body: WebhookCreate) {
    return this.unwrap(this.api.POST('/partner/v1/webhooks', { body }));
  }

  deleteWebhook(webhookId: string) {
    return this.unwrap(
      this.api.DELETE('/partner/v1/webhooks/{webhookId}', { params: { path: { webhookId } } }),
    );
  }
}
