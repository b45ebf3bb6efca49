import { api, hazard as rules, shanghaiDateOf } from '@citysafe/domain';
import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, likePrefix, scopeOf } from '../../platform/actor.js';
import { type Db, now, rows } from '../../platform/db.js';
import { hazardScope } from './hazard.scope.js';

type Figures = Omit<api.hazardStats.HazardStatsRow, 'key' | 'label'>;
type StatsQuery = z.output<typeof api.hazardStats.getStats.query>;

/** One interval the statement counts over: the period itself, or one of its months. */
interface Interval extends rules.StatsPeriod {
  key: string;
}

interface RawRow {
  /** The month's key, or 'period' (countByMonth). */
  interval?: string;
  key: string | null;
  label: string | null;
  found: number;
  rectified: number;
  rectified_with_deadline: number;
  rectified_on_time: number;
  overdue: number;
  listed: number;
  closed_listed: number;
}

const zero: Figures = {
  found: 0,
  rectified: 0,
  rectifiedWithDeadline: 0,
  rectifiedOnTime: 0,
  onTimeRate: null,
  overdue: 0,
  listed: 0,
  closedListed: 0,
  closeRate: null,
};

const figuresOf = (r: RawRow): Figures => {
  const n = (v: number) => Number(v);
  return {
    found: n(r.found),
    rectified: n(r.rectified),
    rectifiedWithDeadline: n(r.rectified_with_deadline),
    rectifiedOnTime: n(r.rectified_on_time),
    onTimeRate: rules.shareOf(n(r.rectified_on_time), n(r.rectified_with_deadline)),
    overdue: n(r.overdue),
    listed: n(r.listed),
    closedListed: n(r.closed_listed),
    closeRate: rules.shareOf(n(r.closed_listed), n(r.listed)),
  };
};

/** What a row is keyed by, and where its name comes from (an org's name, or the domain's label). */
const groupings: Record<Exclude<rules.HazardStatsGrouping, 'month'>, { key: SQL; org: boolean }> = {
  level: { key: sql`h.level`, org: false },
  category: { key: sql`coalesce(h.category, '')`, org: false },
  origin: { key: sql`h.origin`, org: false },
  street: { key: sql`coalesce(h.street_id::text, '')`, org: true },
  unit: { key: sql`h.responsible_org_id::text`, org: true },
};

const categoryLabel = (code: string): string => rules.hazardCategories.find((c) => c.code === code)?.label.zh ?? (code || '未分类');
const codeLabel: Record<Exclude<rules.HazardStatsGrouping, 'month' | 'street' | 'unit'>, (key: string) => string> = {
  level: (key) => key,
  category: categoryLabel,
  origin: (key) => rules.hazardOriginLabels[key as rules.HazardOrigin]?.zh ?? key,
};

/** The Asia/Shanghai day of a timestamptz column, at the fixed UTC+8 offset (no daylight saving since 1991): no time-zone database needed in PGlite. */
const shanghaiDay = (column: SQL) => sql`((${column} at time zone 'UTC') + interval '8 hours')::date`;

/** The bounds of an interval as SQL values: start, end, the as-of instant of overdue and its day. */
function bounds(iv: rules.StatsPeriod, at: Date) {
  const { start, end } = rules.periodInstants(iv);
  const asOf = rules.statsAsOf(iv, at);
  return {
    s: sql`${start.toISOString()}::timestamptz`,
    e: sql`${end.toISOString()}::timestamptz`,
    asOf: sql`${asOf.toISOString()}::timestamptz`,
    asOfDay: sql`${shanghaiDateOf(asOf)}::date`,
  };
}

/**
 * The figures of the period for each group of `key`, as one statement. A hazard counts in a period
 * only when it was found before its end and not closed before its start: every figure (domain
 * `hazard/statistics.ts`) needs both, so the rest of the table is filtered out in the scan. Each
 * hazard falls in exactly one group, so the totals are the groups' sums (no grouping sets, which
 * would keep PostgreSQL from aggregating in parallel).
 */
