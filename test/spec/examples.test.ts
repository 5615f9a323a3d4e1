import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// Every example in spec/partner-api.yaml is checked against the schema it illustrates, so a partner who
// copies an example from the docs sends something the sandbox accepts.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** One example found in the spec: where it is, its value, and the pointer of the schema it must satisfy. */
type FoundExample = { pointer: string; value: Json; schemaPointer: string | undefined; problem?: string };

const SPEC_URL = new URL('../../spec/partner-api.yaml', import.meta.url);
const SPEC_ID = 'https://sandbox.chekt.local/partner-api.json';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** A parse bug that finds (almost) no examples must fail; the spec has far more than this. */
const MIN_EXAMPLES = 120;

// ajv-formats is CommonJS: under NodeNext its default import is `module.exports`, whose `.default` is the plugin.
const addFormats = addFormatsModule.default;

const spec = parse(readFileSync(SPEC_URL, 'utf8')) as JsonObject;
const examples = collectExamples(spec);
const ajv = createValidator(spec);

describe('spec examples', () => {
  it(`finds at least ${MIN_EXAMPLES} examples`, () => {
    expect(examples.length).toBeGreaterThanOrEqual(MIN_EXAMPLES);
  });

  it('references every entry of components.examples at least once (an unreferenced one is never checked)', () => {
    const defined = Object.keys(asObject(asObject(spec.components).examples));
    const used = new Set<string>();
    walkAll(spec, (node) => {
      const ref = node.$ref;
      if (typeof ref === 'string' && ref.startsWith('#/components/examples/')) {
        used.add(unescapeToken(ref.slice('#/components/examples/'.length)));
      }
    });
    expect(defined.filter((name) => !used.has(name))).toEqual([]);
  });

  it.each(examples.map((found) => [found.pointer, found] as const))('%s is valid', (_pointer, found) => {
    expect(found.problem).toBeUndefined();
    expect(validationErrors(found.schemaPointer!, found.value)).toEqual([]);
  });
});

describe('the example checker', () => {
  const dealerExample = firstResponseExample(spec, 'getDealer', '200');

  it('accepts the unmodified getDealer 200 example', () => {
    expect(validationErrors(dealerExample.schemaPointer!, dealerExample.value)).toEqual([]);
  });

  it('rejects the getDealer 200 example with dealer_id turned into a string', () => {
    const broken = { ...asObject(dealerExample.value), dealer_id: 'not-an-integer' };
    const errors = validationErrors(dealerExample.schemaPointer!, broken);
    expect(errors.some((error) => error.startsWith('/dealer_id '))).toBe(true);
  });

  it('finds examples of parameters, headers, media types, component refs and schemas', () => {
    const doc: JsonObject = {
      paths: {
        '/things/{id}': {
          parameters: [{ name: 'id', in: 'path', schema: { type: 'integer' }, example: 1 }],
          get: {
            responses: {
              '200': {
                headers: { 'X-Count': { schema: { type: 'integer' }, examples: { one: { value: 1 } } } },
                content: {
                  'application/json': {
                    schema: { type: 'object', properties: { n: { type: 'integer', examples: [3] } } },
                    examples: { shared: { $ref: '#/components/examples/Thing' } },
                  },
                },
              },
            },
          },
        },
      },
      components: { examples: { Thing: { value: { n: 2 } } } },
    };
    const base = '/paths/~1things~1{id}';
    const media = `${base}/get/responses/200/content/application~1json`;
    expect(collectExamples(doc)).toEqual([
      { pointer: `${base}/parameters/0/example`, value: 1, schemaPointer: `${base}/parameters/0/schema` },
      {
        pointer: `${base}/get/responses/200/headers/X-Count/examples/one`,
        value: 1,
        schemaPointer: `${base}/get/responses/200/headers/X-Count/schema`,
      },
      {
        pointer: `${media}/schema/properties/n/examples/0`,
        value: 3,
        schemaPointer: `${media}/schema/properties/n`,
      },
      { pointer: `${media}/examples/shared`, value: { n: 2 }, schemaPointer: `${media}/schema` },
    ]);
  });

  it('rejects the getDealer 200 example with an undocumented extra field', () => {
    const broken = { ...asObject(dealerExample.value), undocumented_field: 1 };
    expect(validationErrors(dealerExample.schemaPointer!, broken)).not.toEqual([]);
  });
});

/** Validates `value` against the schema at `schemaPointer` inside the spec; returns readable errors. */
function validationErrors(schemaPointer: string, value: Json): string[] {
  const validate = ajv.compile({ $ref: `${SPEC_ID}#${encodePointerForUri(schemaPointer)}` });
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  );
}

