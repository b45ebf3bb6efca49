import { addCalendarDays, hazard as rules, shanghaiDateOf } from '@citysafe/domain';
import { eq, inArray, like, sql } from 'drizzle-orm';
import { type Actor, systemActor } from '../../platform/actor.js';
import { bindClock, type Db, now, rows, type Tx } from '../../platform/db.js';
import type { DemoCounts } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { plan } from '../../platform/workflow.js';
import { loadUserActor, orgs, users } from '../identity/index.js';
import { applyHazardTransition, storePlan } from './hazard.actions.js';
import type { HazardRow } from './hazard.present.js';
import { insertHazard } from './hazard.service.js';
import { hazards } from './hazard.tables.js';

/** Every demo hazard says so in its description: the mark that makes the demo run once. */
export const HAZARD_DEMO_MARK = '（演示数据）';
/**
 * 一般 hazards over the past year: about a dozen a month across the two streets. Each goes through the services
 * (≈ 40 ms a hazard with its steps on the embedded database), so the count keeps `citysafe demo` short.
 */
export const DEMO_GENERAL_HAZARDS = 150;

const DAY_MS = 86_400_000;

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

type Category = rules.HazardCategoryCode;

/** What a 一般 hazard of each category typically is (the kinds the seed's special campaigns look for). */
const titles: Partial<Record<Category, string[]>> = {
  fire: ['消防通道被杂物堵塞', '灭火器超期未检修', '疏散指示标志损坏', '防火门闭门器损坏', '室内消火栓被遮挡'],
  electrical: ['私拉乱接临时电线', '配电箱未上锁、无警示标识', '漏电保护器试验失效'],
  gas: ['燃气管道局部锈蚀', '可燃气体报警器失效', '燃气软管老化超期使用'],
  hazardous_chemicals: ['危化品禁忌物料混存', '危化品安全标签缺失', '防泄漏围堰破损'],
  special_equipment: ['电梯超期未定期检验', '起重机械限位器失效'],
  confined_space: ['有限空间作业未审批', '有限空间警示标识缺失'],
  construction: ['临边洞口防护缺失', '脚手架连墙件缺失', '基坑边堆载超限'],
  road_transport: ['场站车辆安全设施不全', '减速带和反光标志损坏'],
  crowded_place: ['安全出口上锁', '应急照明失效'],
  e_bike: ['电动自行车楼道内充电', '电动自行车飞线充电'],
  work_at_height: ['高处作业未系安全带'],
  ammonia_refrigeration: ['氨压缩机房通风不良'],
  other: ['安全警示标志缺失'],
};

/** The hazard categories that fit a risk source of each census category (risk/categories.ts). */
const categoriesBySource: Record<string, Category[]> = {
  hazardous_chemicals: ['hazardous_chemicals', 'fire', 'electrical'],
  industry_trade: ['confined_space', 'ammonia_refrigeration', 'electrical', 'fire'],
  construction: ['construction', 'work_at_height', 'electrical'],
  crowded_place: ['fire', 'crowded_place', 'e_bike', 'electrical'],
  high_rise: ['fire', 'e_bike'],
  lifeline: ['gas', 'electrical'],
  oil_gas_pipeline: ['gas'],
  special_equipment: ['special_equipment'],
  public_transport: ['road_transport', 'fire'],
  road_rail: ['road_transport'],
  bridge_tunnel: ['road_transport'],
  fireworks: ['fire'],
};

/** A risk source (the risk module's demo made them), with a point on it and the unit answering for it. */
interface Site {
  id: string;
  name: string;
  category: string;
  orgId: string;
  streetCode: string | null;
  lng: number;
  lat: number;
}

/** A clock standing at the instant a step of the demo took place, bound to the demo's transaction. */
class DemoClock {
  at = new Date(0);
  now(): Date {
    return this.at;
  }
}

/**
 * How one 一般 hazard went: its days from found to each step (rectification started, submitted, verified,
 * returned), or where it stopped. The shares give a district's usual year: most closed before their
 * deadline, about one in ten overdue, some returned once, the last weeks' still open.
 */
