import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// Structural rules of spec/partner-api.yaml that a JSON Schema / OpenAPI linter cannot express.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
/** One operation of the spec with where it lives. */
type Operation = { method: string; path: string; section: 'paths' | 'webhooks'; node: JsonObject };

const SPEC_URL = new URL('../../spec/partner-api.yaml', import.meta.url);
const REGISTER_URL = new URL('../../spec/ASSUMPTIONS.md', import.meta.url);
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const PARTNER_PREFIX = '/partner/v1/';
const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);
/** The presigned media upload: the URL is the credential, a retried PUT of the same bytes is naturally idempotent. */
const IDEMPOTENCY_EXEMPT = new Set(['uploadEventMedia']);

/** The operation table of the design brief: `METHOD path` -> operationId. */
const EXPECTED_OPERATIONS: Record<string, string> = {
  'POST /oauth/token': 'requestToken',
  'GET /oauth/authorize': 'authorize',
  'POST /oauth/revoke': 'revokeToken',
  'GET /.well-known/jwks.json': 'getJwks',
  'GET /.well-known/oauth-authorization-server': 'getAuthorizationServerMetadata',
  'PUT /partner/v1/dealers/connect': 'connectDealer',
  'GET /partner/v1/dealers/{dealerId}': 'getDealer',
  'PATCH /partner/v1/dealers/{dealerId}': 'updateDealer',
  'PUT /partner/v1/dealers/{dealerId}/disconnect': 'disconnectDealer',
  'GET /partner/v1/dealers/{dealerId}/sites': 'listSites',
  'POST /partner/v1/dealers/{dealerId}/sites': 'createSite',
  'GET /partner/v1/dealers/{dealerId}/sites/{siteId}': 'getSite',
  'PATCH /partner/v1/dealers/{dealerId}/sites/{siteId}': 'updateSite',
  'DELETE /partner/v1/dealers/{dealerId}/sites/{siteId}': 'deleteSite',
  'GET /partner/v1/dealers/{dealerId}/sites/{siteId}/devices': 'listDevices',
  'POST /partner/v1/dealers/{dealerId}/sites/{siteId}/devices': 'createDevices',
  'PATCH /partner/v1/dealers/{dealerId}/sites/{siteId}/devices': 'updateDevices',
  'DELETE /partner/v1/dealers/{dealerId}/sites/{siteId}/devices': 'deleteDevices',
  'GET /partner/v1/dealers/{dealerId}/sites/{siteId}/devices/{deviceId}': 'getDevice',
  'PATCH /partner/v1/dealers/{dealerId}/sites/{siteId}/devices/{deviceId}': 'updateDevice',
  'DELETE /partner/v1/dealers/{dealerId}/sites/{siteId}/devices/{deviceId}': 'deleteDevice',
  'GET /partner/v1/dealers/{dealerId}/sites/{siteId}/contacts': 'listContacts',
  'POST /partner/v1/dealers/{dealerId}/sites/{siteId}/contacts': 'createContact',
  'GET /partner/v1/dealers/{dealerId}/sites/{siteId}/contacts/{contactId}': 'getContact',
  'PATCH /partner/v1/dealers/{dealerId}/sites/{siteId}/contacts/{contactId}': 'updateContact',
  'DELETE /partner/v1/dealers/{dealerId}/sites/{siteId}/contacts/{contactId}': 'deleteContact',
  'GET /partner/v1/dealers/{dealerId}/monitoring-stations': 'listMonitoringStations',
  'POST /partner/v1/dealers/{dealerId}/monitoring-stations': 'createMonitoringStation',
  'GET /partner/v1/dealers/{dealerId}/monitoring-stations/{monitoringStationId}': 'getMonitoringStation',
  'PATCH /partner/v1/dealers/{dealerId}/monitoring-stations/{monitoringStationId}': 'updateMonitoringStation',
  'DELETE /partner/v1/dealers/{dealerId}/monitoring-stations/{monitoringStationId}':
    'deleteMonitoringStation',
  'GET /partner/v1/dealers/{dealerId}/sites/{siteId}/arming-settings': 'getArmingSettings',
  'PATCH /partner/v1/dealers/{dealerId}/sites/{siteId}/arming-settings': 'updateArmingSettings',
  'POST /partner/v1/events': 'createEvent',
  'PUT /partner/v1/media-uploads/{uploadId}': 'uploadEventMedia',
  'POST /partner/v1/webhooks': 'createWebhook',
  'GET /partner/v1/webhooks': 'listWebhooks',
  'DELETE /partner/v1/webhooks/{webhookId}': 'deleteWebhook',
};

