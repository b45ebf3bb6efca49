import { and, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { PgColumn, PgSelect } from 'drizzle-orm/pg-core';
import { likePrefix } from './actor.js';
import { rows, type Tx } from './db.js';

/** The paging part of a parsed list query (`listQuery` in the contract); `sort` is `field` or `-field`. */
export interface ListParams<S extends string> {
  page: number;
  pageSize: number;
  sort?: S | undefined;
  q?: string | undefined;
}

/** The field of a sort value: `-createdAt` → `createdAt`. */
export type SortField<S extends string> = S extends `-${infer F}` ? F : S;

type Orderable = PgColumn | SQL | SQL.Aliased;

/** How one list reads its rows; everything is done by the database, so a page costs one page. */
export interface ListSpec<F extends string> {
  /** The caller's scope and the list's filters, all of which a row meets; `undefined` entries are skipped. */
  where: (SQL | undefined)[];
  /** What `q` searches: a row matches when one of them contains the text, literally and regardless of case. */
  search: SQLWrapper[];
  /** The column or expression behind each sort field the contract declares (the type checker keeps the two equal). */
  sortable: Record<F, PgColumn | SQL>;
  /** The order when the caller asks for none: the list's natural order (empty when the tie-breaker is it). */
  defaultOrder: Orderable[];
  /** A unique column ending every order, so that rows with equal sort keys never move between pages. */
  tieBreaker: Orderable;
}

/** A LIKE pattern for text that contains `text`; `%` and `_` typed by the reader are not wildcards. */
export const containsPattern = (text: string): string => `%${likePrefix(text)}`;

/** Rows where one of `columns` contains `text` (ILIKE, literal); `undefined` when there is no text. */
export function searchCondition(text: string | undefined, columns: SQLWrapper[]): SQL | undefined {
  if (!text || columns.length === 0) return undefined;
  const pattern = containsPattern(text);
  return sql`(${sql.join(
    columns.map((c) => sql`${c} ilike ${pattern}`),
    sql` or `,
  )})`;
}

/**
 * The ORDER BY of a sort value. Empty values (never logged in, no deadline) come last in both
 * directions: reversing a column should bring its largest values forward, not its blanks.
 */
export function sortOrder<F extends string>(sortable: Record<F, PgColumn | SQL>, sort: string | undefined): SQL | undefined {
  if (!sort) return undefined;
  const descending = sort.startsWith('-');
  const expression = sortable[(descending ? sort.slice(1) : sort) as F];
  return sql`${expression} ${sql.raw(descending ? 'desc' : 'asc')} nulls last`;
}

/** The column the total rides in on each row of the page; taken off before the rows are returned. */
const TOTAL = '__listTotal';

/**
 * One page of a list and the number of rows over all pages: filters, `q`, order and
 * limit/offset are applied to `query` (a dynamic select with its joins, see drizzle's `$dynamic()`)
 * in SQL, and the total is counted over the same rows. The contract has already refused a sort
 * the list does not declare.
 *
 * One statement: the total comes with every row of the page as `count(*) over ()`, which the
 * database computes over the filtered rows before the limit. Only a page past the end, which has
 * no row to carry it, costs a second statement that counts.
 */
export async function listPage<T extends PgSelect, S extends string>(db: Tx, query: T, spec: ListSpec<SortField<S>>, q: ListParams<S>) {
  query.where(and(...spec.where, searchCondition(q.q, spec.search)));
  // Captured before the order, the limit and the total are added: the count sees exactly the rows the page is cut from.
  const counted = query.getSQL();
  // drizzle has no public way to add a column to a built select; its selection is replaced (never
  // mutated: for `select()` it is the table's own column map). list.test.ts pins the behaviour.
  const selection = (query as unknown as { config: { fields: Record<string, unknown> } }).config;
  selection.fields = { ...selection.fields, [TOTAL]: sql<number>`count(*) over ()`.mapWith(Number) };
  const chosen = sortOrder(spec.sortable, q.sort);
  const order = chosen ? [chosen, spec.tieBreaker] : [...spec.defaultOrder, spec.tieBreaker];
  const found = (await query
    .orderBy(...order)
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)) as Record<string, unknown>[];
  let total = Number(found[0]?.[TOTAL] ?? 0);
  if (found.length === 0 && q.page > 1) {
    const [counting] = await rows<{ n: number }>(db, sql`select count(*)::int as n from (${counted}) as list`);
    total = counting?.n ?? 0;
  }
  for (const row of found) delete row[TOTAL];
  return { rows: found as Awaited<T>, total, page: q.page, pageSize: q.pageSize };
}
