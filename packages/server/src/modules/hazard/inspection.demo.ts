import { addCalendarDays, shanghaiDateOf } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { type Actor, systemActor } from '../../platform/actor.js';
import { bindClock, type Db, now, rows } from '../../platform/db.js';
import type { Platform } from '../../platform/platform.js';
import { loadUserActor, users } from '../identity/index.js';
import { answerItemIn, applyInspectionAction, planInspection } from './inspection.service.js';
import { hazardInspections } from './inspection.tables.js';

const DAY_MS = 86_400_000;

/** An enterprise of a street with a located risk source whose control measures make its checklist. */
interface Target {
  orgId: string;
  name: string;
  streetCode: string;
  lng: number;
  lat: number;
}

/** What every demo inspection checks besides the enterprise's own control measures. */
const commonItems = ['安全生产责任制和操作规程上墙公示', '从业人员安全培训和考核记录齐全'];

/** What an inspector writes beside a failed control measure. */
const failureNotes = ['现场未见落实记录，负责人不在岗', '设施损坏未及时修复', '台账缺近两个月的记录'];

/**
 * Per street: two inspections of the past two months carried out by the street office (answered, one
 * control measure failed and registered as a hazard through the same service the API uses), and one
 * planned for the coming days (in the street's 待办). Each through the inspection service under the
 * street's demo user, with the clock stood at the day of the work, so codes, timelines, audit rows and the
 * hazards read as that day's. Idempotent: nothing is added once any inspection exists.
 */
export async function fillInspectionDemo(platform: Platform): Promise<{ inspections: number; inspectionHazards: number }> {
  const { db } = platform;
  const none = { inspections: 0, inspectionHazards: 0 };
  if ((await db.select({ id: hazardInspections.id }).from(hazardInspections).limit(1)).length > 0) return none;
  const targets = await rows<Target>(
    db,
    sql`select distinct on (st.code) o.id as "orgId", o.name, st.code as "streetCode",
               ST_X(ST_PointOnSurface(s.geom)) as lng, ST_Y(ST_PointOnSurface(s.geom)) as lat
          from risk_sources s
          join orgs o on o.id = s.org_id and o.type = 'enterprise'
          join orgs st on st.id = s.street_id
         where s.geom is not null and st.code in ('XZJB', 'XHJB')
           and exists (select 1 from risk_control_measures m where m.source_id = s.id)
         order by st.code, o.code, s.code`,
  );
  const streets = new Map<string, Actor>();
  for (const [code, username] of [
    ['XZJB', 'xzjb'],
    ['XHJB', 'xhjb'],
  ] as const) {
    const [u] = await db
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.username}) = ${username}`);
    const actor = u && (await loadUserActor(db, u.id, { via: 'session', sessionId: null, csrfToken: null, ip: null }));
    if (actor && actor !== systemActor) streets.set(code, actor);
  }
  const today = now(db);
  return db.transaction(async (tx) => {
    const clock = { at: today };
    bindClock(tx as Db, { now: () => clock.at });
    const counts = { ...none };
    for (const target of targets) {
      const street = streets.get(target.streetCode);
      if (!street) continue;
      const plan = (daysFromToday: number, title: string) => {
        clock.at = new Date(today.getTime() + Math.min(daysFromToday, 0) * DAY_MS - 2 * DAY_MS);
        return planInspection(tx, street, {
          title: `${target.name}${title}`,
          targetOrgId: target.orgId,
          lng: Number(target.lng),
          lat: Number(target.lat),
          plannedOn: addCalendarDays(shanghaiDateOf(today), daysFromToday),
          clauseIds: [],
          customItems: commonItems,
        });
      };
      for (const [n, daysAgo] of [52, 17].entries()) {
        const planned = await plan(-daysAgo, n === 0 ? '季度安全检查' : '专项复查');
        clock.at = new Date(today.getTime() - daysAgo * DAY_MS + 2 * 3_600_000);
        await applyInspectionAction(tx, street, planned.id, 'start', {});
        for (const [k, item] of planned.items.entries()) {
          // The first control measure fails on the first visit; everything else holds.
          const fails = n === 0 && item.origin === 'control_measure' && k === 0;
          clock.at = new Date(clock.at.getTime() + 10 * 60_000);
          await answerItemIn(tx, street, planned.id, item.id, {
            result: fails ? 'fail' : 'pass',
            photoIds: [],
            ...(fails ? { note: failureNotes[counts.inspections % failureNotes.length]!, hazard: { level: '一般' } } : {}),
          });
          if (fails) counts.inspectionHazards++;
        }
        await applyInspectionAction(tx, street, planned.id, 'complete', {
          summary: n === 0 ? '发现隐患 1 项，已登记并交企业整改' : '未发现新的隐患',
        });
        counts.inspections++;
      }
      await plan(3, '月度安全检查');
      counts.inspections++;
    }
    return counts;
  });
}
