import { SwaggerMockValidatorFactory } from '@pactflow/swagger-mock-validator';
import { loadDocument } from '../../mock/openapi/document.ts';
import { type Operation, OperationIndex } from '../../mock/openapi/operations.ts';
import { SpecValidator } from '../../mock/openapi/validator.ts';
import { bodyText, headerOf, type PactInteraction, requestLine, statesOf } from '../pact-file.ts';
import { PARTNER_API_SPEC } from '../paths.ts';
import {
  type ContractReport,
  type InteractionResult,
  type PactResult,
  type Problem,
  readPactForReport,
} from '../report/report.ts';

const FORM = 'application/x-www-form-urlencoded';

/** The spec, indexed and compiled once per process (the same validators the mock runs). */
let compiled: { index: OperationIndex; validator: SpecValidator } | null = null;
function spec() {
  if (!compiled) {
    const document = loadDocument(PARTNER_API_SPEC);
    const index = new OperationIndex(document);
    compiled = { index, validator: new SpecValidator(document, index) };
  }
  return compiled;
}

/** The operation a pact request names, or the problem that it names none. */
function operationOf(
  interaction: PactInteraction,
): { operation: Operation; pathParams: Record<string, string> } | Problem {
  const { method, path } = interaction.request;
  const match = spec().index.match(method, path);
  if ('operation' in match) return match;
  return match.methodsAllowed.length === 0
    ? { kind: 'unknown-path', message: `the spec has no path ${path}` }
    : {
        kind: 'unknown-method',
        message: `the spec has no ${method.toUpperCase()} ${path} (allowed: ${match.methodsAllowed.join(', ').toUpperCase()})`,
      };
}

/** Whether the operation needs credentials: some security requirement, and none of them empty. */
function isSecured(operation: Operation): boolean {
  return (
    operation.security.length > 0 &&
    operation.security.every((requirement) => Object.keys(requirement).length > 0)
  );
}

/** The checks swagger-mock-validator does not make (see the toolchain notes on its blind spots). */
function ownProblems(interaction: PactInteraction): Problem[] {
  const found = operationOf(interaction);
  if ('kind' in found) return [found];
  const { operation, pathParams } = found;
  const problems: Problem[] = [];
  const { request, response } = interaction;
  // Authorization on secured operations; a 401 interaction may leave it out on purpose.
  if (
    isSecured(operation) &&
    headerOf(request.headers, 'authorization') === null &&
    response.status !== 401
  ) {
    const schemes = operation.security.flatMap((r) => Object.keys(r)).join(', ');
    problems.push({
      kind: 'missing-authorization',
      message: `${operation.operationId} is secured (${schemes}) but the request has no Authorization header`,
    });
  }
  // Form bodies, against the operation's form schema (the mock's own compiled validator).
  const contentType = headerOf(request.headers, 'content-type');
  if (contentType?.toLowerCase().startsWith(FORM)) {
    const form = Object.fromEntries(new URLSearchParams(bodyText(request.body) ?? ''));
    const checked = spec().validator.validateRequest(operation, {
      pathParams,
      query: {},
      headers: {},
      contentType: FORM,
      body: form,
      hasBody: true,
    });
    if ('violations' in checked) {
      for (const v of checked.violations.filter((v) => v.field.startsWith('body'))) {
        problems.push({
          kind: 'form-body',
          message: `form body of ${operation.operationId}: ${v.field}: ${v.message}`,
        });
      }
    }
  }
  // Status and response body, with every closed schema closed (unknown fields are errors).
  const responseType =
    headerOf(response.headers, 'content-type') ?? (response.body === undefined ? null : 'application/json');
  const body = parseResponseBody(response.body, responseType);
  for (const v of spec().validator.validateResponse(operation, response.status, responseType, body, {})) {
    if (v.field === 'status') {
      const declared = Object.keys(operation.responses).join(', ');
      problems.push({
        kind: 'undeclared-status',
        message: `${operation.operationId} does not declare status ${response.status} (declared: ${declared})`,
      });
    } else if (!v.field.startsWith('header.')) {
      // Pacts list only the headers the client relies on; missing response headers are not a problem.
      problems.push({
        kind: 'response-body',
        message: `${response.status} response of ${operation.operationId}: ${v.field}: ${v.message}`,
      });
    }
  }
  return problems;
}

function parseResponseBody(body: unknown, contentType: string | null): unknown {
  if (body === undefined || body === null) return undefined;
  const text = typeof body === 'string' ? body : null;
  if (text !== null && contentType?.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  const wrapped = body as { content?: unknown };
  return typeof body === 'object' && 'content' in wrapped && 'contentType' in wrapped
    ? wrapped.content
    : body;
}

/** Findings of swagger-mock-validator, by interaction description. */
async function validatorProblems(
  file: string,
): Promise<{ byInteraction: Map<string, Problem[]>; general: Problem[] }> {
  const outcome = await SwaggerMockValidatorFactory.create().validate({
    specPathOrUrl: PARTNER_API_SPEC,
    mockPathOrUrl: file,
    additionalPropertiesInResponse: 'false',
  });
  const byInteraction = new Map<string, Problem[]>();
  const general: Problem[] = [];
  for (const error of outcome.errors) {
    const problem = { kind: error.code, message: error.message };
    const description = error.mockDetails?.interactionDescription;
    if (description) byInteraction.set(description, [...(byInteraction.get(description) ?? []), problem]);
    else general.push(problem);
  }
  if (!outcome.success && outcome.errors.length === 0 && outcome.failureReason) {
    general.push({ kind: 'swagger-mock-validator', message: outcome.failureReason });
  }
  return { byInteraction, general };
}

/** Problems of one interaction: swagger-mock-validator's and the kit's own, without duplicates. */
function merge(theirs: Problem[], ours: Problem[]): Problem[] {
  // Where the kit's route and status checks fire, the validator says the same in other words.
  const ourRoute = ours.some((p) => p.kind === 'unknown-path' || p.kind === 'unknown-method');
  const ourStatus = ours.some((p) => p.kind === 'undeclared-status');
  const kept = theirs.filter(
    (p) =>
      !(ourRoute && p.kind.includes('path-or-method')) &&
      !(ourStatus && p.kind === 'response.status.unknown'),
  );
  return [...ours, ...kept];
}

async function checkOne(file: string): Promise<PactResult> {
  const read = readPactForReport(file);
  if ('unreadable' in read) return read.unreadable;
  const { pact } = read;
  const smv = await validatorProblems(file);
  const interactions = pact.interactions.map(
    (interaction): InteractionResult => ({
      description: interaction.description,
      states: statesOf(interaction).map((s) => s.name),
      request: requestLine(interaction),
      problems: merge(smv.byInteraction.get(interaction.description) ?? [], ownProblems(interaction)),
    }),
  );
  return {
    file,
    consumer: pact.consumer.name,
    provider: pact.provider.name,
    interactions,
    problems: smv.general,
  };
}

/**
 * `contract check`: each pact against the spec, statically. swagger-mock-validator first, then the
 * kit's own checks for its blind spots: form bodies, Authorization on secured operations, undeclared
 * statuses, response fields the schema does not allow, unknown paths and methods.
 */
export async function checkPacts(files: string[]): Promise<ContractReport> {
  const pacts: PactResult[] = [];
  for (const file of files) pacts.push(await checkOne(file));
  return { command: 'check', pacts };
}
