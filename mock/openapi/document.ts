import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { fromRoot } from '../package-root.ts';

/** The part of an OpenAPI 3.1 document the mock reads; the rest is carried along untyped. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, PathItem>;
  components?: {
    schemas?: Record<string, unknown>;
    parameters?: Record<string, ParameterObject>;
    responses?: Record<string, ResponseObject>;
    headers?: Record<string, HeaderObject>;
    requestBodies?: Record<string, RequestBodyObject>;
    securitySchemes?: Record<string, SecuritySchemeObject>;
  };
  security?: SecurityRequirement[];
  [extension: string]: unknown;
}

/** Methods an OpenAPI path item can hold. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** One of {@link HTTP_METHODS}. */
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** An OpenAPI path item. */
export type PathItem = { parameters?: MaybeRef<ParameterObject>[] } & Partial<
  Record<HttpMethod, OperationObject>
>;

/** An OpenAPI operation. */
export interface OperationObject {
  operationId?: string;
  tags?: string[];
  parameters?: MaybeRef<ParameterObject>[];
  requestBody?: MaybeRef<RequestBodyObject>;
  responses?: Record<string, MaybeRef<ResponseObject>>;
  security?: SecurityRequirement[];
  [extension: string]: unknown;
}

/** An OpenAPI parameter. */
export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: unknown;
  style?: string;
  explode?: boolean;
}

/** An OpenAPI request body. */
export interface RequestBodyObject {
  required?: boolean;
  content: Record<string, { schema?: unknown }>;
}

/** An OpenAPI response. */
export interface ResponseObject {
  description?: string;
  headers?: Record<string, MaybeRef<HeaderObject>>;
  content?: Record<string, { schema?: unknown }>;
}

/** An OpenAPI header. */
export interface HeaderObject {
  required?: boolean;
  schema?: unknown;
}

/** An OpenAPI security scheme. */
export interface SecuritySchemeObject {
  type: string;
  scheme?: string;
  flows?: Record<string, { scopes?: Record<string, string> }>;
}

/** An OpenAPI security requirement: scheme name to required scopes. */
export type SecurityRequirement = Record<string, string[]>;

/** A value or a `$ref` to one. */
export type MaybeRef<T> = T | { $ref: string };

/** The Partner API spec file shipped in this package. */
export const PARTNER_SPEC_PATH = fromRoot('spec', 'partner-api.yaml');

/** Where parsed specs are cached as JSON, keyed by the YAML's content hash. */
const CACHE_DIR = fromRoot('node_modules', '.cache', 'chekt-sandbox');

/**
 * Reads and parses an OpenAPI YAML (or JSON) file. Parsing YAML costs a few hundred milliseconds on
 * a spec this size, so the result is cached as JSON under `node_modules/.cache`, keyed by a hash of
 * the file's content: an edited spec is simply parsed again.
 */
export function loadDocument(path: string = PARTNER_SPEC_PATH): OpenApiDocument {
  const text = readFileSync(path, 'utf8');
  const cacheFile = join(
    CACHE_DIR,
    `${basename(path)}.${createHash('sha256').update(text).digest('hex').slice(0, 24)}.json`,
  );
  let document: OpenApiDocument;
  try {
    document = JSON.parse(readFileSync(cacheFile, 'utf8')) as OpenApiDocument;
  } catch {
    document = parse(text) as OpenApiDocument;
    try {
      mkdirSync(CACHE_DIR, { recursive: true });
      writeFileSync(cacheFile, JSON.stringify(document));
    } catch {
      // A read-only install just parses every time.
    }
  }
  if (typeof document?.openapi !== 'string' || !document.openapi.startsWith('3.1')) {
    throw new Error(`${path} is not an OpenAPI 3.1 document`);
  }
  return document;
}

/** Follows a local `$ref` (`#/components/...`) to the object it names. */
export function deref<T>(document: OpenApiDocument, value: MaybeRef<T>): T {
  let current: unknown = value;
  for (let hops = 0; isRef(current); hops += 1) {
    if (hops > 20) throw new Error(`$ref loop at ${current.$ref}`);
    current = resolvePointer(document, current.$ref);
  }
  return current as T;
}

/** The value a local JSON pointer (`#/a/b`) names in the document. */
export function resolvePointer(document: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported, got ${ref}`);
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object' || !(key in node))
      throw new Error(`Unresolvable $ref ${ref}`);
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function isRef(value: unknown): value is { $ref: string } {
  return (
    typeof value === 'object' && value !== null && typeof (value as { $ref?: unknown }).$ref === 'string'
  );
}
