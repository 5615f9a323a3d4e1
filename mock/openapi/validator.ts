import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { deref, type HeaderObject, type OpenApiDocument, type ParameterObject } from './document.ts';
import type { Operation, OperationIndex } from './operations.ts';

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module namespace.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

const DOCUMENT_ID = 'openapi.json';

/** One way a request or response departs from the spec. */
export interface Violation {
  /** Where: `body.name`, `query.limit`, `header.x-partner-trace-id`, `path.dealerId`. */
  field: string;
  message: string;
}

/** The request parts that are validated, as parsed by the HTTP layer. */
export interface RequestParts {
  pathParams: Record<string, string>;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  contentType: string | null;
  body: unknown;
  hasBody: boolean;
}

/** The request parts after validation, with parameters coerced to their schema types. */
export interface ValidatedRequest {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  body: unknown;
}

interface CompiledOperation {
  parameters: Record<'path' | 'query' | 'header', { validate: ValidateFunction; names: ParameterObject[] }>;
  bodies: Map<string, ValidateFunction>;
  bodyRequired: boolean;
  responses: Map<
    string,
    {
      body: Map<string, ValidateFunction>;
      /** For responses marked `x-partial-with-fields`: the same schema with `required` lifted from the items. */
      partialBody: Map<string, ValidateFunction> | null;
      requiredHeaders: string[];
    }
  >;
}

/**
 * Request and response validators for every operation, compiled once from the spec at start-up,
 * so that a spec the mock cannot honour fails at boot rather than on the first request.
 */
export class SpecValidator {
  private readonly compiled = new Map<string, CompiledOperation>();
  private readonly document: OpenApiDocument;
  /** The Ajv instance holding the document, for validating values against named schemas. */
  private readonly schemas: Ajv2020;
  private readonly params: Ajv2020;
  private readonly pending: Operation[];

  /**
   * Registers the document; each operation's validators are compiled on its first request, and the
   * rest in the background by {@link compileRemaining}, so start-up stays fast while a spec the mock
   * cannot honour still fails within moments of boot.
   */
  constructor(document: OpenApiDocument, index: OperationIndex) {
    this.document = document;
    this.schemas = newAjv(false);
    this.params = newAjv(true);
    // Not meta-validated here (slow on a whole document): each schema is checked when it compiles.
    this.schemas.addSchema({ ...document, $id: DOCUMENT_ID }, undefined, undefined, false);
    this.params.addSchema({ ...document, $id: DOCUMENT_ID }, undefined, undefined, false);
    this.pending = [...index.operations];
  }