type Course = 'onTime' | 'onSpot' | 'returned' | 'lateClosed' | 'overdueOpen';
function courseOf(r: number): Course {
  if (r < 0.2) return 'onSpot';
  if (r < 0.78) return 'onTime';
  if (r < 0.88) return 'returned';
  if (r < 0.94) return 'lateClosed';
  return 'overdueOpen';
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
 * The hazard part of the demonstration district: a year of 一般 hazards at the risk module's demo sources
 * (units, streets, communities and grids computed from their points) found by self-checks, departments'
 * checks, grid patrols and campaigns, each walked through its loop — most closed on time, about 10 %
 * overdue, some returned once, the last weeks' open — and four 重大 hazards: one reported, one with its
 * treatment plan, one 挂牌督办 with public notice (公示), one 销号 ten days ago.
 *
 * Through the services, not set-based: each hazard is created by `insertHazard` and each step applied by
 * LOOP's `applyHazardTransition`, so codes, areas, repeat flags, risk levels, timelines and audit rows are
 * the ones the API writes. The platform's clock is stood at each step's date (a clock bound to the demo's
 * transaction), so found dates, deadlines, codes' years, timelines and audit rows read as a year's work.
 * One transaction: a failure leaves nothing half made. Idempotent: nothing is added once demo hazards exist.
 */
export async function fillHazardDemo(platform: Platform): Promise<DemoCounts> {
  const { db } = platform;
  const [existing] = await db
    .select({ id: hazards.id })
    .from(hazards)
    .where(like(hazards.description, `%${HAZARD_DEMO_MARK}%`))
    .limit(1);
  if (existing) return { hazards: 0, majorHazards: 0 };
  const sites = await rows<Site>(
    db,
    sql`select s.id, s.name, s.category, s.org_id as "orgId", st.code as "streetCode",
               ST_X(ST_PointOnSurface(s.geom)) as lng, ST_Y(ST_PointOnSurface(s.geom)) as lat
          from risk_sources s left join orgs st on st.id = s.street_id
         where s.geom is not null
         order by s.code`,
  );
  const fitting = sites.filter((s) => categoriesBySource[s.category]);
  if (fitting.length === 0) return { hazards: 0, majorHazards: 0 };
  const people = {
    enterprise: await demoActor(db, 'qy_gahg'),
    department: await demoActor(db, 'yjglj'),
    office: await demoActor(db, 'awb'),
    XZJB: await demoActor(db, 'xzjb'),
    XHJB: await demoActor(db, 'xhjb'),
  };
  const orgIds = new Map(
    (
      await db
        .select({ id: orgs.id, code: orgs.code })
        .from(orgs)
        .where(inArray(orgs.code, ['QY-GAHG', 'QY-GTWL', 'QY-BSEQ', 'QY-WLGC', 'AWB', 'YJGLJ', 'JTZJJ']))
    ).map((o) => [o.code, o.id]),
  );
  const today = now(db);

  return db.transaction(async (tx) => {
    const clock = new DemoClock();
    bindClock(tx as Db, clock);
    const at = (moment: Date) => {
      clock.at = moment;
    };
    const step = async (before: HazardRow, actor: Actor, action: string, input: unknown, when: Date): Promise<HazardRow> => {
      at(when);
      // Planned as the API plans it (state, permission, the action's input parsed), typed by the action it names.
      const transition = plan(rules.hazardWorkflow, before.status, action, input, actor) as Parameters<typeof applyHazardTransition>[3];
      return applyHazardTransition(tx, actor, before, transition);
    };
    const load = async (id: string) => (await tx.select().from(hazards).where(eq(hazards.id, id)))[0]!;

    const r = random(20260101);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
    let general = 0;
    for (let i = 0; i < DEMO_GENERAL_HAZARDS; i++) {
      const site = pick(fitting);
      const category = pick(categoriesBySource[site.category]!);
      const daysAgo = Math.floor(r() * 364) + 1;
      const found = new Date(today.getTime() - daysAgo * DAY_MS + Math.floor(r() * 8) * 3_600_000 - 2 * 3_600_000);
      const allowedDays = pick([7, 15, 15, 30]);
      const deadline = addCalendarDays(shanghaiDateOf(found), allowedDays);
      const deadlineAt = new Date(`${deadline}T17:00:00+08:00`);
      const isGahg = site.orgId === orgIds.get('QY-GAHG');
      const origin = isGahg ? 'self_check' : pick(['self_check', 'department_check', 'grid_patrol', 'campaign', 'inspection'] as const);
      const reporter =
        origin === 'self_check' && isGahg ? people.enterprise : origin === 'department_check' ? people.department : systemActor;
      const rectifier = isGahg ? people.enterprise : systemActor;
      const verifier = site.streetCode === 'XHJB' ? people.XHJB : people.XZJB;
      at(found);
      const id = await insertHazard(tx, reporter, {
        title: `${site.name}${pick(titles[category] ?? titles.other!)}`,
        level: '一般',
        responsibleOrgId: site.orgId,
        foundAt: found.toISOString(),
        description: `${rules.hazardCategories.find((c) => c.code === category)!.label.zh}隐患，${site.name}${HAZARD_DEMO_MARK}`,
        category,
        lng: Number(site.lng),
        lat: Number(site.lat),
        deadline,
        origin,
        placeName: site.name,
        riskSourceId: site.id,
      });
      general++;
      // Each step happens when the course says, and only if that day has come: the last weeks' stay open.
      let h = await load(id);
      const after = (days: number) => new Date(found.getTime() + days * DAY_MS);
      const happened = (when: Date) => when.getTime() < today.getTime();
      const course = courseOf(r());
      const rectified = (note: string) => ({ note, photoIds: [] });
      if (course === 'onSpot') {
        if (!happened(after(0.1))) continue;
        h = await step(h, rectifier, 'rectifyOnSpot', rectified('现场立即整改完毕'), after(0.1));
        if (happened(after(1))) await step(h, verifier, 'verify', { note: '复查确认已整改' }, after(1));
        continue;
      }
      // A unit starts within a few days: the last days' hazards may still be waiting for it.
      const startDays = 1 + r() * Math.min(4, allowedDays / 5);
      const startAt = after(startDays);
      if (!happened(startAt)) continue;
      h = await step(h, rectifier, 'startRectification', {}, startAt);
      // On time: submitted early enough that the verification (within three days) still falls before the deadline.
      const onTimeDays = startDays + 0.5 + r() * Math.max(0, allowedDays - startDays - 4);
      const submitAt = course === 'lateClosed' ? new Date(deadlineAt.getTime() + (2 + r() * 10) * DAY_MS) : after(onTimeDays);
      if (course === 'overdueOpen' || !happened(submitAt)) continue;
      h = await step(h, rectifier, 'submitRectification', rectified('已按要求整改，附整改说明'), submitAt);
      let verifyAt = new Date(submitAt.getTime() + (0.5 + r() * 2.5) * DAY_MS);
      if (course === 'returned') {
        if (!happened(verifyAt)) continue;
        h = await step(h, verifier, 'return', { reason: '整改不彻底，请按标准重新整改' }, verifyAt);
        const again = new Date(verifyAt.getTime() + (1 + r() * 2) * DAY_MS);
        if (!happened(again)) continue;
        h = await step(h, rectifier, 'submitRectification', rectified('已按退回意见重新整改'), again);
        verifyAt = new Date(again.getTime() + DAY_MS);
      }
      if (happened(verifyAt)) await step(h, verifier, 'verify', { note: '现场验收合格' }, verifyAt);
    }

    const majors = await fillMajorHazards(tx, { at, step, load, today, orgIds, people, sites });
    return { hazards: general, majorHazards: majors };
  });
}

interface MajorContext {
  at: (moment: Date) => void;
  step: (before: HazardRow, actor: Actor, action: string, input: unknown, when: Date) => Promise<HazardRow>;
  load: (id: string) => Promise<HazardRow>;
  today: Date;
  orgIds: Map<string, string>;
  people: Record<'enterprise' | 'department' | 'office' | 'XZJB' | 'XHJB', Actor>;
  sites: Site[];
}

/** A 治理方案 with its six parts (16号令 Art. 15), in the words a unit would write. */
const demoPlan = (what: string): rules.HazardPlan => ({
  goals: `消除${what}重大事故隐患，治理后经评估达到安全条件`,
  methods: '停用相关设施，委托有资质单位设计整改方案并施工，整改后组织专家评估',
  funding: '企业自筹治理资金 120 万元，物资由设备部统一采购',
  organization: '成立以主要负责人为组长的隐患治理领导小组，安全总监负责现场实施',
  timeline: '30 日内完成设计，60 日内完成施工，90 日内完成评估',
  safetyMeasures: '治理期间设置警戒区域，安排专人值守，编制现场处置方案并演练',
});

/**
 * The four 重大 hazards, one at each stage the district office follows: reported, planned, listed with
 * public notice, and 销号. Each at the demo enterprise it fits, linked to one of its risk sources when it
 * has one (raising that source's displayed level until closed).
 */
async function fillMajorHazards(tx: Tx, c: MajorContext): Promise<number> {
  const ago = (days: number) => new Date(c.today.getTime() - days * DAY_MS);
  const dateAgo = (days: number) => shanghaiDateOf(ago(days));
  const sourceOf = (orgCode: string) => c.sites.find((s) => s.orgId === c.orgIds.get(orgCode))?.id ?? null;
  const listing = (deadline: string) => ({
    supervisingOrgId: c.orgIds.get('AWB')!,
    supervisingBody: '西安国际港务区安全生产委员会',
    // The post, not the person: the notice and the demo name the office that answers for it.
    responsibleLeader: '区安委会副主任（分管副区长）',
    deadline,
    publicNotice: true,
    stopWork: 'partial' as const,
  });
  const create = async (
    actor: Actor,
    orgCode: string,
    foundDaysAgo: number,
    fields: { title: string; category: Category; placeName: string; majorBasis: string },
  ) => {
    const found = ago(foundDaysAgo);
    c.at(found);
    const id = await insertHazard(tx, actor, {
      ...fields,
      level: '重大',
      responsibleOrgId: c.orgIds.get(orgCode)!,
      foundAt: found.toISOString(),
      description: `${fields.title}${HAZARD_DEMO_MARK}`,
      deadline: dateAgo(foundDaysAgo - 90),
      origin: 'department_check',
      riskSourceId: sourceOf(orgCode),
    });
    return c.load(id);
  };
  const { department, office } = c.people;
  let count = 0;

  // 1. Reported: found by 应急管理局 last week and reported to the regulators (16号令 Art. 14).
  const reported = await create(department, 'QY-GAHG', 6, {
    title: '液氨储罐区紧急切断装置失效',
    category: 'hazardous_chemicals',
    placeName: '港安化工仓储液氨储罐区',
    majorBasis: '《化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）》：涉及重点监管危险化学品的装置未实现紧急切断功能',
  });
  await c.step(reported, department, 'report', {}, ago(5));
  count++;

  // 2. Planned: reported a month ago, its treatment plan with the six parts stored.
  let planned = await create(department, 'QY-GTWL', 32, {
    title: 'LNG 加气站储罐区与站外建筑防火间距不足',
    category: 'gas',
    placeName: '港通物流 LNG 加气站',
    majorBasis: '《城镇燃气经营安全重大隐患判定标准》：燃气场站与周边建筑物的防火间距不符合要求',
  });
  planned = await c.step(planned, department, 'report', {}, ago(31));
  c.at(ago(20));
  await storePlan(tx, department, planned, demoPlan('防火间距不足'));
  count++;

  // 3. Listed 挂牌督办 by the district's 安委会 with public notice: on the public 公示 list.
  let listed = await create(department, 'QY-WLGC', 75, {
    title: '购物中心疏散通道被占用、防火分区防火卷帘失效',
    category: 'crowded_place',
    placeName: '万隆购物中心',
    majorBasis: '《重大火灾隐患判定方法》（GB 35181-2017）：防火分区防火卷帘不能正常联动',
  });
  listed = await c.step(listed, department, 'report', {}, ago(74));
  c.at(ago(68));
  await storePlan(tx, department, listed, demoPlan('防火卷帘失效'));
  listed = await c.load(listed.id);
  await c.step(listed, office, 'list', listing(dateAgo(-45)), ago(60));
  count++;

  // 4. 销号 ten days ago after its assessment and the on-site review: still on the 公示 list for the 30 days after.
  let closed = await create(department, 'QY-BSEQ', 150, {
    title: '深基坑支护结构变形超过预警值未采取措施',
    category: 'construction',
    placeName: '保税区二期项目深基坑',
    majorBasis: '《房屋市政工程生产安全重大事故隐患判定标准（2022版）》：基坑监测数据超过预警值未采取有效处置措施',
  });
  closed = await c.step(closed, department, 'report', {}, ago(149));
  c.at(ago(140));
  await storePlan(tx, department, closed, demoPlan('深基坑变形'));
  closed = await c.load(closed.id);
  closed = await c.step(closed, office, 'list', listing(dateAgo(20)), ago(135));
  closed = await c.step(
    closed,
    systemActor,
    'submitAssessment',
    { assessor: '陕西某安全评价有限公司', conclusion: '支护加固完成，监测数据连续 30 日稳定，隐患已消除', photoIds: [] },
    ago(30),
  );
  closed = await c.step(closed, systemActor, 'applyClose', { note: '治理完成，申请销号' }, ago(25));
  await c.step(closed, office, 'close', { note: '现场审查合格，予以销号' }, ago(10));
  count++;
  return count;
}
