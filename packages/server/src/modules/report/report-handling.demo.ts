import { report as rules } from '@citysafe/domain';
import { eq, inArray, like, sql } from 'drizzle-orm';
import { type Actor, anonymous, systemActor } from '../../platform/actor.js';
import { bindClock, type Db, now, rows } from '../../platform/db.js';
import type { DemoCounts } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { plan } from '../../platform/workflow.js';
import { loadUserActor, orgs, users } from '../identity/index.js';
import { applyReportTransition, joinedReports } from './report-handling.service.js';
import { createReport } from './report-intake.service.js';
import { decideReward, insertReward } from './report-reward.service.js';
import { reports } from './report.tables.js';

/** Every demo report says so in its description: the mark that makes the demo run once. */
export const REPORT_DEMO_MARK = '（演示数据）';
/** Reports over the past six months: about twenty a month, as a district of this size receives. */
export const DEMO_REPORTS = 120;
const DAY = 86_400_000;
const HOUR = 3_600_000;

/** A deterministic generator (mulberry32), so that every demo district is the same. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class DemoClock {
  at = new Date(0);
  now(): Date {
    return this.at;
  }
}

/** What the public reports, by category (the three statutory ones most, as 12350 lines receive). */
const texts: Record<string, string[]> = {
  major_hazard: [
    '液氨储罐区可燃气体报警器长期不亮，夜间有刺鼻气味',
    '危化品仓库内多种物料混放，未设防泄漏围堰',
    '有限空间作业无人监护，未检测气体',
  ],
  violation: ['工地夜间无证动火切割，无消防措施', '物流园叉车司机无证驾驶', '企业未经审批擅自扩建危化品储存场所'],
  concealed_accident: ['听说上周某工地有工人坠落死亡，企业未上报', '某厂车间爆燃致人受伤，私下赔偿未报告'],
  fire_exit: ['商场安全出口被货物堵死', '小区消防通道长期被私家车占用', '网吧后门安全出口上锁'],
  gas_safety: ['餐馆燃气软管老化，厨房有燃气味', '小吃店液化气罐放在门口人行道上'],
  other: ['广告牌松动，大风天有坠落危险', '人行道井盖缺失'],
};
const categoryWeights: [string, number][] = [
  ['major_hazard', 0.18],
  ['violation', 0.22],
  ['concealed_accident', 0.05],
  ['fire_exit', 0.25],
  ['gas_safety', 0.18],
  ['other', 0.12],
];
const names = ['李明', '王芳', '张伟', '刘洋', '陈静', '杨帆', '赵磊', '黄敏'];

interface Site {
  orgId: string;
  orgName: string;
  streetCode: string;
  lng: number;
  lat: number;
}

