import { addCalendarDays, grid as rules, shanghaiDateOf } from '@citysafe/domain';
import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/actor.js';
import { bindClock, type Db, now, rows, type Tx } from '../../platform/db.js';
import type { DemoCounts } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { hazards, insertHazard } from '../hazard/index.js';
import { loadUserActor } from '../identity/index.js';
import { gridCaseAction, insertGridCase, responsibleDepartmentOf } from './grid-cases.service.js';
import { checklistsOf, dayStart, gridSettings, placesOf } from './grid.places.js';
import { placeOwnerOf } from './grid.service.js';
import { gridVisits, type VisitFindingRef } from './grid.tables.js';

/** Eight weeks of patrol history before today. */
export const DEMO_WEEKS = 8;
const DAY = 86_400_000;

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

async function demoActor(db: Tx, username: string): Promise<Actor | null> {
  const [u] = await rows<{ id: string }>(db, sql`select id from users where lower(username) = ${username}`);
  return u ? loadUserActor(db as Db, u.id, { via: 'session', sessionId: null, csrfToken: null, ip: null }) : null;
}

/** The cases a demo grid shows, one per state of the cycle, and what each says. */
const demoCases: { title: string; category: string; steps: string[] }[] = [
  { title: '小区楼道电动自行车飞线充电', category: 'ebike', steps: [] },
  { title: '沿街商铺占用消防车通道堆放货物', category: 'fire_access', steps: ['dispatch'] },
  { title: '餐馆燃气软管老化、无熄火保护', category: 'gas', steps: ['dispatch', 'handle'] },
  { title: '工地围挡倾斜有倒塌风险', category: 'urgent', steps: ['dispatch', 'handle', 'verify'] },
  { title: '人行道井盖缺失', category: 'urgent', steps: ['dispatch', 'handle', 'verify', 'close'] },
  { title: '废弃广告牌松动', category: 'general', steps: ['dispatch', 'handle', 'return', 'handle', 'verify', 'close'] },
  { title: '重复上报：楼道杂物', category: 'general', steps: ['cancel'] },
];

const stepInput = (step: string, unitId: string): Record<string, unknown> =>
  ({
    dispatch: { orgId: unitId, note: '请按时限处置' },
    handle: { note: '已到现场处置完毕' },
    return: { note: '复查仍未整改到位' },
    verify: { note: '现场核查已整改' },
    close: { note: '结案归档' },
    cancel: { reason: '与已立案事件重复' },
  })[step]!;

/**
 * The grid part of the demonstration district: eight weeks of patrols by each demo grid member of the places of their
 * grid — each place visited when its interval has run, most on time, about one in ten late by a day or two, a few
 * check-ins far from the place — none yet today, so today's route has places due; a case in each state of the cycle
 * (the street dispatches to 应急管理局, which handles), two leads passed to the departments of enterprises, and one
 * hazard per member into the hazard loop. Visits are written in one statement per member (the history is large and
 * needs no workflow); cases and hazards through the services with the clock at their dates. Idempotent: a second run
 * finds the members' visits and adds nothing.
 */
