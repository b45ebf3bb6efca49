import { type api, addCalendarDays, bi, type Bilingual } from '@citysafe/domain';
import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import { type Db, now, rows } from '../../platform/db.js';
import { reportScope } from './report.scope.js';

type Figures = z.infer<typeof api.reportHandling.reportFigures>;
type StatsRow = z.infer<typeof api.reportHandling.reportStatsRow>;

/** Asia/Shanghai midnight of a day, as an instant. */
const dayStart = (day: string): string => `${day}T00:00:00+08:00`;

interface Counted {
  key: string | null;
  received: number;
  accepted: number;
  refused: number;
  closed: number;
  unresolved: number;
  on_time: number;
  overdue_open: number;
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 10000) / 10000);

const figures = (c: Omit<Counted, 'key'>): Figures => ({
  received: c.received,
  accepted: c.accepted,
  refused: c.refused,
  closed: c.closed,
  unresolved: c.unresolved,
  onTime: c.on_time,
  overdueOpen: c.overdue_open,
  closureRate: ratio(c.closed, c.accepted),
  onTimeRate: ratio(c.on_time, c.closed),
});

/**
 * The figures of one grouping over the reports in the caller's reach (regulations.md §10: 办结率 has no official
 * formula; we take the suggested 办结件数 ÷ 受理件数 of the period):
 * - received, refused (of those received in the period); accepted in the period;
 * - closed = those accepted in the period and closed with the problem settled (办结): 关闭-未解决 is counted apart and
 *   never as 办结, so that the rate cannot be raised by closing reports unsolved;
 * - on time = closed within the limit in force (extension included), its own figure and rate;
 * - overdue open = still open now with the waiting step past its limit.
 */
async function grouped(db: Db, actor: Actor, from: string, to: string, key: SQL): Promise<Counted[]> {
  const start = dayStart(from);
  const end = dayStart(addCalendarDays(to, 1));
  const at = now(db).toISOString();
  const received = sql`r.received_at >= ${start}::timestamptz and r.received_at < ${end}::timestamptz`;
  const accepted = sql`r.accepted_at >= ${start}::timestamptz and r.accepted_at < ${end}::timestamptz`;
  const settled = sql`r.status = 'closed' and r.outcome is distinct from 'unresolved'`;
  return rows<Counted>(
    db,
    sql`select ${key} as key,
      count(*) filter (where ${received})::int as received,
      count(*) filter (where ${accepted})::int as accepted,
      count(*) filter (where ${received} and r.status = 'refused')::int as refused,
      count(*) filter (where ${accepted} and ${settled})::int as closed,
      count(*) filter (where ${accepted} and r.status = 'closed' and r.outcome = 'unresolved')::int as unresolved,
      count(*) filter (where ${accepted} and ${settled} and r.closed_at <= coalesce(r.extended_until, r.due_at))::int as on_time,
      count(*) filter (where (${received} or ${accepted}) and (
        (r.status = 'received' and r.accept_due_at < ${at}::timestamptz)
        or (r.status in ('accepted', 'assigned', 'handled', 'verified') and coalesce(r.extended_until, r.due_at) < ${at}::timestamptz)))::int as overdue_open
    from reports r
    where ${reportScope(actor, 'report.read', 'r')} and ((${received}) or (${accepted}))
    group by 1 order by 1`,
  );
}

async function named(db: Db, table: 'orgs' | 'report_categories', keys: string[]): Promise<Map<string, Bilingual>> {
  if (keys.length === 0) return new Map();
  const list = sql.join(
    keys.map((k) => sql`${k}`),
    sql`, `,
  );
  const found =
    table === 'orgs'
      ? await rows<{ key: string; zh: string; en: string }>(
          db,
          sql`select id::text as key, coalesce(nullif(short_name, ''), name) as zh, coalesce(nullif(short_name, ''), name) as en from orgs where id::text in (${list})`,
        )
      : await rows<{ key: string; zh: string; en: string }>(
          db,
          sql`select code as key, name_zh as zh, name_en as en from report_categories where code in (${list})`,
        );
  return new Map(found.map((f) => [f.key, { zh: f.zh, en: f.en }]));
}

const none: Record<'category' | 'street' | 'unit' | 'month', Bilingual> = {
  category: bi('未分类', 'No category'),
  street: bi('未定位到街道', 'No street'),
  unit: bi('未交办', 'Not assigned'),
  month: bi('—', '—'),
};

async function rowsOf(
  db: Db,
  actor: Actor,
  from: string,
  to: string,
  kind: keyof typeof none,
  key: SQL,
  names: (keys: string[]) => Promise<Map<string, Bilingual>>,
): Promise<StatsRow[]> {
  const counted = await grouped(db, actor, from, to, key);
  const labels = await names(counted.flatMap((c) => (c.key ? [c.key] : [])));
  return counted.map(({ key: k, ...c }) => ({ key: k ?? '', name: (k && labels.get(k)) || none[kind], ...figures(c) }));
}

/** `GET /api/reports/stats`: the period's figures, by category, street, unit (assigned) and month, and paid rewards. */
export async function reportStats(db: Db, actor: Actor, q: { from: string; to: string }): Promise<api.reportHandling.ReportStats> {
  const [total] = await grouped(db, actor, q.from, q.to, sql`null::text`);
  const monthKey = sql`to_char(coalesce(r.accepted_at, r.received_at) at time zone 'Asia/Shanghai', 'YYYY-MM')`;
  const [paid] = await rows<{ n: number; amount: string | null }>(
    db,
    sql`select count(*)::int as n, sum(w.amount)::text as amount from report_rewards w join reports r on r.id = w.report_id
      where w.status = 'paid' and ${reportScope(actor, 'report.read', 'r')}
        and w.paid_at >= ${dayStart(q.from)}::timestamptz and w.paid_at < ${dayStart(addCalendarDays(q.to, 1))}::timestamptz`,
  );
  const empty = { received: 0, accepted: 0, refused: 0, closed: 0, unresolved: 0, on_time: 0, overdue_open: 0 };
  return {
    from: q.from,
    to: q.to,
    total: figures(total ?? empty),
    byCategory: await rowsOf(db, actor, q.from, q.to, 'category', sql`r.category`, (k) => named(db, 'report_categories', k)),
    byStreet: await rowsOf(db, actor, q.from, q.to, 'street', sql`r.street_id::text`, (k) => named(db, 'orgs', k)),
    byUnit: await rowsOf(db, actor, q.from, q.to, 'unit', sql`r.assigned_org_id::text`, (k) => named(db, 'orgs', k)),
    byMonth: await rowsOf(db, actor, q.from, q.to, 'month', monthKey, async (k) => new Map(k.map((m) => [m, bi(m, m)]))),
    rewards: { paidCount: paid?.n ?? 0, paidAmount: Number(paid?.amount ?? 0) },
  };
}