async function countByGroup(db: Db, actor: Actor, period: rules.StatsPeriod, key: SQL, org: boolean): Promise<RawRow[]> {
  const b = bounds(period, now(db));
  const label = org ? sql`(select coalesce(o.short_name, o.name) from orgs o where o.id = nullif(g.key, '')::uuid)` : sql`null::text`;
  return rows<RawRow>(
    db,
    sql`with g as (
      select ${key} as key,
        count(*) filter (where h.found_at >= ${b.s})::int as found,
        count(*) filter (where h.closed_at < ${b.e})::int as rectified,
        count(*) filter (where h.closed_at < ${b.e} and h.deadline is not null)::int as rectified_with_deadline,
        count(*) filter (where h.closed_at < ${b.e} and ${shanghaiDay(sql`h.closed_at`)} <= h.deadline)::int as rectified_on_time,
        count(*) filter (where h.deadline < ${b.asOfDay} and h.found_at < ${b.asOf} and (h.closed_at is null or h.closed_at >= ${b.asOf}))::int as overdue,
        count(*) filter (where h.level = '重大' and h.listed_at < ${b.e})::int as listed,
        count(*) filter (where h.level = '重大' and h.listed_at < ${b.e} and h.closed_at < ${b.e})::int as closed_listed
      from hazards h
      where ${hazardScope(actor, 'hazard.read', 'h')} and h.found_at < ${b.e} and (h.closed_at is null or h.closed_at >= ${b.s})
      group by 1
    )
    select g.*, ${label} as label from g`,
  );
}

/**
 * The figures of each month of the period, and the period's own overdue and listed counts, as one
 * statement. What happens at an instant (found, closed) is counted in the month of that instant;
 * what lasts (overdue at a month's end, under 挂牌督办 during it) is counted per month by joining the
 * months to the few hazards that were ever late or listed — joining every hazard to every month
 * would read the table a dozen times. The month keys `YYYY-MM` are those of `monthsOf`.
 */
async function countByMonth(db: Db, actor: Actor, period: rules.StatsPeriod, months: Interval[]): Promise<RawRow[]> {
  const at = now(db);
  const whole = bounds(period, at);
  const values = sql.join(
    [{ key: 'period', ...period }, ...months].map((iv) => {
      const b = bounds(iv, at);
      return sql`(${iv.key}::text, ${b.s}, ${b.e}, ${b.asOf}, ${b.asOfDay})`;
    }),
    sql`, `,
  );
  const scope = hazardScope(actor, 'hazard.read', 'h');
  const month = (column: SQL) => sql`to_char((${column} at time zone 'UTC') + interval '8 hours', 'YYYY-MM')`;
  return rows<RawRow>(
    db,
    sql`with iv(k, s, e, as_of, as_of_day) as (values ${values}),
    events as (
      select ${month(sql`h.found_at`)} as k, 1 as found, 0 as rectified, 0 as rectified_with_deadline, 0 as rectified_on_time,
             0 as overdue, 0 as listed, 0 as closed_listed
        from hazards h
       where ${scope} and h.found_at >= ${whole.s} and h.found_at < ${whole.e}
      union all
      select ${month(sql`h.closed_at`)}, 0, 1, (h.deadline is not null)::int, (${shanghaiDay(sql`h.closed_at`)} <= h.deadline)::int, 0, 0, 0
        from hazards h
       where ${scope} and h.closed_at >= ${whole.s} and h.closed_at < ${whole.e}
      union all
      select iv.k, 0, 0, 0, 0,
             (h.deadline < iv.as_of_day and h.found_at < iv.as_of and (h.closed_at is null or h.closed_at >= iv.as_of))::int,
             (h.level = '重大' and h.listed_at < iv.e)::int,
             (h.level = '重大' and h.listed_at < iv.e and h.closed_at < iv.e)::int
        from hazards h
        join iv on h.found_at < iv.e and (h.closed_at is null or h.closed_at >= iv.s)
       where ${scope} and h.found_at < ${whole.e} and (h.closed_at is null or h.closed_at >= ${whole.s})
         and ((h.deadline < ${whole.asOfDay} and (h.closed_at is null or ${shanghaiDay(sql`h.closed_at`)} > h.deadline))
              or (h.level = '重大' and h.listed_at < ${whole.e}))
    )
    select k as interval, null::text as key, null::text as label,
           sum(found)::int as found, sum(rectified)::int as rectified, sum(rectified_with_deadline)::int as rectified_with_deadline,
           sum(rectified_on_time)::int as rectified_on_time, sum(overdue)::int as overdue, sum(listed)::int as listed,
           sum(closed_listed)::int as closed_listed
      from events
     group by k`,
  );
}

