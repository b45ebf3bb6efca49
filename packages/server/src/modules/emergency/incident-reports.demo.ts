import { emergency, shanghaiDateOf } from '@citysafe/domain';
import { and, eq, sql } from 'drizzle-orm';
import { type Actor, systemActor } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { bindClock, type Db } from '../../platform/db.js';
import type { DemoCounts } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { recordTransition } from '../../platform/workflow.js';
import { loadUserActor, orgs, users } from '../identity/index.js';
import { incidentInvestigations, incidentMeasures, incidentReports } from './incident-reports.tables.js';
import { submitReportIn } from './incident-reports.service.js';
import { demoPastAccident } from './incident.demo.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The demo's own clock: each report is stored at the moment it was made in the demo's story. */
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

const content = {
  unitOverview: '港安化工仓储有限公司，危险化学品仓储企业，位于新合街道，从业人员86人，持有危险化学品经营许可证。',
  scene: '3号危化品仓库东侧货垛区，爆燃引燃相邻货垛，仓库顶棚局部坍塌，现场已设置警戒。',
  reporterName: '港安化工仓储 安全负责人 李明',
  reporterPhone: '029-83360001',
};

/**
 * The reports of INCIDENT's past 较大 accident, all on time: the 首报, the escalation to the city, one 续报 during the
 * response, the escalation to the province once the raised loss made it 较大, the 终报; its investigation with the
 * report submitted on day 55 and approved within 15 days, and two 整改措施 (one done, one open). The reports state
 * the record's figures as they are now (the demo runs after the incident's whole story has been recorded).
 */
export async function fillIncidentReportsDemo(platform: Platform): Promise<DemoCounts> {
  const { db } = platform;
  const past = await demoPastAccident(db);
  if (!past) return { incidentReports: 0 };
  if (
    (await db.select({ id: incidentInvestigations.id }).from(incidentInvestigations).where(eq(incidentInvestigations.incidentId, past.id)))
      .length
  )
    return { incidentReports: 0 };
  const enterprise = await demoActor(db, 'qy_gahg');
  const office = await demoActor(db, 'awb');
  const [gahg] = await db.select({ id: orgs.id }).from(orgs).where(eq(orgs.code, 'QY-GAHG'));
  const [xhjb] = await db.select({ id: orgs.id }).from(orgs).where(eq(orgs.code, 'XHJB'));
  const learned = past.learnedAt.getTime();
  const occurred = past.occurredAt.getTime();

  return db.transaction(async (tx) => {
    const clock = new DemoClock();
    bindClock(tx as Db, clock);
    const owed = async (kind: emergency.ReportKind, level: emergency.ReportLevel = 'district') => {
      const [r] = await tx
        .select()
        .from(incidentReports)
        .where(
          and(
            eq(incidentReports.incidentId, past.id),
            eq(incidentReports.kind, kind),
            eq(incidentReports.level, level),
            sql`submitted_at is null`,
          ),
        );
      return r;
    };
    let submitted = 0;
    const submitAt = async (actor: Actor, when: number, report: { id: string } | undefined, extra: Record<string, string> = {}) => {
      if (!report) return;
      clock.at = new Date(when);
      await submitReportIn(tx, actor, past.id, report.id, { ...content, ...extra });
      submitted += 1;
    };
    await submitAt(enterprise, learned + 35 * 60_000, await owed('first'), {
      course: '14时许，3号仓库叉车搬运甲类桶装溶剂时发生泄漏，遇静电火花爆燃。',
    });
    await submitAt(office, learned + 95 * 60_000, await owed('escalation', 'city'), {
      reporterName: '区安委办 值班员 王强',
      reporterPhone: '029-83360110',
    });
    // The 续报 the schedule owed during the response (it was responding then; the incident is closed now).
    const [followUp] = await tx
      .insert(incidentReports)
      .values({ incidentId: past.id, kind: 'follow_up', level: 'district', seq: 1, dueAt: new Date(learned + 35 * 60_000 + DAY_MS) })
      .returning({ id: incidentReports.id });
    await submitAt(enterprise, learned + 20 * HOUR_MS, followUp, { other: '明火已扑灭，伤员全部送医救治，现场清点工作继续。' });
    // The loss estimate raised three hours in made it 较大: the province is owed from then (Art. 10–11).
    await submitAt(office, occurred + 4 * HOUR_MS, await owed('escalation', 'province'), {
      reporterName: '区安委办 值班员 王强',
      reporterPhone: '029-83360110',
      other: '直接经济损失评估上调至1260万元，事故等级为较大，报省级应急管理部门。',
    });
    await submitAt(enterprise, occurred + DAY_MS + 3 * HOUR_MS, await owed('final'), {
      other: '应急处置结束，善后工作由新合街道牵头。',
    });

    // The investigation: opened on day 3, report on day 55, approved 10 days later; two measures.
    const openedAt = new Date(occurred + 3 * DAY_MS);
    clock.at = openedAt;
    const [inv] = await tx
      .insert(incidentInvestigations)
      .values({
        incidentId: past.id,
        dueOn: emergency.investigationDueOn(past.occurredAt),
        status: 'approved',
        reportSubmittedOn: shanghaiDateOf(new Date(occurred + 55 * DAY_MS)),
        reportSummary: '直接原因：叉车作业碰撞导致溶剂桶破损泄漏，静电引发爆燃；间接原因：仓库防静电措施缺失、超量储存。',
        approvalDueOn: emergency.approvalDueOn('较大', shanghaiDateOf(new Date(occurred + 55 * DAY_MS))),
        approvedOn: shanghaiDateOf(new Date(occurred + 65 * DAY_MS)),
        approvalNote: '同意调查报告，对责任单位和责任人依法处理。',
        openedBy: office.userId,
        openedAt,
        updatedAt: new Date(occurred + 65 * DAY_MS),
      })
      .returning();
    await audit(tx, office, { action: 'incidentInvestigation.open', entityType: 'incidentInvestigation', entityId: inv!.id, after: inv });
    const measures = [
      { orgId: gahg?.id, text: '仓库全面加装防静电设施，叉车更换为防爆型', deadline: 90, done: true },
      { orgId: xhjb?.id, text: '街道开展辖区危化品仓储企业专项检查', deadline: 200, done: false },
    ];
    for (const m of measures) {
      if (!m.orgId) continue;
      clock.at = new Date(occurred + 65 * DAY_MS);
      const [row] = await tx
        .insert(incidentMeasures)
        .values({
          investigationId: inv!.id,
          orgId: m.orgId,
          text: m.text,
          deadline: shanghaiDateOf(new Date(occurred + m.deadline * DAY_MS)),
          createdAt: clock.at,
          ...(m.done ? { status: 'done' as const, doneAt: new Date(occurred + 80 * DAY_MS), doneNote: '已完成改造并通过验收' } : {}),
        })
        .returning();
      await audit(tx, office, { action: 'incidentMeasure.add', entityType: 'incidentMeasure', entityId: row!.id, after: row });
      if (m.done)
        await recordTransition(
          tx,
          emergency.measureWorkflow,
          row!.id,
          { action: 'complete', from: 'open', to: 'done', input: { note: '已完成改造并通过验收' } },
          enterprise,
          { before: { status: 'open' }, after: row },
        );
    }
    return { incidentReports: submitted, incidentInvestigations: 1, incidentMeasures: measures.length };
  });
}
