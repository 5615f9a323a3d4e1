import type { VerificationWorld } from './world.ts';

/** Values a state hands back to the pact's `fromProviderState` expressions, e.g. `{ siteId: 3 }`. */
export type InjectedValues = Record<string, string | number>;

/** One provider state of the registry that partners' pacts must use. */
export interface ProviderStateDefinition {
  /** The name, with `{param}` placeholders; a pact may fill them in the name or pass them as params. */
  name: string;
  /** What the state sets up, for the published registry. */
  description: string;
  /** The keys this state provides to `fromProviderState` expressions. */
  provides: string[];
  /** An example name as a pact would write it. */
  example: string;
  setup(world: VerificationWorld, params: Record<string, string>): Promise<InjectedValues | undefined>;
}

const int = (value: string | undefined, name: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`parameter ${name} must be a positive integer, got "${value}"`);
  return n;
};

async function createOk<T>(world: VerificationWorld, path: string, token: string, body: unknown): Promise<T> {
  const result = await world.api<T>('POST', path, token, body);
  if (result.status !== 201)
    throw new Error(`POST ${path} answered ${result.status}: ${JSON.stringify(result.body)}`);
  return result.body;
}

/** The id of the dealer's site with this external id, created when missing. */
async function siteOf(world: VerificationWorld, dealerId: number, externalSiteId: string, token: string) {
  const filter = encodeURIComponent(`external_site_id:eq:${externalSiteId}`);
  const existing = await world.api<{ site_id: number }[]>(
    'GET',
    `/partner/v1/dealers/${dealerId}/sites?filter=${filter}`,
    token,
  );
  if (existing.status === 200 && existing.body[0]) return existing.body[0].site_id;
  const site = await createOk<{ site_id: number }>(world, `/partner/v1/dealers/${dealerId}/sites`, token, {
    external_site_id: externalSiteId,
    name: `Site ${externalSiteId}`,
    timezone: 'America/New_York',
  });
  return site.site_id;
}

/**
 * The registry of provider states. Every interaction starts from the demo world (three dealers, the
 * Dealer app `dealer-app-demo` on dealer 1001, the Platform partner `platform-demo`), reset through the
 * mock's own admin API, at 2026-01-15T10:00:00.000Z on a frozen clock; its states then add to it
 * in order, through the mock's own Partner API.
 */