/**
 * Where the figures are counted: `rollup` reads `hazard_stats_daily` (migration 0013, kept in step by
 * the database's own triggers on `hazards`), the district's figures by day; `hazards` counts the rows
 * in the caller's reach (the statements above). Both give the same figures (hazard-stats.rollup.test.ts).
 */
export type StatsSource = 'rollup' | 'hazards';

/**
 * The rollup when the caller reaches every hazard, so that the district's figures are exactly theirs:
 * a reach over all orgs, or over a subtree holding the responsible unit of every hazard (the
 * district's offices; the responsible unit alone puts a hazard in reach). The check probes, for each
 * org outside the subtree, whether it is responsible for any hazard (index on responsible_org_id).
 */
export async function statsSourceFor(db: Db, actor: Actor): Promise<StatsSource> {
  const scope = scopeOf(actor, 'hazard.read');
  if (scope.kind === 'all') return 'rollup';
  if (scope.kind !== 'subtree') return 'hazards';
  const [r] = await rows<{ outside: boolean }>(
    db,
    sql`select exists (
          select 1 from orgs o
           where o.path not like ${likePrefix(scope.path)}
             and exists (select 1 from hazards h where h.responsible_org_id = o.id)
        ) as outside`,
  );
  return r?.outside ? 'hazards' : 'rollup';
}

/** The rollup's groupings (its `dim`), keyed as the statements over the hazards key them. */
type Dim = Exclude<rules.HazardStatsGrouping, 'month'> | 'category_level';
const categoryLevelKey = sql`coalesce(h.category, '') || '|' || h.level`;
const keyOf = (dim: Dim): SQL => (dim === 'category_level' ? categoryLevelKey : groupings[dim].key);

/** Whether an as-of instant is 00:00 of its day, whose overdue the rollup's changes up to that day count alone. */
const atMidnight = (asOf: Date): boolean => asOf.getTime() === rules.shanghaiMidnight(shanghaiDateOf(asOf)).getTime();

/**
 * How the number overdue at `asOf` differs from that at 00:00 of its day (the rollup's), by `key`:
 * none at 00:00; within a day (now, while a period runs) + those found since 00:00 already past
 * their deadline and still open, - those closed since 00:00 that were overdue then. Both read only
 * the day's hazards (the indexes on found_at and closed_at), never the open ones of every year.
 */
const overdueSinceMidnight = (asOf: Date, key: SQL): SQL => {
  const instant = sql`${asOf.toISOString()}::timestamptz`;
  const day = sql`${shanghaiDateOf(asOf)}::date`;
  const midnight = sql`${rules.shanghaiMidnight(shanghaiDateOf(asOf)).toISOString()}::timestamptz`;
  return sql`select key, sum(change)::int as overdue from (
      select ${key} as key, 1 as change from hazards h
       where h.found_at >= ${midnight} and h.found_at < ${instant} and h.deadline < ${day}
         and (h.closed_at is null or h.closed_at >= ${instant})
      union all
      select ${key}, -1 from hazards h
       where h.closed_at >= ${midnight} and h.closed_at < ${instant} and h.deadline < ${day} and h.found_at < ${midnight}
    ) o group by key`;
};

/**
 * The 重大 hazards under 挂牌督办 at some time in [s, e), from the rows (few: the partial index on the
 * listed ones' close): listed and found before `e`, not closed before `s` — the open ones and those
 * closed since.
 */