  /** Compiles every operation not compiled yet, yielding to the event loop between operations. */
  async compileRemaining(): Promise<void> {
    for (const operation of this.pending.splice(0)) {
      this.compiledFor(operation);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Compiles every operation now (for tests and tools that want all errors up front). */
  compileAll(): void {
    for (const operation of this.pending.splice(0)) this.compiledFor(operation);
  }

  private compiledFor(operation: Operation): CompiledOperation {
    let compiled = this.compiled.get(operation.operationId);
    if (!compiled) {
      compiled = this.compile(operation, this.schemas, this.params);
      this.compiled.set(operation.operationId, compiled);
    }
    return compiled;
  }

  /** Validates a request; returns the coerced parts, or the violations found. */
  validateRequest(operation: Operation, parts: RequestParts): ValidatedRequest | { violations: Violation[] } {
    const compiled = this.compiledFor(operation);
    const violations: Violation[] = [];
    const path = checkParameters(compiled.parameters.path, 'path', { ...parts.pathParams }, violations);
    const query = checkParameters(
      compiled.parameters.query,
      'query',
      splitDelimitedArrays(compiled.parameters.query.names, { ...parts.query }),
      violations,
    );
    const headers = checkParameters(
      compiled.parameters.header,
      'header',
      lowerCaseHeaders(parts.headers),
      violations,
    );
    let body: unknown;
    if (compiled.bodies.size === 0) {
      body = undefined;
    } else if (!parts.hasBody) {
      if (compiled.bodyRequired) violations.push({ field: 'body', message: 'A request body is required.' });
    } else {
      const mediaType = (parts.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      const validate = compiled.bodies.get(mediaType);
      if (!validate) {
        const accepted = [...compiled.bodies.keys()].join(', ');
        violations.push({ field: 'body', message: `Content-Type must be one of: ${accepted}.` });
      } else if (!validate(parts.body)) {
        violations.push(...toViolations('body', validate.errors ?? []));
      }
      body = parts.body;
    }
    return violations.length > 0 ? { violations } : { path, query, headers, body };
  }

  /** Checks a response against what the operation declares for its status; [] when it conforms. */
  validateResponse(
    operation: Operation,
    status: number,
    contentType: string | null,
    body: unknown,
    headers: Record<string, unknown>,
  ): Violation[] {
    const compiled = this.compiledFor(operation);
    const declared =
      compiled.responses.get(String(status)) ?? compiled.responses.get(`${String(status)[0]}XX`);
    if (!declared) {
      return [{ field: 'status', message: `Status ${status} is not declared for ${operation.operationId}.` }];
    }
    const violations: Violation[] = [];
    for (const name of declared.requiredHeaders) {
      if (headers[name] === undefined)
        violations.push({ field: `header.${name}`, message: 'required header missing' });
    }
    if (declared.body.size === 0) {
      if (body !== undefined)
        violations.push({ field: 'body', message: 'No body is declared for this status.' });
      return violations;
    }
    const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const validate = declared.body.get(mediaType);
    if (!validate) {
      violations.push({
        field: 'content-type',
        message: `Content type ${mediaType || '(none)'} is not declared.`,
      });
    } else if (!validate(body) && !declared.partialBody?.get(mediaType)?.(body)) {
      // A list answered with `fields` carries partial items (the spec marks such responses
      // `x-partial-with-fields`): they pass when they fit the item schema without its `required`,
      // so field types and closed objects are still checked. Violations name the full schema.
      violations.push(...toViolations('body', validate.errors ?? []));
    }
    return violations;
  }

  /** Checks a value against `components.schemas.<name>`; [] when it conforms. Fields are named from `location`. */
  validateSchema(name: string, value: unknown, location = 'body'): Violation[] {
    const validate = this.schemas.getSchema(`${DOCUMENT_ID}#/components/schemas/${name}`);
    if (!validate) throw new Error(`No schema ${name} in the spec`);
    return validate(value) ? [] : toViolations(location, validate.errors ?? []);
  }

  private compile(operation: Operation, bodies: Ajv2020, params: Ajv2020): CompiledOperation {
    const schemaRef = (schema: unknown): unknown => rebase(schema);
    const parameterGroup = (location: 'path' | 'query' | 'header') => {
      const names = operation.parameters.filter((p) => p.in === location);
      const schema = {
        type: 'object',
        properties: Object.fromEntries(
          names.map((p) => [
            location === 'header' ? p.name.toLowerCase() : p.name,
            schemaRef(p.schema ?? {}),
          ]),
        ),
        required: names
          .filter((p) => p.required)
          .map((p) => (location === 'header' ? p.name.toLowerCase() : p.name)),
      };
      return { validate: compileOnce(params, schema), names };
    };
    const contentValidators = (
      content: Record<string, { schema?: unknown }> | undefined,
      adapt: (schema: unknown) => unknown = (schema) => schema,
    ) =>
      new Map(
        Object.entries(content ?? {}).map(([mediaType, media]) => [
          mediaType.toLowerCase(),
          (mediaType.includes('json') || mediaType.includes('form')
            ? compileOnce(bodies, schemaRef(adapt(media.schema ?? {})) as object)
            : alwaysValid) as ValidateFunction,
        ]),
      );
    const responses = new Map(
      Object.entries(operation.responses).map(([status, response]) => [
        status.toUpperCase(),
        {
          body: contentValidators(response.content),
          partialBody:
            (response as Record<string, unknown>)['x-partial-with-fields'] === true
              ? contentValidators(response.content, (schema) => withoutRequired(this.document, schema))
              : null,
          requiredHeaders: Object.entries(response.headers ?? {})
            .filter(([, header]) => deref<HeaderObject>(this.document, header).required === true)
            .map(([name]) => name.toLowerCase()),
        },
      ]),
    );
    return {
      parameters: {
        path: parameterGroup('path'),
        query: parameterGroup('query'),
        header: parameterGroup('header'),
      },
      bodies: contentValidators(operation.requestBody?.content, itemsAsObjects),
      bodyRequired: operation.requestBody?.required === true,
      responses,
    };
  }
}

const alwaysValid = Object.assign(() => true, { errors: null });

/** Marks an array request body whose items the handler validates one by one (the handler checks each item, see `MockContext.checkSchema`). */
const ITEMS_SEPARATELY = 'x-items-validated-separately';

/**
 * The request validator of an array body marked {@link ITEMS_SEPARATELY} checks only the envelope
 * (an array of objects, its length): an invalid item must fail alone, reported by the handler in its
 * per-item results, rather than reject the whole request.
 */
function itemsAsObjects(schema: unknown): unknown {
  if (schema === null || typeof schema !== 'object') return schema;
  const record = schema as Record<string, unknown>;
  return record[ITEMS_SEPARATELY] === true ? { ...record, items: { type: 'object' } } : schema;
}

/** The schema (following `$ref`s) with `required` removed from it, or from its items if it is an array. */
function withoutRequired(document: OpenApiDocument, schema: unknown): unknown {
  const resolved = deref<Record<string, unknown>>(document, schema as Record<string, unknown>);
  if (resolved.type === 'array' && resolved.items !== undefined) {
    return { ...resolved, items: withoutRequired(document, resolved.items) };
  }
  const { required: _required, ...rest } = resolved;
  return rest;
}

/**
 * Compiles one component schema (e.g. `DeviceCreate`) into a check that returns its violations,
 * named below `location` (e.g. `[2]` gives `[2].device_type`). For handlers that validate the items
 * of a body marked `x-items-validated-separately` themselves.
 */

const compiledSchemas = new WeakMap<Ajv2020, Map<string, ValidateFunction>>();

/** Compiles a schema once per Ajv instance: most responses share a handful of error schemas. */
function compileOnce(ajv: Ajv2020, schema: object): ValidateFunction {
  let cache = compiledSchemas.get(ajv);
  if (!cache) {
    cache = new Map();
    compiledSchemas.set(ajv, cache);
  }
  const key = JSON.stringify(schema);
  let validate = cache.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    cache.set(key, validate);
  }
  return validate;
}

function newAjv(coerceTypes: boolean): Ajv2020 {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: false,
    coerceTypes,
    useDefaults: coerceTypes,
    validateFormats: true,
    // The spec is checked by Redocly and the spec tests; meta-validating each schema at run time
    // would compile JSON Schema's own meta-schema into every instance, a large share of start-up.
    validateSchema: false,
  });
  addFormats(ajv);
  return ajv;
}

