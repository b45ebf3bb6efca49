import { emergency as rules } from '@citysafe/domain';
import { and, eq, like, sql } from 'drizzle-orm';
import { type Actor, systemActor } from '../../platform/actor.js';
import { bindClock, type Db, now, type Tx } from '../../platform/db.js';
import type { DemoCounts } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { loadUserActor, orgs, users } from '../identity/index.js';
import { changeIncidentFigures, performIncidentAction, recordIncident } from './incident.service.js';
import { incidents } from './incident.tables.js';

/** Every demo incident says so in its summary: the mark that makes the demo run once. */
export const INCIDENT_DEMO_MARK = '（演示数据）';
/** The past 较大 production accident, whose statutory reports and investigation REPORTS' demo adds. */
export const DEMO_PAST_ACCIDENT_TITLE = '港安化工仓储危化品仓库爆燃事故';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The demo's own clock: each step is stored at the moment it happened in the demo's story. */
class DemoClock {
  at = new Date(0);
  now(): Date {
    return this.at;
  }
}

async function demoActor(db: Db, username: string): Promise<Actor> {
  const [u] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.username}) = ${username}`);
  if (!u) return systemActor;
  return (await loadUserActor(db, u.id, { via: 'session', sessionId: null, csrfToken: null, ip: null })) ?? systemActor;
}

/** The past 较大 accident of the demo (its id and code), for REPORTS' demo to add its reports to; null before the demo. */
export async function demoPastAccident(db: Tx): Promise<{ id: string; code: string; occurredAt: Date; learnedAt: Date } | null> {
  const [found] = await db
    .select({ id: incidents.id, code: incidents.code, occurredAt: incidents.occurredAt, learnedAt: incidents.learnedAt })
    .from(incidents)
    .where(and(eq(incidents.title, DEMO_PAST_ACCIDENT_TITLE), like(incidents.summary, `%${INCIDENT_DEMO_MARK}%`)));
  return found ?? null;
}

/**
 * The incident part of the demonstration district, through the services as a duty desk would record them: a past
 * 较大 production accident at 港安化工仓储 (新合街道) graded 一般 at first and 较大 when a third person died,
 * responded to, investigated and closed; a closed road accident and a fire being handled in 新筑街道; a waterlogging
 * concluded and a gas leak just received in 新合街道.
 */
export async function fillIncidentDemo(platform: Platform): Promise<DemoCounts> {
  const { db } = platform;
  if (await demoPastAccident(db)) return { incidents: 0 };
  const people = {
    office: await demoActor(db, 'awb'),
    duty: await demoActor(db, 'zbs'),
    xzjb: await demoActor(db, 'xzjb'),
    xhjb: await demoActor(db, 'xhjb'),
    enterprise: await demoActor(db, 'qy_gahg'),
  };
  const [gahg] = await db.select({ id: orgs.id }).from(orgs).where(eq(orgs.code, 'QY-GAHG'));
  const [wlgc] = await db.select({ id: orgs.id }).from(orgs).where(eq(orgs.code, 'QY-WLGC'));
  const today = now(db);
  const ago = (days: number, hours = 0) => new Date(today.getTime() - days * DAY_MS - hours * HOUR_MS);

  return db.transaction(async (tx) => {
    const clock = new DemoClock();
    bindClock(tx as Db, clock);
    const at = (moment: Date) => {
      clock.at = moment;
    };
    let count = 0;
    const record = async (actor: Actor, when: Date, input: Parameters<typeof recordIncident>[2]) => {
      at(when);
      count += 1;
      return recordIncident(tx, actor, { ...input, summary: `${input.summary ?? ''}${INCIDENT_DEMO_MARK}` });
    };
    const step = async (actor: Actor, id: string, action: rules.IncidentAction, when: Date, input: unknown = {}) => {
      at(when);
      await performIncidentAction(tx, actor, id, action, input);
    };

    // The past 较大 production accident: 2 dead at first, a third died in hospital two days later (一般 → 较大).
    const occurred = ago(150, 5);
    const past = await record(people.enterprise, new Date(occurred.getTime() + 20 * 60_000), {
      title: DEMO_PAST_ACCIDENT_TITLE,
      category: 'production',
      origin: 'enterprise',
      occurredAt: occurred.toISOString(),
      learnedAt: new Date(occurred.getTime() + 15 * 60_000).toISOString(),
      placeName: '港安化工仓储3号危化品仓库',
      lng: 109.0514,
      lat: 34.3523,
      unitOrgId: gahg?.id ?? null,
      summary: '3号仓库叉车搬运过程中甲类桶装溶剂泄漏，遇静电火花发生爆燃，引燃相邻货垛。',
      measuresTaken: '启动企业现场处置方案，疏散作业人员，关闭雨排阀门，119到场扑灭明火。',
      deaths: 2,
      seriousInjuries: 4,
      minorInjuries: 6,
      directLossWan: 980,
    });
    await step(people.duty, past, 'startResponse', new Date(occurred.getTime() + 40 * 60_000));
    at(new Date(occurred.getTime() + 3 * HOUR_MS));
    await changeIncidentFigures(tx, people.xhjb, past, {
      deaths: 2,
      missing: 0,
      seriousInjuries: 4,
      minorInjuries: 6,
      directLossWan: 1260,
      note: '现场清点：仓储建筑和货物损失评估上调',
    });
    await step(people.office, past, 'conclude', new Date(occurred.getTime() + DAY_MS), { note: '明火扑灭，现场警戒解除，伤员全部送医' });
    at(new Date(occurred.getTime() + 2 * DAY_MS));
    await changeIncidentFigures(tx, people.xhjb, past, {
      deaths: 3,
      missing: 0,
      seriousInjuries: 3,
      minorInjuries: 6,
      directLossWan: 1260,
      note: '一名重伤人员经抢救无效死亡',
    });
    await step(people.office, past, 'startInvestigation', new Date(occurred.getTime() + 3 * DAY_MS));
    await step(people.office, past, 'close', ago(40), { note: '事故调查报告已批复，整改措施落实情况纳入跟踪' });

    // 新筑街道: a road accident last week (closed) and a fire at the shopping centre yesterday (being handled).
    const road = await record(people.duty, ago(7, 3), {
      title: '港务大道货车与小客车碰撞事故',
      category: 'road_traffic',
      origin: 'phone_110',
      occurredAt: ago(7, 3.5).toISOString(),
      placeName: '港务大道与新筑路交叉口',
      lng: 109.0791,
      lat: 34.3947,
      summary: '重型货车右转时与直行小客车碰撞。',
      seriousInjuries: 1,
      minorInjuries: 2,
      directLossWan: 12.5,
    });
    await step(people.xzjb, road, 'startResponse', ago(7, 2.5));
    await step(people.xzjb, road, 'conclude', ago(7, 1), { note: '伤员送医，道路恢复通行' });
    await step(people.xzjb, road, 'close', ago(5), { note: '交警部门作出事故认定' });

    const fire = await record(people.duty, ago(1, 2), {
      title: '万隆购物中心地下车库车辆起火',
      category: 'fire',
      origin: 'phone_119',
      occurredAt: ago(1, 2.2).toISOString(),
      placeName: '万隆购物中心B2车库',
      lng: 109.0846,
      lat: 34.3929,
      unitOrgId: wlgc?.id ?? null,
      summary: '地下车库一辆电动汽车起火，烟气蔓延至B1层。',
      measuresTaken: '商场启动疏散预案，消防救援站出动两车。',
      minorInjuries: 2,
      directLossWan: 35,
    });
    await step(people.xzjb, fire, 'startResponse', ago(1, 1.8));

    // 新合街道: a waterlogging two weeks ago (response concluded) and a gas leak just received.
    const flood = await record(people.xhjb, ago(14, 6), {
      title: '保税社区强降雨积水',
      category: 'natural_disaster',
      origin: 'grid_member',
      occurredAt: ago(14, 7).toISOString(),
      placeName: '保税社区综合市场南侧道路',
      lng: 109.0581,
      lat: 34.3611,
      summary: '短时强降雨致低洼路段积水约40厘米，两处商铺进水。',
      directLossWan: 18,
    });
    await step(people.xhjb, flood, 'startResponse', ago(14, 5.5));
    await step(people.xhjb, flood, 'conclude', ago(14, 1), { note: '积水排除，道路恢复通行' });

    await record(people.duty, ago(0, 0.5), {
      title: '新合社区居民楼燃气泄漏',
      category: 'other',
      origin: 'phone_119',
      occurredAt: ago(0, 0.7).toISOString(),
      placeName: '新合社区3号楼2单元',
      lng: 109.0471,
      lat: 34.3549,
      summary: '居民报告楼道内有燃气异味。',
    });
    return { incidents: count };
  });
}