const spec = parse(readFileSync(SPEC_URL, 'utf8')) as JsonObject;
const register = readFileSync(REGISTER_URL, 'utf8');
const operations = listOperations(spec);
const partnerOperations = operations.filter(
  (op) => op.section === 'paths' && op.path.startsWith(PARTNER_PREFIX),
);
const label = (op: Operation): string => `${op.method.toUpperCase()} ${op.path}`;
const named = (list: Operation[]) =>
  list.map((op) => [String(op.node.operationId ?? label(op)), op] as const);

describe('operations', () => {
  it('match the operation table of the design brief exactly', () => {
    const actual = Object.fromEntries(
      operations.filter((op) => op.section === 'paths').map((op) => [label(op), op.node.operationId]),
    );
    expect(actual).toEqual(EXPECTED_OPERATIONS);
  });

  it('have unique operationIds', () => {
    const ids = operations.map((op) => op.node.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it.each(operations.map((op) => [label(op), op] as const))(
    '%s has an operationId, one tag and a summary',
    (_, op) => {
      expect(op.node.operationId, 'operationId').toEqual(expect.any(String));
      expect(op.node.tags, 'tags').toEqual([expect.any(String)]);
      expect(op.node.summary, 'summary').toEqual(expect.stringMatching(/\S/));
    },
  );
});

describe('Partner API operations', () => {
  it(`exist (at least 30 under ${PARTNER_PREFIX})`, () => {
    expect(partnerOperations.length).toBeGreaterThanOrEqual(30);
  });

  it.each(named(partnerOperations))('%s declares 400, 401, 403 and 429 responses', (_, op) => {
    const statuses = Object.keys(asObject(op.node.responses));
    expect(['400', '401', '403', '429'].filter((status) => !statuses.includes(status))).toEqual([]);
  });

  it.each(named(partnerOperations))('%s declares the x-partner-trace-id header parameter', (_, op) => {
    expect(headerParameterNames(op)).toContain('x-partner-trace-id');
  });

  const writes = partnerOperations.filter(
    (op) => WRITE_METHODS.has(op.method) && !IDEMPOTENCY_EXEMPT.has(String(op.node.operationId)),
  );
  it.each(named(writes))('%s declares the Idempotency-Key header parameter', (_, op) => {
    expect(headerParameterNames(op)).toContain('idempotency-key');
  });

  it.each(named(partnerOperations))(
    '%s returns closed 2xx JSON objects with every property required',
    (_, op) => {
      const problems: string[] = [];
      for (const [status, response] of Object.entries(asObject(op.node.responses))) {
        if (!/^2/.test(status)) continue;
        for (const [mediaType, media] of Object.entries(asObject(deref(response).content))) {
          if (!isJson(mediaType)) continue;
          const pointer = `responses/${status}/${mediaType}`;
          checkClosed(asObject(media).schema, pointer, problems, new Set());
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it.each(named(partnerOperations.filter((op) => op.node.requestBody !== undefined)))(
    '%s accepts only closed JSON request objects',
    (_, op) => {
      const problems: string[] = [];
      for (const [mediaType, media] of Object.entries(asObject(deref(op.node.requestBody).content))) {
        if (!isJson(mediaType)) continue;
        checkClosed(asObject(media).schema, `requestBody/${mediaType}`, problems, new Set(), false);
      }
      expect(problems).toEqual([]);
    },
  );
});

describe('assumptions register', () => {
  const headings = [...register.matchAll(/^## (A\d+)\. /gm)].map((m) => m[1]!);
  const referenced = collectAssumptionIds(spec);

  it('has entries, each with a unique id', () => {
    expect(headings.length).toBeGreaterThan(0);
    expect(headings.filter((id, i) => headings.indexOf(id) !== i)).toEqual([]);
  });

  it('has an entry for every x-assumption id used in the spec', () => {
    expect(referenced.malformed).toEqual([]);
    expect([...referenced.ids].filter((id) => !headings.includes(id))).toEqual([]);
  });

  it('has every entry referenced by at least one x-assumption in the spec', () => {
    expect(headings.filter((id) => !referenced.ids.has(id))).toEqual([]);
  });
});

function listOperations(doc: JsonObject): Operation[] {
  const result: Operation[] = [];
  for (const section of ['paths', 'webhooks'] as const) {
    for (const [path, item] of Object.entries(asObject(doc[section]))) {
      const pathItem = deref(item);
      for (const method of HTTP_METHODS) {
        const node = pathItem[method];
        if (node !== undefined) result.push({ method, path, section, node: asObject(node) });
      }
    }
  }
  return result;
}

/** Lower-cased names of the header parameters of an operation, path-level ones included. */
function headerParameterNames(op: Operation): string[] {
  const pathItem = deref(asObject(spec[op.section])[op.path]);
  const params = [...asArray(pathItem.parameters), ...asArray(op.node.parameters)].map(deref);
  return params.filter((p) => p.in === 'header').map((p) => String(p.name).toLowerCase());
}

/**
 * Collects where an object schema is not closed (`additionalProperties: false`) or, for responses, does not
 * list every property in `required`; follows `$ref`, composition, array items and nested properties.
 */
function checkClosed(
  schema: Json | undefined,
  pointer: string,
  problems: string[],
  seen: Set<string>,
  allRequired = true,
): void {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return;
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    if (seen.has(ref)) return;
    checkClosed(resolveRef(ref), ref, problems, new Set([...seen, ref]), allRequired);
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('object') || schema.properties !== undefined) {
    if (schema.additionalProperties !== false) problems.push(`${pointer}: additionalProperties is not false`);
    const required = asArray(schema.required);
    const missing = Object.keys(asObject(schema.properties)).filter((name) => !required.includes(name));
    if (allRequired && missing.length > 0) problems.push(`${pointer}: not required: ${missing.join(', ')}`);
  }
  for (const [name, sub] of Object.entries(asObject(schema.properties))) {
    checkClosed(sub, `${pointer}/properties/${name}`, problems, seen, allRequired);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf', 'prefixItems']) {
    for (const [i, sub] of asArray(schema[key]).entries()) {
      checkClosed(sub, `${pointer}/${key}/${i}`, problems, seen, allRequired);
    }
  }
  checkClosed(schema.items, `${pointer}/items`, problems, seen, allRequired);
}

function collectAssumptionIds(doc: JsonObject): { ids: Set<string>; malformed: Json[] } {
  const ids = new Set<string>();
  const malformed: Json[] = [];
  const visit = (node: Json | undefined): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'x-assumption') {
        const list = Array.isArray(value) ? value : [value];
        for (const id of list) {
          if (typeof id === 'string' && /^A\d+$/.test(id)) ids.add(id);
          else malformed.push(id);
        }
      } else {
        visit(value);
      }
    }
  };
  visit(doc);
  return { ids, malformed };
}

function isJson(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

/** Follows a local `$ref` (repeatedly) to the object it names. */
function deref(node: Json | undefined): JsonObject {
  let current = asObject(node);
  for (let hops = 0; typeof current.$ref === 'string' && hops < 10; hops++)
    current = asObject(resolveRef(current.$ref));
  return current;
}

function resolveRef(ref: string): Json | undefined {
  if (!ref.startsWith('#/')) throw new Error(`only local refs are allowed, found ${ref}`);
  let node: Json | undefined = spec;
  for (const token of ref.slice(2).split('/')) {
    const key = decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~');
    node = asObject(node)[key];
  }
  return node;
}

function asObject(value: Json | undefined): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

function asArray(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}