/** Points the `#/components/...` refs of a schema fragment at the registered document. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' && value.startsWith('#')
        ? `${DOCUMENT_ID}${value}`
        : rebase(value),
    ]),
  );
}

function checkParameters(
  group: { validate: ValidateFunction; names: ParameterObject[] },
  location: 'path' | 'query' | 'header',
  values: Record<string, unknown>,
  violations: Violation[],
): Record<string, unknown> {
  if (!group.validate(values)) violations.push(...toViolations(location, group.validate.errors ?? []));
  return values;
}

/**
 * A query parameter with an array schema and `explode: false` (OpenAPI `form` style) arrives as one
 * comma-separated string, e.g. `device_ids=1,2`: split it so the array schema can check the items.
 */
function splitDelimitedArrays(
  names: ParameterObject[],
  values: Record<string, unknown>,
): Record<string, unknown> {
  for (const parameter of names) {
    const value = values[parameter.name];
    const schema = parameter.schema as { type?: unknown } | undefined;
    if (parameter.explode === false && schema?.type === 'array' && typeof value === 'string') {
      values[parameter.name] = value.split(',');
    }
  }
  return values;
}

function lowerCaseHeaders(headers: Record<string, string | string[] | undefined>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) result[name.toLowerCase()] = value;
  return result;
}

/** Turns Ajv errors into violations that name the field a partner sent. */
function toViolations(location: string, errors: ErrorObject[]): Violation[] {
  return errors.slice(0, 5).map((error) => {
    const segments = error.instancePath.split('/').slice(1).map(decodePointer);
    if (error.keyword === 'required') segments.push(String(error.params.missingProperty));
    if (error.keyword === 'additionalProperties') segments.push(String(error.params.additionalProperty));
    const field = [location, ...segments].reduce((path, segment) =>
      /^\d+$/.test(segment) ? `${path}[${segment}]` : `${path}.${segment}`,
    );
    return { field, message: describe(error) };
  });
}

function decodePointer(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field';
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(error.params.allowedValue)}`;
    default:
      return error.message ?? 'is invalid';
  }
}