async function demoActor(db: Db, username: string): Promise<Actor> {
  const [u] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.username}) = ${username}`);
  if (!u) return systemActor;
  return (await loadUserActor(db, u.id, { via: 'session', sessionId: null, csrfToken: null, ip: null })) ?? systemActor;
}

/**
 * The report part of the demonstration district: six months of public reports at the places of the risk module's
 * demo sources, a third anonymous, each walked through the handling workflow as 安委办 and the streets would — about
 * 8 % refused with a §10 ground, a few merged as duplicates, most closed within the 60 days (some as hazards in the
 * hazard loop, some passed to enforcement, a few 转办 or 关闭-未解决), two extended, the last weeks' still open — and
 * rewards proposed, approved and paid for a share of the proven hazards and violations.
 *
 * Through INTAKE's `createReport` and this part's `applyReportTransition` (codes, areas, limits, timelines, audit
 * rows as the API writes them), the clock stood at each step's date. One transaction; idempotent.
 */
export async function fillReportDemo(platform: Platform): Promise<DemoCounts> {
  const { db } = platform;
  const [existing] = await db
    .select({ id: reports.id })
    .from(reports)
    .where(like(reports.description, `%${REPORT_DEMO_MARK}%`))
    .limit(1);
  if (existing) return { reports: 0, reportRewards: 0 };
  const sites = await rows<Site>(
    db,
    sql`select s.org_id as "orgId", o.name as "orgName", st.code as "streetCode",
               ST_X(ST_PointOnSurface(s.geom)) as lng, ST_Y(ST_PointOnSurface(s.geom)) as lat
          from risk_sources s join orgs o on o.id = s.org_id join orgs st on st.id = s.street_id
         where s.geom is not null and st.code in ('XZJB', 'XHJB') and o.type = 'enterprise'
         order by s.code`,
  );
  if (sites.length === 0) return { reports: 0, reportRewards: 0 };
  const people: Record<string, Actor> = {
    office: await demoActor(db, 'awb'),
    XZJB: await demoActor(db, 'xzjb'),
    XHJB: await demoActor(db, 'xhjb'),
  };
  const streetIds = new Map(
    (
      await db
        .select({ id: orgs.id, code: orgs.code })
        .from(orgs)
        .where(inArray(orgs.code, ['XZJB', 'XHJB']))
    ).map((o) => [o.code, o.id]),
  );
  const today = now(db);

  return db.transaction(async (tx) => {
    const clock = new DemoClock();
    bindClock(tx as Db, clock);
    const r = random(20260614);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
    const weighted = () => {
      let x = r();
      for (const [code, w] of categoryWeights) if ((x -= w) < 0) return code;
      return 'other';
    };
    const step = async (id: string, actor: Actor, action: string, input: unknown, when: Date) => {
      clock.at = when;
      const [j] = await joinedReports(tx).where(eq(reports.id, id));
      const transition = plan(rules.reportWorkflow, j!.r.status, action, input, actor) as Parameters<typeof applyReportTransition>[3];
      return applyReportTransition(tx, actor, j!, transition);
    };
    const firstOf = new Map<string, string>();
    let count = 0;
    let rewarded = 0;
    // Received in order, so that codes follow the dates and a duplicate comes after the report it repeats.
    const receipts = Array.from(
      { length: DEMO_REPORTS },
      () => today.getTime() - (Math.floor(r() * 180) + 1) * DAY + Math.floor(r() * 10) * HOUR - 4 * HOUR,
    ).sort((a, b) => a - b);
    for (const time of receipts) {
      const site = pick(sites);
      const category = weighted();
      const received = new Date(time);
      const isAnonymous = r() < 0.35;
      clock.at = received;
      const created = await createReport(tx, anonymous(null), {
        category,
        description: `${site.orgName}：${pick(texts[category]!)}${REPORT_DEMO_MARK}`,
        lng: Number(site.lng),
        lat: Number(site.lat),
        address: null,
        placeName: site.orgName,
        reportedOrgName: site.orgName,
        anonymous: isAnonymous,
        reporter: isAnonymous ? null : { name: pick(names), phone: `139${String(10_000_000 + Math.floor(r() * 89_999_999))}` },
        photoIds: [],
        channel: pick(['web', 'web', 'web', 'hotline', 'office'] as const),
      });
      count++;
      const id = created.id;
      const office = people.office!;
      const unit = people[site.streetCode]!;
      const streetId = streetIds.get(site.streetCode)!;
      const course = r();
      const acceptAt = new Date(received.getTime() + (2 + Math.floor(r() * 40)) * HOUR);
      if (acceptAt > today) continue;
      const key = `${category}:${site.orgId}`;
      if (course < 0.08) {
        await step(
          id,
          office,
          'refuse',
          { ground: pick(['no_target_or_facts', 'other_procedure', 'not_safety'] as const), reason: '经核实，不属于安全生产举报受理范围' },
          acceptAt,
        );
        continue;
      }
      if (course < 0.13 && firstOf.has(key)) {
        await step(id, office, 'merge', { duplicateOf: firstOf.get(key)! }, acceptAt);
        continue;
      }
      if (!firstOf.has(key)) firstOf.set(key, id);
      await step(id, office, 'accept', {}, acceptAt);
      const assignAt = new Date(acceptAt.getTime() + (1 + Math.floor(r() * 20)) * HOUR);
      if (assignAt > today) continue;
      await step(id, office, 'assign', { orgId: streetId }, assignAt);
      // Most are handled well within the 60 days; one in twenty runs long and is extended at day 50.
      const long = r() < 0.05;
      const handleDays = long ? 70 : 5 + Math.floor(r() * 40);
      if (long && assignAt.getTime() + 50 * DAY < today.getTime())
        await step(id, office, 'extend', { days: 30, reason: '需委托第三方检测机构出具检测报告' }, new Date(assignAt.getTime() + 50 * DAY));
      const handleAt = new Date(assignAt.getTime() + handleDays * DAY);
      if (handleAt > today) continue;
      const o = r();
      const statutory = category === 'major_hazard' || category === 'violation' || category === 'concealed_accident';
      const outcome: rules.ReportOutcome =
        o < 0.3 && category !== 'concealed_accident'
          ? 'hazard'
          : o < 0.55 && statutory
            ? 'enforcement'
            : o < 0.75
              ? 'resolved'
              : o < 0.87
                ? 'not_established'
                : o < 0.95
                  ? 'transferred'
                  : 'unresolved';
      await step(
        id,
        unit,
        'handle',
        {
          outcome,
          note: outcome === 'unresolved' ? '涉事单位已停业，无法联系，问题未能解决' : '已现场核查并依法处理',
          ...(outcome === 'hazard' ? { hazard: { level: '一般', responsibleOrgId: site.orgId } } : {}),
          ...(outcome === 'transferred' ? { transferredTo: pick(['区住建局', '区市场监管局', '区城管局']) } : {}),
        },
        handleAt,
      );
      const verifyAt = new Date(handleAt.getTime() + (1 + Math.floor(r() * 3)) * DAY);
      if (verifyAt > today) continue;
      await step(id, office, 'verify', {}, verifyAt);
      const closeAt = new Date(verifyAt.getTime() + (2 + Math.floor(r() * 30)) * HOUR);
      if (closeAt > today) continue;
      const closed = await step(id, office, 'close', { reply: '您举报的问题已核查处理，感谢您对安全生产工作的支持。' }, closeAt);
      // Rewards: a share of the proven statutory reports, most approved and paid within a month.
      if (statutory && (outcome === 'hazard' || outcome === 'enforcement') && r() < 0.6) {
        clock.at = new Date(closeAt.getTime() + 2 * DAY);
        if (clock.at > today) continue;
        const basis: rules.RewardBasis =
          category === 'concealed_accident'
            ? { kind: 'concealed_accident', grade: '一般', concealedDeaths: 1 }
            : { kind: 'fine', fine: pick([10_000, 30_000, 50_000, 100_000, 200_000]) };
        let reward = await insertReward(tx, office, closed, { basis, note: null });
        rewarded++;
        clock.at = new Date(clock.at.getTime() + 3 * DAY);
        if (clock.at > today) continue;
        reward = await decideReward(tx, office, reward, 'approve', {});
        clock.at = new Date(clock.at.getTime() + 7 * DAY);
        if (clock.at > today) continue;
        await decideReward(tx, office, reward, 'pay', { paymentRef: `JL-${closed.code.slice(3)}` });
      }
    }
    return { reports: count, reportRewards: rewarded };
  });
}
