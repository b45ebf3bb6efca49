import { emergency as em, shanghaiDateOf } from '@citysafe/domain';
import { count, inArray } from 'drizzle-orm';
import { type Actor, systemActor } from '../../platform/actor.js';
import { now } from '../../platform/db.js';
import type { DemoCounts } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { loadUserActor, orgs, users } from '../identity/index.js';
import { putPopulation } from './coverage.service.js';
import { closeDutyLogEntry, createDutyLogEntry, createHandover, putRoster } from './duty.service.js';
import { dutyRosters } from './duty.tables.js';

/** Marks every demo population: invented, plausible for a port district's two streets, not statistics. */
const DEMO_SOURCE = '演示数据（虚构，非统计数字）';

/**
 * The demo duty (identity.demo.ts's people): this month's rosters of 应急管理局 (the district's duty desk, 郑宇 the
 * duty officer) and of both streets, a few calls and events in the log, one handover, and the two streets'
 * populations for the coverage and shelter checks. Names and phone numbers are invented.
 */
export async function dutyDemo(platform: Platform): Promise<DemoCounts> {
  const { db } = platform;
  const [existing] = await db.select({ n: count() }).from(dutyRosters);
  if ((existing?.n ?? 0) > 0) return { dutyRosters: 0 };
  const people = await db
    .select({ id: users.id, username: users.username, name: users.displayName })
    .from(users)
    .where(inArray(users.username, ['zbs', 'yjglj', 'xzjb', 'xhjb', 'awb']));
  const person = new Map(people.map((p) => [p.username, p]));
  const as = async (username: string): Promise<Actor> => {
    const u = person.get(username);
    if (!u) return systemActor;
    return (await loadUserActor(db, u.id, { via: 'session', sessionId: null, csrfToken: null, ip: null })) ?? systemActor;
  };
  const found = await db
    .select({ id: orgs.id, code: orgs.code })
    .from(orgs)
    .where(inArray(orgs.code, ['YJGLJ', 'XZJB', 'XHJB']));
  const org = new Map(found.map((o) => [o.code, o.id]));
  if (org.size < 3 || !person.has('zbs')) return { dutyRosters: 0 };

  const today = shanghaiDateOf(now(db));
  const counts = { dutyRosters: 0, dutyLogEntries: 0, dutyHandovers: 0, areaPopulations: 0 };
  const named = (username: string, phone: string) => ({
    userId: person.get(username)?.id ?? null,
    name: person.get(username)?.name ?? username,
    phone,
  });
  // Leaders take turns: the desk's two officers every other day, each street's head with a deputy.
  const rosters: { code: string; keeper: string; leaders: em.DutyPerson[]; staff: em.DutyPerson[] }[] = [
    {
      code: 'YJGLJ',
      keeper: 'zbs',
      leaders: [named('yjglj', '13891000001'), { name: '马卫东', phone: '13891000002' }],
      staff: [named('zbs', '13891000003'), { name: '何晓梅', phone: '13891000004' }],
    },
    {
      code: 'XZJB',
      keeper: 'xzjb',
      leaders: [named('xzjb', '13891000011'), { name: '田志刚', phone: '13891000012' }],
      staff: [{ name: '罗佳', phone: '13891000013' }],
    },
    {
      code: 'XHJB',
      keeper: 'xhjb',
      leaders: [named('xhjb', '13891000021'), { name: '冯建国', phone: '13891000022' }],
      staff: [{ name: '许丽', phone: '13891000023' }],
    },
  ];
  for (const r of rosters) {
    const keeper = await as(r.keeper);
    const days = em.daysOfMonth(today.slice(0, 7));
    for (const [i, date] of days.entries()) {
      await putRoster(db, keeper, date, {
        orgId: org.get(r.code)!,
        leader: r.leaders[i % r.leaders.length]!,
        staff: r.staff,
        note: null,
      });
      counts.dutyRosters++;
    }
  }

  const desk = await as('zbs');
  const yj = org.get('YJGLJ')!;
  const minutesAgo = (m: number) => new Date(now(db).getTime() - m * 60_000).toISOString();
  const entries = [
    {
      kind: 'call' as const,
      caller: '市应急局值班室',
      phone: '029-86780000',
      summary: '通知：今夜至明晨有大风蓝色预警，请做好防范',
      at: minutesAgo(300),
    },
    { kind: 'call' as const, caller: '群众', phone: '13991234567', summary: '港务大道某工地塔吊附近有异响，请核实', at: minutesAgo(90) },
    { kind: 'event' as const, caller: null, phone: null, summary: '新筑街道报告辖区一处积水点已设置警示', at: minutesAgo(40) },
  ];
  const ids: string[] = [];
  for (const e of entries) {
    ids.push((await createDutyLogEntry(db, desk, { orgId: yj, ...e })).id);
    counts.dutyLogEntries++;
  }
  await closeDutyLogEntry(db, desk, ids[0]!, '已转发各街道、部门并电话确认');
  await createHandover(db, desk, { orgId: yj, toName: '何晓梅', note: '工地塔吊异响待住建部门回复' });
  counts.dutyHandovers++;

  const office = await as('awb');
  const year = Number(today.slice(0, 4)) - 1;
  for (const [code, population] of [
    ['XZJB', 52_000],
    ['XHJB', 38_000],
  ] as const) {
    await putPopulation(db, office, org.get(code)!, year, { population, source: DEMO_SOURCE });
    counts.areaPopulations++;
  }
  return counts;
}
