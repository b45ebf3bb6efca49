import { AppError, addCalendarDays, bi, type api, grid as rules, shanghaiDateOf } from '@citysafe/domain';
import ExcelJS from 'exceljs';
import { and, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/actor.js';
import { now, rows, type Tx } from '../../platform/db.js';
import { dayStart, gridReach, gridSettings, placesOf, uuidArray } from './grid.places.js';

/** The longest period one request figures (a year): the plan is computed per place and day. */
const MAX_DAYS = 366;

/**
 * 网格员考核 over `from`..`to` (Asia/Shanghai days, default the 28 days ending today): for each grid member of a grid
 * in the caller's reach, their grid's plan (each place: the period ÷ its interval, rounded up), the visits they made
 * counted up to each place's plan, coverage (places visited ÷ places), what they found, and the on-time rate (visits
 * within the interval of the one before ÷ visits; 0 with a plan and no visit). The places are today's.
 */
export async function gridStats(
  tx: Tx,
  actor: Actor,
  q: { from?: string | undefined; to?: string | undefined; streetId?: string | undefined },
): Promise<api.grid.GridStats> {
  const to = q.to ?? shanghaiDateOf(now(tx));
  const from = q.from ?? addCalendarDays(to, -27);
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  if (days < 1 || days > MAX_DAYS)
    throw new AppError(
      'RULE_VIOLATION',
      bi('统计期间须在 1 至 366 天之间，且开始不晚于结束', 'The period must be 1 to 366 days, from before to'),
      {
        fields: [{ field: 'from', message: bi('期间无效', 'Invalid period') }],
      },
    );
  const members = await rows<{ id: string; name: string; grid_id: string; grid_code: string | null; grid_name: string }>(
    tx,
    sql`select u.id, u.display_name as name, g.id as grid_id, g.grid_code, g.name as grid_name
        from users u join user_roles ur on ur.user_id = u.id and ur.role_code = 'grid_member'
        join orgs g on g.id = u.org_id and g.type = 'grid'
        where ${and(
          gridReach(actor, 'grid.read', sql`g.id`),
          q.streetId ? sql`g.path like (select p.path || '%' from orgs p where p.id = ${q.streetId})` : undefined,
        )}
        order by g.grid_code, u.display_name`,
  );
  const { settings } = await gridSettings(tx);
  const gridIds = [...new Set(members.map((m) => m.grid_id))];
  const places = await placesOf(tx, gridIds, to, settings);
  const start = dayStart(from);
  const end = new Date(dayStart(to).getTime() + 86_400_000);
  const memberIds = members.map((m) => m.id);
  const visits = await rows<{ member_id: string; key: string; day: string; hazards: number; cases: number }>(
    tx,
    sql`select v.member_id, v.place_type || ':' || v.place_id as key,
          to_char(v.checked_in_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day,
          (select count(*)::int from jsonb_array_elements(v.findings) f where f->>'kind' = 'hazard') as hazards,
          (select count(*)::int from jsonb_array_elements(v.findings) f where f->>'kind' <> 'hazard') as cases
        from grid_visits v
        where v.member_id = any(${uuidArray(memberIds)}) and v.checked_in_at >= ${start} and v.checked_in_at < ${end}`,
  );
  const before = await rows<{ member_id: string; key: string; day: string }>(
    tx,
    sql`select v.member_id, v.place_type || ':' || v.place_id as key,
          to_char(max(v.checked_in_at) at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day
        from grid_visits v where v.member_id = any(${uuidArray(memberIds)}) and v.checked_in_at < ${start}
        group by v.member_id, v.place_type, v.place_id`,
  );
  const rate = (n: number, d: number, empty: number) => (d > 0 ? Math.round((n / d) * 1000) / 1000 : empty);
  // Grouped once, so that each member's places read their own visits without scanning everyone's.
  const daysOf = new Map<string, string[]>();
  for (const v of visits) {
    const key = `${v.member_id}|${v.key}`;
    daysOf.set(key, [...(daysOf.get(key) ?? []), v.day]);
  }
  const lastBefore = new Map(before.map((b) => [`${b.member_id}|${b.key}`, b.day]));
  const lines = members.map((m) => {
    const mine = places.filter((p) => p.gridId === m.grid_id);
    const theirs = visits.filter((v) => v.member_id === m.id);
    let planned = 0;
    let done = 0;
    let onTime = 0;
    let made = 0;
    let covered = 0;
    for (const p of mine) {
      const record = rules.patrolRecord({
        visitDays: daysOf.get(`${m.id}|${p.key}`) ?? [],
        lastBefore: lastBefore.get(`${m.id}|${p.key}`) ?? null,
        interval: p.intervalDays,
        from,
        to,
      });
      planned += record.planned;
      done += record.done;
      onTime += record.onTime;
      made += record.visits;
      if (record.visits > 0) covered += 1;
    }
    return {
      memberId: m.id,
      name: m.name,
      grid: { id: m.grid_id, code: m.grid_code, name: m.grid_name },
      planned,
      done,
      coverage: rate(covered, mine.length, 1),
      hazardsFound: theirs.reduce((n, v) => n + v.hazards, 0),
      casesFound: theirs.reduce((n, v) => n + v.cases, 0),
      onTimeRate: rate(onTime, made, planned > 0 ? 0 : 1),
      made,
      onTime,
      covered,
      placeCount: mine.length,
    };
  });
  const sum = (f: (l: (typeof lines)[number]) => number) => lines.reduce((n, l) => n + f(l), 0);
  const planned = sum((l) => l.planned);
  return {
    from,
    to,
    members: lines.map(({ made: _m, onTime: _o, covered: _c, placeCount: _p, ...line }) => line),
    totals: {
      members: lines.length,
      planned,
      done: sum((l) => l.done),
      coverage: rate(
        sum((l) => l.covered),
        sum((l) => l.placeCount),
        1,
      ),
      hazardsFound: sum((l) => l.hazardsFound),
      casesFound: sum((l) => l.casesFound),
      onTimeRate: rate(
        sum((l) => l.onTime),
        sum((l) => l.made),
        planned > 0 ? 0 : 1,
      ),
    },
  };
}

const percent = (r: number) => `${(r * 100).toFixed(1)}%`;

/** The same figures as a workbook: one line per member and the totals. */
export async function gridStatsWorkbook(
  tx: Tx,
  actor: Actor,
  q: Parameters<typeof gridStats>[2],
): Promise<{ name: string; bytes: Buffer }> {
  const stats = await gridStats(tx, actor, q);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CitySafe 城安';
  wb.created = now(tx);
  const sheet = wb.addWorksheet('网格员考核');
  sheet.addRow([`网格员考核 ${stats.from} 至 ${stats.to}`]).font = { bold: true, size: 14 };
  sheet.addRow([
    '计划巡查 = 各巡查点按风险等级的巡查间隔折算的次数；完成 = 按计划计数的巡查次数；覆盖率 = 巡查过的点位 ÷ 点位数；按时率 = 间隔内完成的巡查 ÷ 巡查次数',
  ]);
  sheet.addRow(['网格员', '网格编码', '网格', '计划巡查', '完成巡查', '覆盖率', '发现隐患', '上报事件', '按时率']).font = { bold: true };
  for (const m of stats.members)
    sheet.addRow([
      m.name,
      m.grid.code ?? '',
      m.grid.name,
      m.planned,
      m.done,
      percent(m.coverage),
      m.hazardsFound,
      m.casesFound,
      percent(m.onTimeRate),
    ]);
  const t = stats.totals;
  sheet.addRow([
    `合计（${t.members} 人）`,
    '',
    '',
    t.planned,
    t.done,
    percent(t.coverage),
    t.hazardsFound,
    t.casesFound,
    percent(t.onTimeRate),
  ]).font = {
    bold: true,
  };
  sheet.columns.forEach((c, i) => (c.width = i === 2 ? 24 : i === 1 ? 18 : 12));
  return { name: `网格员考核_${stats.from}_${stats.to}.xlsx`, bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
}