export async function fillGridDemo(platform: Platform): Promise<DemoCounts> {
  const { db } = platform;
  const none = { gridVisits: 0, gridCases: 0 };
  const members = await rows<{ id: string; username: string; grid_id: string }>(
    db,
    sql`select u.id, u.username, u.org_id as grid_id from users u
        join user_roles ur on ur.user_id = u.id and ur.role_code = 'grid_member'
        join orgs g on g.id = u.org_id and g.type = 'grid'
        where u.username in ('wgy_xz01', 'wgy_xh01') order by u.username desc`,
  );
  if (members.length === 0) return none;
  const [done] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from grid_visits where member_id in (${sql.join(
      members.map((m) => sql`${m.id}`),
      sql`, `,
    )})`,
  );
  if (done!.n > 0) return none;
  const today = now(db);
  const todayDay = shanghaiDateOf(today);

  return db.transaction(async (tx) => {
    const clock = new DemoClock();
    clock.at = today;
    bindClock(tx as Db, clock);
    const r = random(20261130);
    const { settings } = await gridSettings(tx);
    let visits = 0;
    let cases = 0;
    const department = await demoActor(tx, 'yjglj');
    for (const [index, m] of members.entries()) {
      const member = await demoActor(tx, m.username);
      if (!member) continue;
      // The street office over this grid dispatches, verifies and closes its cases.
      const [streetUser] = await rows<{ username: string }>(
        tx,
        sql`select u.username from users u join user_roles ur on ur.user_id = u.id and ur.role_code = 'street'
            join orgs s on s.id = u.org_id join orgs g on g.id = ${m.grid_id} and starts_with(g.path, s.path)
            order by u.username limit 1`,
      );
      const street = streetUser ? await demoActor(tx, streetUser.username) : null;
      const places = await placesOf(tx, [m.grid_id], todayDay, settings);
      const checklists = await checklistsOf(tx, places);
      const values: (typeof gridVisits.$inferInsert)[] = [];
      for (const p of places) {
        // Start somewhere in the first interval, then visit when the interval has run, sometimes a day or two late.
        let day = addCalendarDays(todayDay, -DEMO_WEEKS * 7 + Math.floor(r() * Math.min(p.intervalDays, 7)));
        while (day < todayDay) {
          const at = new Date(dayStart(day).getTime() + (8.5 + r() * 8.5) * 3_600_000);
          const far = r() < 0.05;
          const jitter = far ? 0.004 : 0.0003;
          const location = p.location ? { x: p.location.lng + (r() - 0.5) * jitter, y: p.location.lat + (r() - 0.5) * jitter } : null;
          const distance = location && p.location ? rules.distanceM({ lng: location.x, lat: location.y }, p.location) : null;
          values.push({
            clientId: crypto.randomUUID(),
            placeType: p.type,
            placeId: p.id,
            placeName: p.name,
            gridId: m.grid_id,
            memberId: member.userId!,
            memberName: member.displayName,
            startedAt: new Date(at.getTime() - 10 * 60_000),
            checkedInAt: at,
            // One visit in eight was recorded offline and sent when the signal came back.
            receivedAt: r() < 0.125 ? new Date(at.getTime() + 3 * 3_600_000) : at,
            location,
            accuracyM: location ? Math.round(10 + r() * 40) : null,
            distanceM: distance,
            farCheckIn: rules.isFarCheckIn(distance, settings.checkInRadiusM),
            checklist: (checklists.get(p.key) ?? [])
              .slice(0, 8)
              .map((c) => ({ key: c.key, text: c.text, result: 'ok' as const, note: null })),
            note: null,
            photoFileIds: [],
          });
          const late = r() < 0.1 ? 1 + Math.floor(r() * 2) : 0;
          day = addCalendarDays(day, p.intervalDays + late);
        }
      }
      values.sort((a, b) => a.checkedInAt.getTime() - b.checkedInAt.getTime());
      const stored: { id: string; placeType: string; placeId: string; checkedInAt: Date }[] = [];
      for (let i = 0; i < values.length; i += 500)
        stored.push(
          ...(await tx
            .insert(gridVisits)
            .values(values.slice(i, i + 500))
            .returning({
              id: gridVisits.id,
              placeType: gridVisits.placeType,
              placeId: gridVisits.placeId,
              checkedInAt: gridVisits.checkedInAt,
            })),
        );
      visits += stored.length;
      if (stored.length === 0) continue;

      // What the visits found: the cases of the cycle (first grid), leads and a hazard, each on a visit of the last weeks.
      const recent = stored.filter((v) => v.checkedInAt.getTime() > today.getTime() - 21 * DAY);
      const findingsOf = new Map<string, VisitFindingRef[]>();
      const onVisit = (i: number) => recent[(i * 7) % recent.length] ?? stored[stored.length - 1]!;
      const unit = (await rows<{ id: string }>(tx, sql`select id from orgs where code = 'YJGLJ'`))[0]?.id;
      if (index === 0 && street && department && unit)
        for (const [i, c] of demoCases.entries()) {
          const v = onVisit(i);
          clock.at = v.checkedInAt;
          const findingClientId = crypto.randomUUID();
          const created = await insertGridCase(tx, member, settings, {
            kind: 'case',
            title: c.title,
            description: null,
            category: c.category,
            gridId: m.grid_id,
            enterpriseId: null,
            location: null,
            photoFileIds: [],
            visitId: v.id,
            findingClientId,
            dispatchTo: null,
          });
          cases += 1;
          findingsOf.set(v.id, [
            ...(findingsOf.get(v.id) ?? []),
            { clientId: findingClientId, kind: 'case', ref: { type: 'gridCase', id: created.id, code: created.code } },
          ]);
          for (const [n, step] of c.steps.entries()) {
            clock.at = new Date(v.checkedInAt.getTime() + (n + 1) * 5 * 3_600_000);
            await gridCaseAction(tx, step === 'handle' ? department : street, created.id, step, stepInput(step, unit));
          }
        }
      // A lead about an enterprise of the grid, or about the enterprise owning one of its risk sources.
      let enterprise: { visit: (typeof stored)[number]; id: string } | null = null;
      for (const v of [...recent].reverse()) {
        const owner = await placeOwnerOf(tx, v.placeType as 'enterprise' | 'risk_source', v.placeId);
        if (owner.enterprise) {
          enterprise = { visit: v, id: owner.id };
          break;
        }
      }
      if (enterprise) {
        clock.at = enterprise.visit.checkedInAt;
        const findingClientId = crypto.randomUUID();
        const lead = await insertGridCase(tx, member, settings, {
          kind: 'lead',
          title: index === 0 ? '疑似未经批准新增危化品储罐' : '仓库疑似住人（“三合一”）',
          description: '巡查中发现，移交主管部门核实',
          category: 'general',
          gridId: m.grid_id,
          enterpriseId: enterprise.id,
          location: null,
          photoFileIds: [],
          visitId: enterprise.visit.id,
          findingClientId,
          dispatchTo: await responsibleDepartmentOf(tx, enterprise.id),
        });
        cases += 1;
        findingsOf.set(enterprise.visit.id, [
          ...(findingsOf.get(enterprise.visit.id) ?? []),
          { clientId: findingClientId, kind: 'lead', ref: { type: 'gridCase', id: lead.id, code: lead.code } },
        ]);
      }
      const hazardVisit = onVisit(3);
      const place = places.find((p) => p.type === hazardVisit.placeType && p.id === hazardVisit.placeId)!;
      const owner = (await placeOwnerOf(tx, place.type, place.id)).id;
      clock.at = hazardVisit.checkedInAt;
      const hazardId = await insertHazard(tx, member, {
        title: '灭火器压力不足、过期未检',
        level: '一般',
        responsibleOrgId: owner,
        foundAt: hazardVisit.checkedInAt.toISOString(),
        origin: 'grid_patrol',
        originRef: hazardVisit.id,
        placeName: place.name,
        ...(place.location ? { lng: place.location.lng, lat: place.location.lat } : {}),
      });
      const [h] = await tx.select({ code: hazards.code }).from(hazards).where(eq(hazards.id, hazardId));
      findingsOf.set(hazardVisit.id, [
        ...(findingsOf.get(hazardVisit.id) ?? []),
        { clientId: crypto.randomUUID(), kind: 'hazard', ref: { type: 'hazard', id: hazardId, code: h!.code } },
      ]);
      for (const [visitId, findings] of findingsOf) await tx.update(gridVisits).set({ findings }).where(eq(gridVisits.id, visitId));
    }
    clock.at = today;
    return { gridVisits: visits, gridCases: cases };
  });
}
