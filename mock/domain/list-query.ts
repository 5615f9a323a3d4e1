import type { MockContext } from '../context.ts';
import { badRequest } from '../errors.ts';
import {
  type ListColumn,
  type ListSource,
  resourcesOf,
  type SqlListQuery,
  type SqlValue,
} from '../store/resources.ts';

/** The list parameters as the spec defines them (validated for shape by the pipeline). */
export interface ListParams {
  fields?: string | undefined;
  filter?: string | undefined;
  sort?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

/** A list request compiled against one {@link ListSource}: SQL for the store, fields for the answer. */
export interface ListQuery extends SqlListQuery {
  /** The fields to answer (always with the id), or null for whole items. */
  fields: string[] | null;
}

/** A page of a list as the API answers it: the items and the `X-Total-Count`. */
export interface ListAnswer<T> {
  items: T[];
  total: number;
}

const DEFAULT_LIMIT = 100;
const MAX_IN_VALUES = 100;

type Operator = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'like' | 'in' | 'null';

const COMPARISONS: Record<string, string> = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };

/**
 * Parses `fields`, `filter`, `sort`, `limit` and `offset` (syntax: the spec's `Fields`, `Filter`
 * and `Sort` parameters, assumptions A26/A27) into parameterised SQL over the source's whitelisted
 * column expressions. User input only ever reaches SQL as a bound parameter. A bad filter is `400
 * invalid_filter`; a bad `sort` or `fields` is `400 invalid_request`; each names the problem.
 */
export function compileListQuery(source: ListSource, params: ListParams): ListQuery {
  const where: string[] = [];
  const values: SqlValue[] = [];
  if (params.filter !== undefined) {
    for (const condition of splitConditions(params.filter)) {
      const compiled = compileCondition(source, condition);
      where.push(compiled.sql);
      values.push(...compiled.params);
    }
  }
  return {
    where,
    params: values,
    orderBy: compileSort(source, params.sort),
    limit: params.limit ?? DEFAULT_LIMIT,
    offset: params.offset ?? 0,
    fields: params.fields === undefined ? null : compileFields(source, params.fields),
  };
}

/**
 * One page of `source` within `scope` (SQL over the parent, e.g. `dealer_id = ?`), filtered, sorted
 * and paged in SQL, with the items projected to `fields`.
 */
export function listItems<T extends object>(
  context: MockContext,
  source: ListSource,
  scope: { where: string; params: SqlValue[] },
  params: ListParams,
): ListAnswer<T> {
  const query = compileListQuery(source, params);
  const page = resourcesOf(context.store).page<T>(source, scope, query);
  return { items: page.rows.map((row) => projectFields(row, query.fields)), total: page.total };
}

/**
 * Keeps only the requested fields of an item (all of it when `fields` is null). The result is
 * typed as the full item because the spec keeps the full schema for lists and marks them
 * `x-partial-with-fields` (A27); the response validator accepts such partial items.
 */
export function projectFields<T extends object>(item: T, fields: readonly string[] | null): T {
  if (fields === null) return item;
  return Object.fromEntries(Object.entries(item).filter(([name]) => fields.includes(name))) as unknown as T;
}

