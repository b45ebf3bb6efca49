import { addCalendarDays, emergency as rules, shanghaiDateOf } from '@citysafe/domain';
import { and, eq, sql } from 'drizzle-orm';
import { type Actor, systemActor } from '../../platform/actor.js';
import { bindClock, type Db, now, type Tx } from '../../platform/db.js';
import type { DemoCounts } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { loadUserActor, orgs, users } from '../identity/index.js';
import { applyDrillAction, insertDrill } from './drill.service.js';
import { insertPlan } from './plan.service.js';
import { emergencyPlans } from './plan.tables.js';
import { activate } from './response.service.js';

/** The district's hazardous-chemicals plan: the one the past accident's response activated. */
export const DEMO_CHEMICAL_PLAN_TITLE = '国际港务区危险化学品事故专项应急预案';

const DAY_MS = 86_400_000;

/** The demo's own clock: each step is stored at the moment it happened in the demo's story. */
class DemoClock {
  at = new Date(0);
  now(): Date {
    return this.at;
  }
}

async function demoActor(db: Tx, username: string): Promise<Actor> {
  const [u] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.username}) = ${username}`);
  if (!u) return systemActor;
  return (await loadUserActor(db as Db, u.id, { via: 'session', sessionId: null, csrfToken: null, ip: null })) ?? systemActor;
}

const action = (key: string, level: rules.ResponseLevel, text: string, withinMinutes: number) => ({ key, level, text, withinMinutes });

/** A government plan's roles: 总指挥部, 现场指挥, the working groups, with what each does at Ⅰ–Ⅳ. */
const districtContent = (subject: string): rules.PlanContent => ({
  levels: ['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'],
  roles: [
    {
      key: 'commander',
      name: '总指挥',
      actions: [
        action('c1-report', 'Ⅰ', `报告市委市政府并请求市级${subject}应急指挥部支援`, 30),
        action('c2-report', 'Ⅱ', '报告市应急管理局，区委区政府主要负责同志赶赴现场', 30),
        action('c3-convene', 'Ⅲ', '召集区应急指挥部成员单位会商，成立现场指挥部', 60),
        action('c4-direct', 'Ⅳ', '指导事发街道和单位开展处置', 60),
      ],
    },
    {
      key: 'site',
      name: '现场指挥',
      actions: [
        action('s1-zone', 'Ⅰ', '划定警戒区，组织周边3公里群众疏散', 30),
        action('s2-zone', 'Ⅱ', '划定警戒区，组织周边1公里群众疏散', 30),
        action('s3-zone', 'Ⅲ', '设置警戒区，实行交通管制', 30),
        action('s4-check', 'Ⅳ', '核实现场情况，续报事态进展', 60),
      ],
    },
    {
      key: 'rescue',
      name: '抢险救援组',
      actions: [
        action('r1-rescue', 'Ⅰ', '调集全部专业救援队伍和物资实施救援', 20),
        action('r2-rescue', 'Ⅱ', '调集专业救援队伍搜救被困人员', 20),
        action('r3-rescue', 'Ⅲ', '消防救援站和企业专职队伍处置', 20),
        action('r4-rescue', 'Ⅳ', '事发单位组织先期处置', 15),
      ],
    },
    {
      key: 'medical',
      name: '医疗救护组',
      actions: [
        action('m1-treat', 'Ⅰ', '开设现场医疗点，协调省市医院收治', 30),
        action('m2-treat', 'Ⅱ', '开设现场医疗点，转运伤员', 30),
        action('m3-treat', 'Ⅲ', '120急救转运伤员', 30),
      ],
    },
    {
      key: 'monitor',
      name: '环境监测组',
      actions: [
        action('e1-monitor', 'Ⅰ', '开展大气、水体监测，每小时报告', 60),
        action('e2-monitor', 'Ⅱ', '开展大气监测，每2小时报告', 60),
        action('e3-monitor', 'Ⅲ', '监测下风向有毒有害气体浓度', 60),
      ],
    },
  ],
});

/** An enterprise's plan and its on-site procedure: fewer roles, two levels. */
const enterpriseContent: rules.PlanContent = {
  levels: ['Ⅲ', 'Ⅳ'],
  roles: [
    {
      key: 'leader',
      name: '应急总指挥（总经理）',
      actions: [action('l3-report', 'Ⅲ', '1小时内向区应急管理局报告', 60), action('l4-organise', 'Ⅳ', '组织车间先期处置', 15)],
    },
    {
      key: 'team',
      name: '专职救援队',
      actions: [action('t3-isolate', 'Ⅲ', '关闭储罐进出料阀门，启动喷淋', 10), action('t4-check', 'Ⅳ', '佩戴空气呼吸器查漏堵漏', 10)],
    },
    { key: 'evacuate', name: '疏散警戒组', actions: [action('v3-evacuate', 'Ⅲ', '疏散厂区人员至上风向集合点并清点人数', 15)] },
  ],
};

const onsiteContent: rules.PlanContent = {
  levels: ['Ⅳ'],
  roles: [
    {
      key: 'operator',
      name: '当班操作工',
      actions: [action('o-stop', 'Ⅳ', '发现泄漏立即停泵、关阀，报告班长', 3), action('o-spray', 'Ⅳ', '开启水喷淋稀释', 5)],
    },
    { key: 'shift', name: '班长', actions: [action('sh-report', 'Ⅳ', '报告应急总指挥，组织无关人员撤离', 10)] },
  ],
};

/** The demo's plan of the district for hazardous chemicals, once the demo has run; null before. */
export async function demoChemicalPlan(db: Tx): Promise<{ id: string } | null> {
  const [found] = await db.select({ id: emergencyPlans.id }).from(emergencyPlans).where(eq(emergencyPlans.title, DEMO_CHEMICAL_PLAN_TITLE));
  return found ?? null;
}

/**
 * For INCIDENT's and REPORTS' demos: activates the district's hazardous-chemicals plan for an incident at a level in
 * the caller's transaction (on its clock), every role held by `holder` (or the actor). Does nothing before this demo.
 */
export async function activateDemoPlan(
  tx: Tx,
  actor: Actor,
  incidentId: string,
  level: rules.ResponseLevel,
  holder?: string,
): Promise<boolean> {
  const plan = await demoChemicalPlan(tx);
  const holderId = holder ?? actor.userId;
  if (!plan || !holderId) return false;
  const roles = districtContent('').roles.filter((r) => r.actions.some((a) => a.level === level));
  await activate(tx, actor, incidentId, { planId: plan.id, level, roles: roles.map((r) => ({ roleKey: r.key, holderId })) });
  return true;
}

/**
 * Plans at every level of the demonstration district — the district's 总体 and 危化品专项 plans (安委办), the
 * 应急管理局's department plan, 港安化工's enterprise plan and its on-site procedure — and a tabletop drill of the
 * special plan held and evaluated two months ago whose findings are still to be answered.
 */
export async function fillPlanDemo(platform: Platform): Promise<DemoCounts> {
  const { db } = platform;
  if (await demoChemicalPlan(db)) return { emergencyPlans: 0, emergencyDrills: 0 };
  const office = await demoActor(db, 'awb');
  const enterprise = await demoActor(db, 'qy_gahg');
  const [department] = await db.select({ id: orgs.id }).from(orgs).where(eq(orgs.code, 'YJGLJ'));
  const [gahg] = await db
    .select({ id: orgs.id })
    .from(orgs)
    .where(and(eq(orgs.code, 'QY-GAHG'), eq(orgs.type, 'enterprise')));
  const today = now(db);
  const ago = (days: number) => new Date(today.getTime() - days * DAY_MS);
  const dayAgo = (days: number) => shanghaiDateOf(ago(days));
  return db.transaction(async (tx) => {
    const clock = new DemoClock();
    bindClock(tx as Db, clock);
    let plans = 0;
    const issue = async (actor: Actor, when: number, body: Parameters<typeof insertPlan>[2]) => {
      clock.at = ago(when);
      plans += 1;
      return insertPlan(tx, actor, body);
    };
    await issue(office, 400, {
      title: '国际港务区突发事件总体应急预案',
      kind: 'overall',
      categories: [],
      issuedOn: dayAgo(400),
      content: districtContent(''),
    });
    const chemical = await issue(office, 300, {
      title: DEMO_CHEMICAL_PLAN_TITLE,
      kind: 'special',
      categories: ['production'],
      issuedOn: dayAgo(300),
      content: districtContent('危险化学品'),
    });
    // A plan issued three years ago less a fortnight: its review is due within the notice days (the inbox shows it).
    await issue(office, 3 * 365 - 14, {
      title: '国际港务区防汛抗旱应急预案',
      kind: 'special',
      categories: ['natural_disaster'],
      issuedOn: addCalendarDays(shanghaiDateOf(today), -(3 * 365 - 14)),
      content: districtContent('防汛抗旱'),
    });
    if (department)
      await issue(office, 200, {
        title: '应急管理局生产安全事故应急预案',
        kind: 'department',
        categories: ['production'],
        issuedOn: dayAgo(200),
        content: districtContent('生产安全事故'),
        orgId: department.id,
      });
    if (gahg) {
      const owner = enterprise.kind === 'user' ? enterprise : office;
      await issue(owner, 180, {
        title: '港安化工仓储生产安全事故应急预案',
        kind: 'enterprise',
        categories: ['production'],
        issuedOn: dayAgo(180),
        content: enterpriseContent,
        orgId: gahg.id,
      });
      await issue(owner, 180, {
        title: '港安化工仓储储罐泄漏现场处置方案',
        kind: 'onsite',
        categories: ['production'],
        issuedOn: dayAgo(180),
        content: onsiteContent,
        orgId: gahg.id,
      });
    }
    clock.at = ago(75);
    const drill = await insertDrill(tx, office, {
      planId: chemical,
      title: '危化品泄漏事故桌面推演',
      kind: 'tabletop',
      plannedOn: dayAgo(60),
    });
    clock.at = ago(60);
    await applyDrillAction(tx, office, drill, 'hold', {
      heldOn: dayAgo(60),
      summary: '区应急指挥部成员单位按Ⅲ级响应推演危化品仓库泄漏处置。（演示数据）',
      participants: 32,
    });
    clock.at = ago(58);
    await applyDrillAction(tx, office, drill, 'evaluate', {
      evaluations: [
        { actionKey: 'c3-convene', result: 'done' },
        { actionKey: 's3-zone', result: 'partly', note: '警戒区范围未结合风向确定' },
        { actionKey: 'r3-rescue', result: 'done' },
        { actionKey: 'm3-treat', result: 'done' },
        { actionKey: 'e3-monitor', result: 'missed', note: '环境监测组到场超时' },
      ],
      findings: '警戒区划定缺少风向依据；环境监测组响应时限偏长，需明确值守和到场时限。',
    });
    return { emergencyPlans: plans, emergencyDrills: 1 };
  });
}