export const PROVIDER_STATES: readonly ProviderStateDefinition[] = [
  {
    name: 'the sandbox holds the demo world',
    description:
      'Nothing beyond the demo world: dealers 1001-1003, dealer-app-demo on 1001, platform-demo unbound.',
    provides: [],
    example: 'the sandbox holds the demo world',
    setup: async () => undefined,
  },
  {
    name: 'dealer {dealerId} is connected to {clientId} as {externalDealerId}',
    description:
      "The dealer's admin connected it to the platform client under the external id (real connect call).",
    provides: [],
    example: 'dealer 1001 is connected to platform-demo as ext-1001',
    setup: async (world, p) => {
      const dealerId = int(p.dealerId, 'dealerId');
      const admin = world.mock.context.store
        .listUsers()
        .find((u) => u.dealer_id === dealerId && u.is_dealer_admin);
      if (!admin) throw new Error(`dealer ${dealerId} has no admin in the sandbox`);
      const token = await world.userToken(p.clientId as string, admin.email);
      const result = await world.api('PUT', '/partner/v1/dealers/connect', token, {
        external_dealer_id: p.externalDealerId,
        company_name: 'set by the contract state',
      });
      if (result.status !== 200)
        throw new Error(`connect answered ${result.status}: ${JSON.stringify(result.body)}`);
      return undefined;
    },
  },
  {
    name: 'dealer {dealerId} is not connected to {clientId}',
    description: 'No binding between the dealer and the platform client (as in the demo world).',
    provides: [],
    example: 'dealer 1002 is not connected to platform-demo',
    setup: async (world, p) => {
      const dealerId = int(p.dealerId, 'dealerId');
      if (world.mock.context.store.getBinding(p.clientId as string, dealerId)) {
        throw new Error(`dealer ${dealerId} is bound to ${p.clientId} in the demo world`);
      }
      return undefined;
    },
  },
  {
    name: 'dealer admin {email} has approved {clientId}',
    description:
      "The admin signed in and approved the platform client: the interaction is sent with that user's token, and a code-exchange interaction gets a fresh code, PKCE verifier and redirect URI.",
    provides: ['code'],
    example: 'dealer admin admin@acme.test has approved platform-demo',
    setup: async (world, p) => {
      const prepared = await world.approve(p.clientId as string, p.email as string);
      world.bearer = { kind: 'user', token: await world.userToken(p.clientId as string, p.email as string) };
      return { code: prepared.code };
    },
  },
  {
    name: 'dealer {dealerId} has a site {externalSiteId}',
    description: 'A site with this external id, named "Site <externalSiteId>", time zone America/New_York.',
    provides: ['siteId'],
    example: 'dealer 1001 has a site site-1',
    setup: async (world, p) => {
      const dealerId = int(p.dealerId, 'dealerId');
      return {
        siteId: await siteOf(
          world,
          dealerId,
          p.externalSiteId as string,
          await world.tokenReaching(dealerId),
        ),
      };
    },
  },
  {
    name: 'site {externalSiteId} of dealer {dealerId} has a camera {externalDeviceId}',
    description: 'The site (created when missing) has a camera in zone 001 named "Front Door".',
    provides: ['siteId', 'deviceId'],
    example: 'site site-1 of dealer 1001 has a camera cam-1',
    setup: async (world, p) => {
      const dealerId = int(p.dealerId, 'dealerId');
      const token = await world.tokenReaching(dealerId);
      const siteId = await siteOf(world, dealerId, p.externalSiteId as string, token);
      const result = await createOk<{ results: { device_id: number }[] }>(
        world,
        `/partner/v1/dealers/${dealerId}/sites/${siteId}/devices`,
        token,
        [
          {
            external_device_id: p.externalDeviceId,
            device_type: 'camera',
            zone_number: '001',
            name: 'Front Door',
          },
        ],
      );
      return { siteId, deviceId: result.results[0]?.device_id as number };
    },
  },
  {
    name: 'site {externalSiteId} of dealer {dealerId} has a contact {externalContactId}',
    description: 'The site (created when missing) has a contact Jane Doe.',
    provides: ['siteId', 'contactId'],
    example: 'site site-1 of dealer 1001 has a contact contact-1',
    setup: async (world, p) => {
      const dealerId = int(p.dealerId, 'dealerId');
      const token = await world.tokenReaching(dealerId);
      const siteId = await siteOf(world, dealerId, p.externalSiteId as string, token);
      const contact = await createOk<{ contact_id: number }>(
        world,
        `/partner/v1/dealers/${dealerId}/sites/${siteId}/contacts`,
        token,
        { external_contact_id: p.externalContactId, first_name: 'Jane', last_name: 'Doe' },
      );
      return { siteId, contactId: contact.contact_id };
    },
  },
  {
    name: 'dealer {dealerId} has a monitoring station {externalMonitoringStationId}',
    description: 'A monitoring station with this external id, named "Central Station".',
    provides: ['monitoringStationId'],
    example: 'dealer 1001 has a monitoring station cms-1',
    setup: async (world, p) => {
      const dealerId = int(p.dealerId, 'dealerId');
      const station = await createOk<{ monitoring_station_id: number }>(
        world,
        `/partner/v1/dealers/${dealerId}/monitoring-stations`,
        await world.tokenReaching(dealerId),
        { external_monitoring_station_id: p.externalMonitoringStationId, name: 'Central Station' },
      );
      return { monitoringStationId: station.monitoring_station_id };
    },
  },
  {
    name: '{clientId} has a webhook for {url}',
    description:
      'The client registered a webhook for the URL, subscribed to site.created and device.created.',
    provides: ['webhookId'],
    example: 'dealer-app-demo has a webhook for https://partner.example.com/chekt/hooks',
    setup: async (world, p) => {
      const webhook = await createOk<{ webhook_id: string }>(
        world,
        '/partner/v1/webhooks',
        await world.clientToken(p.clientId as string),
        {
          url: p.url,
          events: ['site.created', 'device.created'],
          secret: 'a-webhook-secret-of-32-characters',
        },
      );
      return { webhookId: webhook.webhook_id };
    },
  },
  {
    name: "the caller's access token has expired",
    description: 'The interaction is sent with a token of the caller that expired one second ago.',
    provides: [],
    example: "the caller's access token has expired",
    setup: async (world) => {
      world.bearer = { kind: 'fixed', token: await world.expiredClientToken(world.caller.clientId) };
      return undefined;
    },
  },
  {
    name: "the caller's access token lacks the scope {scope}",
    description:
      'The interaction is sent with a token of the caller holding every registered scope but this one.',
    provides: [],
    example: "the caller's access token lacks the scope create:sites",
    setup: async (world, p) => {
      const client = world.mock.context.store.getClient(world.caller.clientId);
      const scopes = (client?.scopes ?? []).filter((s) => s !== p.scope);
      world.bearer = { kind: 'fixed', token: await world.clientToken(world.caller.clientId, scopes) };
      return undefined;
    },
  },
  {
    name: '{clientId} has used up its rate limit',
    description: 'The client sent requests until the mock answered 429 rate_limited (burst allowance spent).',
    provides: [],
    example: 'dealer-app-demo has used up its rate limit',
    setup: async (world, p) => {
      const token = await world.clientToken(p.clientId as string);
      for (let i = 0; i < 10_000; i++) {
        const { status } = await world.api('GET', '/partner/v1/webhooks', token);
        if (status === 429) return undefined;
      }
      throw new Error(`${p.clientId} never reached its rate limit`);
    },
  },
];

/** A state of a pact resolved against the registry. */
export interface ResolvedState {
  definition: ProviderStateDefinition;
  params: Record<string, string>;
}

const compiled = PROVIDER_STATES.map((definition) => {
  const names: string[] = [];
  const source = definition.name
    .split(/(\{[A-Za-z]+\})/)
    .map((part) => {
      const param = /^\{([A-Za-z]+)\}$/.exec(part);
      if (!param) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      names.push(param[1] as string);
      return '(\\S+)';
    })
    .join('');
  return { definition, names, pattern: new RegExp(`^${source}$`) };
});

/**
 * Finds the registry entry of a state name; values in the name fill its placeholders, and pact params
 * (`given(name, params)`) fill or override them. Null when no entry matches.
 */
export function resolveState(name: string, params: Record<string, unknown> = {}): ResolvedState | null {
  for (const { definition, names, pattern } of compiled) {
    const match = pattern.exec(name);
    if (!match) continue;
    const values: Record<string, string> = {};
    names.forEach((key, i) => {
      values[key] = match[i + 1] as string;
    });
    for (const [key, value] of Object.entries(params)) values[key] = String(value);
    return { definition, params: values };
  }
  return null;
}

/** The registry as text: each state's name, what it does and what it provides. */
export function describeStates(): string {
  return PROVIDER_STATES.map(
    (s) =>
      `  - "${s.name}"\n      ${s.description}${s.provides.length ? `\n      provides: ${s.provides.join(', ')}` : ''}`,
  ).join('\n');
}