const listedDuring = (s: SQL, e: SQL, columns: SQL): SQL =>
  sql`select ${columns} from hazards h
       where h.level = '重大' and h.listed_at < ${e} and h.found_at < ${e} and h.closed_at is null
      union all
      select ${columns} from hazards h
       where h.level = '重大' and h.listed_at < ${e} and h.found_at < ${e} and h.closed_at >= ${s}`;

/**
 * `countByGroup` from the rollup. The figures of events (found, closed) are the sums over the
 * period's days; overdue at the as-of instant is the sum of the changes up to its day, and what
 * changed since that day's 00:00; 挂牌督办 from the listed ones. A group is in the answer when any of its
 * hazards was found by the period's end and not closed before its start, as over the rows: found up
 * to its last day less closed before its first (a hazard is closed on or after the day it was found).
 */
async function rollupByGroup(db: Db, period: rules.StatsPeriod, dim: Dim, org: boolean): Promise<RawRow[]> {
  const at = now(db);
  const b = bounds(period, at);
  const asOf = rules.statsAsOf(period, at);
  const key = keyOf(dim);
  const from = sql`${period.from}::date`;
  const to = sql`${period.to}::date`;
  const inPeriod = sql`r.day >= ${from} and r.day <= ${to}`;
  const label = org ? sql`(select coalesce(o.short_name, o.name) from orgs o where o.id = nullif(r.key, '')::uuid)` : sql`null::text`;
  return rows<RawRow>(
    db,
    sql`with r as (
      select r.key,
        coalesce(sum(r.found) filter (where ${inPeriod}), 0)::int as found,
        coalesce(sum(r.rectified) filter (where ${inPeriod}), 0)::int as rectified,
        coalesce(sum(r.rectified_with_deadline) filter (where ${inPeriod}), 0)::int as rectified_with_deadline,
        coalesce(sum(r.rectified_on_time) filter (where ${inPeriod}), 0)::int as rectified_on_time,
        coalesce(sum(r.overdue_change) filter (where r.day <= ${b.asOfDay}), 0)::int as overdue,
        coalesce(sum(r.found) filter (where r.day <= ${to}), 0) - coalesce(sum(r.rectified) filter (where r.day < ${from}), 0) as active
      from hazard_stats_daily r
      where r.dim = ${dim} and r.day <= greatest(${to}, ${b.asOfDay})
      group by r.key
    ),
    overdue_since as (${overdueSinceMidnight(asOf, key)}),
    listed as (
      select key, count(*)::int as listed, count(*) filter (where closed_at < ${b.e})::int as closed_listed
        from (${listedDuring(b.s, b.e, sql`${key} as key, h.closed_at`)}) l
       group by key
    )
    select r.key, ${label} as label, r.found, r.rectified, r.rectified_with_deadline, r.rectified_on_time,
           r.overdue + coalesce(o.overdue, 0) as overdue,
           coalesce(l.listed, 0) as listed, coalesce(l.closed_listed, 0) as closed_listed
      from r
      left join overdue_since o on o.key = r.key
      left join listed l on l.key = r.key
     where r.active > 0`,
  );
}

/**
 * `countByMonth` from the rollup: found and closed by the month of their day; overdue at each
 * interval's as-of instant (the changes up to its day, and since that day's 00:00 for an instant
 * within a day: the running month's and period's, now); 挂牌督办 per interval from the listed hazards.
 */