/** Splits `a:eq:1,b:like:x\,y` at unescaped commas; `\,` is a literal comma. */
function splitConditions(filter: string): string[] {
  const conditions: string[] = [];
  let current = '';
  for (let i = 0; i < filter.length; i += 1) {
    const char = filter[i] as string;
    if (char === '\\' && filter[i + 1] === ',') {
      current += ',';
      i += 1;
    } else if (char === ',') {
      conditions.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  conditions.push(current);
  return conditions;
}

function compileCondition(source: ListSource, condition: string): { sql: string; params: SqlValue[] } {
  const first = condition.indexOf(':');
  const second = first < 0 ? -1 : condition.indexOf(':', first + 1);
  if (second < 0) {
    invalidFilter(`Condition "${condition}" is not of the form field:op:value.`);
  }
  const field = condition.slice(0, first);
  const op = condition.slice(first + 1, second);
  const raw = condition.slice(second + 1);
  const column = source.columns[field];
  if (!column) {
    invalidFilter(
      `Unknown field "${field}" in filter; filterable fields: ${Object.keys(source.columns).join(', ')}.`,
    );
  }
  switch (op as Operator) {
    case 'eq':
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return { sql: `${column.sql} ${COMPARISONS[op]} ?`, params: [typedValue(field, column, raw)] };
    case 'ne':
      // Null-safe: "not equal to x" includes items where the field is null.
      return { sql: `${column.sql} IS NOT ?`, params: [typedValue(field, column, raw)] };
    case 'like':
      if (column.type !== 'string')
        invalidFilter(`Operator "like" needs a text field; "${field}" is not one.`);
      return { sql: `${column.sql} LIKE ? ESCAPE '\\'`, params: [likePattern(raw)] };
    case 'in': {
      const items = raw.split('|');
      if (items.length > MAX_IN_VALUES) {
        invalidFilter(`Operator "in" on "${field}" takes at most ${MAX_IN_VALUES} values.`);
      }
      return {
        sql: `${column.sql} IN (${items.map(() => '?').join(', ')})`,
        params: items.map((item) => typedValue(field, column, item)),
      };
    }
    case 'null':
      if (raw !== 'true' && raw !== 'false') {
        invalidFilter(`Operator "null" on "${field}" takes true or false, not "${raw}".`);
      }
      return { sql: `${column.sql} IS ${raw === 'true' ? '' : 'NOT '}NULL`, params: [] };
    default:
      return invalidFilter(
        `Unknown operator "${op}" on "${field}"; operators: eq, ne, gt, gte, lt, lte, like, in, null.`,
      );
  }
}

/** The filter value as the column compares it: an integer, a normalised timestamp or text. */
function typedValue(field: string, column: ListColumn, raw: string): SqlValue {
  if (column.type === 'integer') {
    if (!/^-?\d{1,15}$/.test(raw)) invalidFilter(`Value "${raw}" for "${field}" is not an integer.`);
    return Number(raw);
  }
  if (column.type === 'timestamp') {
    // Stored timestamps are ISO 8601 UTC with milliseconds, so normalised values compare as text.
    const at = /^\d{4}-\d{2}-\d{2}/.test(raw) ? Date.parse(raw) : Number.NaN;
    if (Number.isNaN(at)) invalidFilter(`Value "${raw}" for "${field}" is not an ISO 8601 timestamp.`);
    return new Date(at).toISOString();
  }
  return raw;
}

/** `*` is the wildcard; SQL's own wildcards and the escape character match literally. */
function likePattern(raw: string): string {
  return raw.replace(/[\\%_]/g, (char) => `\\${char}`).replaceAll('*', '%');
}

function compileSort(source: ListSource, sort: string | undefined): string {
  const id = source.columns[source.idField] as ListColumn;
  const terms: string[] = [];
  let hasId = false;
  for (const term of sort === undefined ? [] : sort.split(',')) {
    const descending = term.startsWith('-');
    const field = descending ? term.slice(1) : term;
    const column = source.columns[field];
    if (!column) {
      badRequest(
        'invalid_request',
        `Unknown sort field "${field}"; sortable fields: ${Object.keys(source.columns).join(', ')}.`,
        'sort',
      );
    }
    if (field === source.idField) hasId = true;
    terms.push(`${column.sql} ${descending ? 'DESC' : 'ASC'}`);
  }
  // The id breaks ties, so pages are stable.
  if (!hasId) terms.push(`${id.sql} ASC`);
  return terms.join(', ');
}

function compileFields(source: ListSource, fields: string): string[] {
  const wanted = new Set([source.idField]);
  for (const entry of fields.split(',')) {
    const dot = entry.indexOf('.');
    const table = dot < 0 ? null : entry.slice(0, dot);
    const field = dot < 0 ? entry : entry.slice(dot + 1);
    if (table !== null && table !== source.table) {
      badRequest(
        'invalid_request',
        `Field "${entry}" names table "${table}", but this list returns ${source.table}.`,
        'fields',
      );
    }
    if (!(field in source.columns)) {
      badRequest(
        'invalid_request',
        `Unknown field "${field}" in fields; fields: ${Object.keys(source.columns).join(', ')}.`,
        'fields',
      );
    }
    wanted.add(field);
  }
  return Object.keys(source.columns).filter((name) => wanted.has(name));
}

function invalidFilter(message: string): never {
  return badRequest('invalid_filter', message, 'filter');
}