/** Ajv 2020 with formats, the whole spec registered (so `#/components/...` refs resolve), OpenAPI keywords known. */
function createValidator(doc: JsonObject): Ajv2020 {
  const validator = new Ajv2020({
    strict: true,
    allErrors: true,
    allowUnionTypes: true,
    validateSchema: false,
  });
  addFormats(validator);
  // Resolving `#/...` compiles the document root, so its OpenAPI fields must be known (annotation) keywords.
  const extensionKeywords = new Set<string>([
    ...[
      'openapi',
      'info',
      'jsonSchemaDialect',
      'servers',
      'paths',
      'webhooks',
      'components',
      'security',
      'tags',
    ],
    ...['example', 'discriminator', 'xml', 'externalDocs'],
  ]);
  walkAll(doc, (node) => {
    for (const key of Object.keys(node)) if (key.startsWith('x-')) extensionKeywords.add(key);
  });
  for (const keyword of extensionKeywords) validator.addKeyword(keyword);
  validator.addSchema(doc as object, SPEC_ID);
  return validator;
}

/** Walks the spec structurally and returns every example with the schema it belongs to. */
function collectExamples(doc: JsonObject): FoundExample[] {
  const found: FoundExample[] = [];
  const components = asObject(doc.components);

  const mediaTypeMap = (content: Json | undefined, pointer: string): void => {
    for (const [mediaType, media] of Object.entries(asObject(content))) {
      exampleHolder(media, `${pointer}/${escapeToken(mediaType)}`);
    }
  };
  /** Media type, parameter or header object: `example`, `examples`, and its `schema` / `content`. */
  const exampleHolder = (holder: Json | undefined, pointer: string): void => {
    const node = asObject(holder);
    if (typeof node.$ref === 'string') return; // checked where the component is defined
    const schemaPointer = node.schema === undefined ? undefined : `${pointer}/schema`;
    if (node.schema !== undefined) schema(node.schema, `${pointer}/schema`);
    if ('example' in node) found.push(withSchema(`${pointer}/example`, node.example ?? null, schemaPointer));
    for (const [name, example] of Object.entries(asObject(node.examples))) {
      found.push(exampleObject(example, `${pointer}/examples/${escapeToken(name)}`, schemaPointer));
    }
    if (node.content !== undefined) mediaTypeMap(node.content, `${pointer}/content`);
  };
  const exampleObject = (example: Json, pointer: string, schemaPointer: string | undefined): FoundExample => {
    let target = asObject(example);
    const ref = target.$ref;
    if (typeof ref === 'string') target = asObject(resolvePointer(doc, ref.slice(1)));
    if (!('value' in target)) {
      return { pointer, value: null, schemaPointer, problem: 'Example Object without an inline `value`' };
    }
    return withSchema(pointer, target.value ?? null, schemaPointer);
  };
  const withSchema = (pointer: string, value: Json, schemaPointer: string | undefined): FoundExample =>
    schemaPointer === undefined
      ? { pointer, value, schemaPointer, problem: 'example without a schema to check it against' }
      : { pointer, value, schemaPointer };

  /** Schema object: `examples` (array) and the deprecated `example`, then every subschema. */
  const schema = (node: Json | undefined, pointer: string): void => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
    if (typeof node.$ref === 'string' && Object.keys(node).length === 1) return;
    if ('example' in node)
      found.push({ pointer: `${pointer}/example`, value: node.example ?? null, schemaPointer: pointer });
    if (Array.isArray(node.examples)) {
      node.examples.forEach((value, i) => {
        found.push({ pointer: `${pointer}/examples/${i}`, value, schemaPointer: pointer });
      });
    }
    for (const key of ['properties', 'patternProperties', '$defs', 'dependentSchemas']) {
      for (const [name, sub] of Object.entries(asObject(node[key])))
        schema(sub, `${pointer}/${key}/${escapeToken(name)}`);
    }
    for (const key of ['allOf', 'anyOf', 'oneOf', 'prefixItems']) {
      const list = node[key];
      if (Array.isArray(list)) for (const [i, sub] of list.entries()) schema(sub, `${pointer}/${key}/${i}`);
    }
    for (const key of [
      'items',
      'additionalProperties',
      'unevaluatedProperties',
      'unevaluatedItems',
      'contains',
      'propertyNames',
      'not',
      'if',
      'then',
      'else',
      'contentSchema',
    ]) {
      schema(node[key], `${pointer}/${key}`);
    }
  };

  const operation = (op: Json | undefined, pointer: string): void => {
    const node = asObject(op);
    parameterList(node.parameters, `${pointer}/parameters`);
    const body = asObject(node.requestBody);
    if (typeof body.$ref !== 'string') mediaTypeMap(body.content, `${pointer}/requestBody/content`);
    for (const [status, response] of Object.entries(asObject(node.responses))) {
      responseObject(response, `${pointer}/responses/${escapeToken(status)}`);
    }
    for (const [name, callback] of Object.entries(asObject(node.callbacks))) {
      for (const [expression, item] of Object.entries(asObject(callback))) {
        pathItem(item, `${pointer}/callbacks/${escapeToken(name)}/${escapeToken(expression)}`);
      }
    }
  };
  const parameterList = (list: Json | undefined, pointer: string): void => {
    if (Array.isArray(list)) for (const [i, param] of list.entries()) exampleHolder(param, `${pointer}/${i}`);
  };
  const responseObject = (response: Json, pointer: string): void => {
    const node = asObject(response);
    if (typeof node.$ref === 'string') return;
    for (const [name, header] of Object.entries(asObject(node.headers))) {
      exampleHolder(header, `${pointer}/headers/${escapeToken(name)}`);
    }
    mediaTypeMap(node.content, `${pointer}/content`);
  };
  const pathItem = (item: Json, pointer: string): void => {
    const node = asObject(item);
    if (typeof node.$ref === 'string') return;
    parameterList(node.parameters, `${pointer}/parameters`);
    for (const method of HTTP_METHODS)
      if (node[method] !== undefined) operation(node[method], `${pointer}/${method}`);
  };

  for (const section of ['paths', 'webhooks'] as const) {
    for (const [key, item] of Object.entries(asObject(doc[section])))
      pathItem(item, `/${section}/${escapeToken(key)}`);
  }
  for (const [name, item] of Object.entries(asObject(components.pathItems))) {
    pathItem(item, `/components/pathItems/${escapeToken(name)}`);
  }
  for (const [name, sub] of Object.entries(asObject(components.schemas))) {
    schema(sub, `/components/schemas/${escapeToken(name)}`);
  }
  for (const [name, param] of Object.entries(asObject(components.parameters))) {
    exampleHolder(param, `/components/parameters/${escapeToken(name)}`);
  }
  for (const [name, header] of Object.entries(asObject(components.headers))) {
    exampleHolder(header, `/components/headers/${escapeToken(name)}`);
  }
  for (const [name, body] of Object.entries(asObject(components.requestBodies))) {
    const node = asObject(body);
    if (typeof node.$ref !== 'string')
      mediaTypeMap(node.content, `/components/requestBodies/${escapeToken(name)}/content`);
  }
  for (const [name, response] of Object.entries(asObject(components.responses))) {
    responseObject(response, `/components/responses/${escapeToken(name)}`);
  }
  return found;
}