async function rollupByMonth(db: Db, period: rules.StatsPeriod, months: Interval[]): Promise<RawRow[]> {
  const at = now(db);
  const whole = bounds(period, at);
  const intervals = [{ key: 'period', ...period }, ...months].map((iv) => ({ iv, b: bounds(iv, at), asOf: rules.statsAsOf(iv, at) }));
  const values = sql.join(
    intervals.map(({ iv, b, asOf }) => sql`(${iv.key}::text, ${b.s}, ${b.e}, ${b.asOfDay}, ${atMidnight(asOf)}::boolean)`),
    sql`, `,
  );
  // Every as-of instant within a day is now (statsAsOf): one count serves them all.
  const sinceMidnight = sql`select coalesce(sum(o.overdue), 0)::int from (${overdueSinceMidnight(at, sql`''`)}) o`;
  return rows<RawRow>(
    db,
    sql`with iv(k, s, e, as_of_day, at_midnight) as (values ${values}),
    figures as (
      select to_char(r.day, 'YYYY-MM') as k, r.found, r.rectified, r.rectified_with_deadline, r.rectified_on_time,
             0 as overdue, 0 as listed, 0 as closed_listed
        from hazard_stats_daily r
       where r.dim = 'total' and r.day >= ${period.from}::date and r.day <= ${period.to}::date
      union all
      select iv.k, 0, 0, 0, 0, r.overdue_change, 0, 0
        from iv join hazard_stats_daily r on r.dim = 'total' and r.day <= iv.as_of_day
      union all
      select iv.k, 0, 0, 0, 0, (${sinceMidnight}), 0, 0 from iv where not iv.at_midnight
      union all
      select iv.k, 0, 0, 0, 0, 0, (l.listed_at < iv.e)::int, (l.listed_at < iv.e and l.closed_at < iv.e)::int
        from (${listedDuring(whole.s, whole.e, sql`h.found_at, h.listed_at, h.closed_at`)}) l
        join iv on l.found_at < iv.e and (l.closed_at is null or l.closed_at >= iv.s)
    )
    select k as interval, null::text as key, null::text as label,
           sum(found)::int as found, sum(rectified)::int as rectified, sum(rectified_with_deadline)::int as rectified_with_deadline,
           sum(rectified_on_time)::int as rectified_on_time, sum(overdue)::int as overdue, sum(listed)::int as listed,
           sum(closed_listed)::int as closed_listed
      from figures
     group by k`,
  );
}

/** The sum of groups' figures, the rates recomputed from the sums: the totals of groups that share no hazard. */
export function sumFigures(list: readonly Figures[]): Figures {
  const add = (k: 'found' | 'rectified' | 'rectifiedWithDeadline' | 'rectifiedOnTime' | 'overdue' | 'listed' | 'closedListed') =>
    list.reduce((n, f) => n + f[k], 0);
  const total = {
    found: add('found'),
    rectified: add('rectified'),
    rectifiedWithDeadline: add('rectifiedWithDeadline'),
    rectifiedOnTime: add('rectifiedOnTime'),
    overdue: add('overdue'),
    listed: add('listed'),
    closedListed: add('closedListed'),
  };
  return {
    ...total,
    onTimeRate: rules.shareOf(total.rectifiedOnTime, total.rectifiedWithDeadline),
    closeRate: rules.shareOf(total.closedListed, total.listed),
  };
}

/** The period asked for, or this year up to today (Asia/Shanghai). */
function periodOf(q: { from?: string | undefined; to?: string | undefined }, at: Date): rules.StatsPeriod {
  const today = shanghaiDateOf(at);
  return { from: q.from ?? `${today.slice(0, 4)}-01-01`, to: q.to ?? today };
}

/**
 * `GET /api/hazards/stats`: the figures of the period by the chosen grouping, and its totals, over
 * the hazards the caller may read. By month every month of the period has a row, empty or not; the
 * totals are the whole period's (overdue at its end, each listed hazard once), not the months' sum.
 */
