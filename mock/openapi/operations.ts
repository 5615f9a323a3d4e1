import {
  deref,
  HTTP_METHODS,
  type HttpMethod,
  type OpenApiDocument,
  type OperationObject,
  type ParameterObject,
  type RequestBodyObject,
  type ResponseObject,
  type SecurityRequirement,
} from './document.ts';

/** One operation of the spec, with everything resolved that a request needs. */
export interface Operation {
  operationId: string;
  method: HttpMethod;
  /** The path template as written in the spec, e.g. `/partner/v1/dealers/{dealerId}`. */
  path: string;
  parameters: ParameterObject[];
  requestBody: RequestBodyObject | null;
  responses: Record<string, ResponseObject>;
  security: SecurityRequirement[];
  /** The raw operation object, for vendor extensions. */
  source: OperationObject;
}

/** A request matched to an operation, with its raw path parameters. */
export interface RouteMatch {
  operation: Operation;
  pathParams: Record<string, string>;
}

interface CompiledRoute {
  operation: Operation;
  segments: string[];
  /** Static segments count first, so `/dealers/connect` wins over `/dealers/{dealerId}`. */
  staticCount: number;
}

/** Every operation of a document, and a router from (method, path) to one of them. */
export class OperationIndex {
  readonly operations: readonly Operation[];
  private readonly byId = new Map<string, Operation>();
  private readonly routes: CompiledRoute[];

  constructor(document: OpenApiDocument) {
    const operations: Operation[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      const shared = (item.parameters ?? []).map((p) => deref(document, p));
      for (const method of HTTP_METHODS) {
        const source = item[method];
        if (!source) continue;
        if (!source.operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
        const own = (source.parameters ?? []).map((p) => deref(document, p));
        const parameters = [
          ...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)),
          ...own,
        ];
        operations.push({
          operationId: source.operationId,
          method,
          path,
          parameters,
          requestBody: source.requestBody ? deref(document, source.requestBody) : null,
          responses: Object.fromEntries(
            Object.entries(source.responses ?? {}).map(([status, r]) => [status, deref(document, r)]),
          ),
          security: source.security ?? document.security ?? [],
          source,
        });
      }
    }
    this.operations = operations;
    for (const operation of operations) this.byId.set(operation.operationId, operation);
    this.routes = operations
      .map((operation) => {
        const segments = operation.path.split('/').slice(1);
        return { operation, segments, staticCount: segments.filter((s) => !s.startsWith('{')).length };
      })
      .sort((a, b) => b.staticCount - a.staticCount);
  }

  /** The operation with this id; throws for an unknown id (a programming error). */
  get(operationId: string): Operation {
    const operation = this.byId.get(operationId);
    if (!operation) throw new Error(`No operation ${operationId} in the spec`);
    return operation;
  }

  /**
   * The operation a request is for. `methodsAllowed` lists the methods the path does serve when the
   * path matched but the method did not (for a 405 with `Allow`).
   */
  match(method: string, path: string): RouteMatch | { methodsAllowed: string[] } {
    const wanted = method.toLowerCase();
    const segments = path.split('/').slice(1);
    const allowed = new Set<string>();
    let matchedStatic: number | null = null;
    for (const route of this.routes) {
      // Once a path template matched, less specific ones are not considered: GET /dealers/connect
      // is a wrong method on connect, not a dealer called "connect".
      if (matchedStatic !== null && route.staticCount < matchedStatic) break;
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      matchedStatic = route.staticCount;
      if (route.operation.method === wanted) return { operation: route.operation, pathParams: params };
      allowed.add(route.operation.method.toUpperCase());
    }
    return { methodsAllowed: [...allowed].sort() };
  }
}

function matchSegments(template: string[], actual: string[]): Record<string, string> | null {
  if (template.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i += 1) {
    const expected = template[i] as string;
    const value = actual[i] as string;
    if (expected.startsWith('{') && expected.endsWith('}')) {
      if (value === '') return null;
      try {
        params[expected.slice(1, -1)] = decodeURIComponent(value);
      } catch {
        return null;
      }
    } else if (expected !== value) {
      return null;
    }
  }
  return params;
}