/** The first example of an operation's JSON response, found by operationId (for the mutation tests). */
function firstResponseExample(doc: JsonObject, operationId: string, status: string): FoundExample {
  for (const [path, item] of Object.entries(asObject(doc.paths))) {
    for (const method of HTTP_METHODS) {
      if (asObject(asObject(item)[method]).operationId !== operationId) continue;
      const prefix = `/paths/${escapeToken(path)}/${method}/responses/${status}/content/application~1json/`;
      const match = examples.find((e) => e.pointer.startsWith(prefix) && e.problem === undefined);
      if (match) return match;
    }
  }
  throw new Error(`no ${status} application/json example for operation ${operationId}`);
}

/** Calls `visit` on every object in the document (also inside example values; fine for the uses here). */
function walkAll(node: Json | undefined, visit: (node: JsonObject) => void): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) walkAll(item, visit);
    return;
  }
  visit(node);
  for (const value of Object.values(node)) walkAll(value, visit);
}

function resolvePointer(doc: Json, pointer: string): Json | undefined {
  let node: Json | undefined = doc;
  for (const token of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    const key = unescapeToken(decodeURIComponent(token));
    node = Array.isArray(node) ? node[Number(key)] : node[key];
  }
  return node;
}

function asObject(value: Json | undefined): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

function escapeToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

function unescapeToken(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** A JSON pointer as a URI fragment: each token percent-encoded (paths contain `{` and `}`). */
function encodePointerForUri(pointer: string): string {
  return pointer
    .split('/')
    .map((token) => encodeURIComponent(token))
    .join('/');
}