export async function hazardStats(db: Db, actor: Actor, q: StatsQuery, source?: StatsSource): Promise<api.hazardStats.HazardStats> {
  const period = periodOf(q, now(db));
  const asOf = rules.statsAsOf(period, now(db)).toISOString();
  const rollup = (source ?? (await statsSourceFor(db, actor))) === 'rollup';
  if (q.groupBy === 'month') {
    const months = rules.monthsOf(period);
    const counted = rollup ? await rollupByMonth(db, period, months) : await countByMonth(db, actor, period, months);
    const found = new Map(counted.map((r) => [r.interval, figuresOf(r)]));
    const rowsOut = months.map((m) => ({ key: m.key, label: m.key, ...(found.get(m.key) ?? zero) }));
    // Found and closed add up over the months; overdue and listed are the whole period's own.
    const sums = sumFigures(rowsOut);
    const whole = found.get('period') ?? zero;
    return {
      ...period,
      groupBy: q.groupBy,
      asOf,
      rows: rowsOut,
      totals: {
        key: '',
        label: '合计',
        ...sums,
        overdue: whole.overdue,
        listed: whole.listed,
        closedListed: whole.closedListed,
        closeRate: whole.closeRate,
      },
    };
  }
  const grouping = groupings[q.groupBy];
  const raw = rollup
    ? await rollupByGroup(db, period, q.groupBy, grouping.org)
    : await countByGroup(db, actor, period, grouping.key, grouping.org);
  const groupBy = q.groupBy;
  const label = (r: RawRow): string =>
    groupBy === 'street' || groupBy === 'unit' ? (r.label ?? (r.key ? r.key : '未定位')) : codeLabel[groupBy](r.key ?? '');
  const rowsOut = raw
    .map((r) => ({ key: r.key ?? '', label: label(r), ...figuresOf(r) }))
    .sort((a, b) =>
      groupBy === 'level'
        ? rules.hazardLevels.indexOf(a.key as rules.HazardLevel) - rules.hazardLevels.indexOf(b.key as rules.HazardLevel)
        : b.found - a.found || a.key.localeCompare(b.key),
    );
  return { ...period, groupBy, asOf, rows: rowsOut, totals: { key: '', label: '合计', ...sumFigures(rowsOut) } };
}

/** The figures of a period by category and level, for the 16号令 tables: `category|level` → figures. */
export async function figuresByCategoryAndLevel(
  db: Db,
  actor: Actor,
  period: rules.StatsPeriod,
  source?: StatsSource,
): Promise<Map<string, Figures>> {
  const raw =
    (source ?? (await statsSourceFor(db, actor))) === 'rollup'
      ? await rollupByGroup(db, period, 'category_level', false)
      : await countByGroup(db, actor, period, categoryLevelKey, false);
  return new Map(raw.map((r) => [r.key ?? '', figuresOf(r)]));
}

type MapQuery = z.output<typeof api.hazardStats.getMapLayer.query>;

/**
 * `GET /api/hazards/map.geojson`: the located hazards the caller may read, found in the period (when
 * given), filtered by status and level, newest found first, at most `mapLayerLimit`; `truncated`
 * says more matched. `overdue` is the statistics' rule as of now: open past its deadline day.
 */
export async function hazardMapLayer(db: Db, actor: Actor, q: MapQuery): Promise<z.output<typeof api.hazardStats.getMapLayer.response>> {
  const at = now(db);
  const limit = api.hazardStats.mapLayerLimit;
  const conditions: SQL[] = [hazardScope(actor, 'hazard.read', 'h'), sql`h.geom is not null`];
  if (q.status) conditions.push(sql`h.status = ${q.status}`);
  if (q.level) conditions.push(sql`h.level = ${q.level}`);
  if (q.from) conditions.push(sql`h.found_at >= ${rules.periodInstants({ from: q.from, to: q.from }).start.toISOString()}::timestamptz`);
  if (q.to) conditions.push(sql`h.found_at < ${rules.periodInstants({ from: q.to, to: q.to }).end.toISOString()}::timestamptz`);
  const found = await rows<{
    id: string;
    code: string;
    title: string;
    level: rules.HazardLevel;
    status: rules.HazardStatus;
    lng: number;
    lat: number;
    overdue: boolean;
  }>(
    db,
    sql`select h.id, h.code, h.title, h.level, h.status, ST_X(h.geom) as lng, ST_Y(h.geom) as lat,
          coalesce((h.closed_at is null and h.deadline < ${shanghaiDateOf(at)}::date), false) as overdue
        from hazards h
        where ${sql.join(conditions, sql` and `)}
        order by h.found_at desc, h.id
        limit ${limit + 1}`,
  );
  return {
    type: 'FeatureCollection',
    features: found.slice(0, limit).map((h) => ({
      type: 'Feature',
      id: h.id,
      geometry: { type: 'Point', coordinates: [Number(h.lng), Number(h.lat)] },
      properties: { id: h.id, code: h.code, title: h.title, level: h.level, status: h.status, overdue: h.overdue },
    })),
    truncated: found.length > limit,
    limit,
  };
}
