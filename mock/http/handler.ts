import type { OperationId, operations } from '../../spec/types.ts';
import type { AccessContext } from './authenticate.ts';

type Op<K extends OperationId> = operations[K];

type ParameterPart<K extends OperationId, P extends string> = Op<K>['parameters'] extends infer Params
  ? Params extends Record<P, infer V>
    ? NonNullable<V>
    : Record<string, never>
  : never;

/** The media type → body map of a request or response, or never when it has none. */
type ContentOf<T> = T extends { content: infer C } ? C : never;

/** The request body of an operation (JSON or form), as validated. */
export type RequestBody<K extends OperationId> =
  Op<K> extends { requestBody?: infer B }
    ? ContentOf<NonNullable<B>>[keyof ContentOf<NonNullable<B>>]
    : undefined;

type SuccessStatus = 200 | 201 | 202 | 204 | 302;

type ResponseBody<R> = [ContentOf<R>] extends [never] ? undefined : ContentOf<R>[keyof ContentOf<R>];

/** What a handler returns: a declared success status with its typed body. Errors are thrown instead. */
export type Reply<K extends OperationId> = {
  [S in keyof Op<K>['responses'] & SuccessStatus]: {
    status: S;
    body: ResponseBody<Op<K>['responses'][S]>;
    headers?: Record<string, string>;
  };
}[keyof Op<K>['responses'] & SuccessStatus];

/** What a handler receives: validated, typed input and who is calling. */
export interface HandlerInput<K extends OperationId> {
  path: ParameterPart<K, 'path'>;
  query: ParameterPart<K, 'query'>;
  headers: Record<string, string | undefined>;
  body: RequestBody<K>;
  /** The verified caller, on secured operations; null on the open ones (token, authorize, ...). */
  access: AccessContext | null;
  /** The raw `Authorization` header, for the token endpoint's client authentication. */
  authorization: string | undefined;
}

/** The handler of one operation. */
export type Handler<K extends OperationId> = (input: HandlerInput<K>) => Reply<K> | Promise<Reply<K>>;

/** Handlers by operationId. */
export type HandlerTable = { [K in OperationId]?: Handler<K> };
