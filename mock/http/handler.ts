import type { operations } from '../../spec/types.ts';
import type { AccessContext } from './authenticate.ts';

/** An `operations` map as openapi-typescript generates it (the Partner API's, or the admin API's). */
type OperationMap = object;

type ParameterPart<Op, P extends string> = Op extends { parameters: infer Params }
  ? Params extends Record<P, infer V>
    ? NonNullable<V>
    : Record<string, never>
  : never;

/** The media type → body map of a request or response, or never when it has none. */
type ContentOf<T> = T extends { content: infer C } ? C : never;

/** The request body of an operation (JSON or form), as validated. */
export type RequestBody<Op> = Op extends { requestBody?: infer B }
  ? ContentOf<NonNullable<B>>[keyof ContentOf<NonNullable<B>>]
  : undefined;

type SuccessStatus = 200 | 201 | 202 | 204 | 302;

type ResponseBody<R> = [ContentOf<R>] extends [never] ? undefined : ContentOf<R>[keyof ContentOf<R>];

type ResponsesOf<Op> = Op extends { responses: infer R } ? R : never;

/** What a handler returns: a declared success status with its typed body. Errors are thrown instead. */
export type Reply<K extends keyof Ops, Ops extends OperationMap = operations> = {
  [S in keyof ResponsesOf<Ops[K]> & SuccessStatus]: {
    status: S;
    body: ResponseBody<ResponsesOf<Ops[K]>[S]>;
    headers?: Record<string, string>;
  };
}[keyof ResponsesOf<Ops[K]> & SuccessStatus];

/** What a handler receives: validated, typed input and who is calling. */
export interface HandlerInput<K extends keyof Ops, Ops extends OperationMap = operations> {
  path: ParameterPart<Ops[K], 'path'>;
  query: ParameterPart<Ops[K], 'query'>;
  headers: Record<string, string | undefined>;
  body: RequestBody<Ops[K]>;
  /** The verified caller, on secured operations; null on the open ones (token, authorize, ...). */
  access: AccessContext | null;
  /** The raw `Authorization` header, for the token endpoint's client authentication. */
  authorization: string | undefined;
  /** The request's id, as error bodies carry it. */
  requestId: string;
}

/** The handler of one operation. */
export type Handler<K extends keyof Ops, Ops extends OperationMap = operations> = (
  input: HandlerInput<K, Ops>,
) => Reply<K, Ops> | Promise<Reply<K, Ops>>;

/** Handlers by operationId. */
export type HandlerTable<Ops extends OperationMap = operations> = { [K in keyof Ops]?: Handler<K, Ops> };
