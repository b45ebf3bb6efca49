import { type Action, type api, type Bilingual, bi, emergency, shanghaiDateOf } from '@citysafe/domain';
import { and, asc, eq, isNull, ne, type SQL, sql } from 'drizzle-orm';
import { type Actor, can, scopeOf } from '../../platform/actor.js';
import { now, type Tx } from '../../platform/db.js';
import { measureIsMine } from './incident-reports.present.js';
import { incidentInvestigations, incidentMeasures, incidentReports } from './incident-reports.tables.js';
import { incidentScope } from './incident.scope.js';
import { incidents } from './incident.tables.js';

type InboxItem = api.inbox.InboxItem;

/** The reporting part's kinds of 待办. */
const kinds = {
  'emergency.report': bi('待报送事故报告', 'Incident reports due'),
  'emergency.investigation': bi('待完成事故调查', 'Investigation steps due'),
  'emergency.measure': bi('待落实整改措施', 'Corrective measures to carry out'),
} as const satisfies Record<string, Bilingual>;
type Kind = keyof typeof kinds;

/** At most this many items of one kind. */
const PER_KIND = 50;

/**
 * In the caller's reach for the action, leaving out an installation-wide reach: the administrator may act on every
 * incident, but the reports are the units' and the district's (as the hazard inbox).
 */
const expected = (actor: Actor, action: Action): SQL =>
  !can(actor, action) || scopeOf(actor, action).kind === 'all' ? sql`false` : incidentScope(actor, action);

const dueState = (due: string, today: string): InboxItem['dueState'] => {
  const { daysLeft } = emergency.dayStanding(today, due);
  return daysLeft < 0 ? 'overdue' : daysLeft <= 1 ? 'due_soon' : 'on_track';
};
const item = (kind: Kind, rest: Omit<InboxItem, 'kind' | 'kindLabel' | 'key'>): InboxItem => ({
  ...rest,
  key: `${kind}:${rest.objectId}`,
  kind,
  kindLabel: kinds[kind],
});

/**
 * The reports owed (by whoever makes them: emergency.report, escalations emergency.command), the investigation's next
 * step (report or approval, emergency.investigate) and the open 整改措施 of the caller's own units.
 */
export async function incidentReportsInbox(tx: Tx, actor: Actor): Promise<InboxItem[]> {
  const at = now(tx);
  const today = shanghaiDateOf(at);
  const owed = await tx
    .select({ r: incidentReports, code: incidents.code, title: incidents.title })
    .from(incidentReports)
    .innerJoin(incidents, eq(incidents.id, incidentReports.incidentId))
    .where(
      and(
        isNull(incidentReports.submittedAt),
        sql`case when ${incidentReports.kind} = 'escalation' then ${expected(actor, 'emergency.command')} else ${expected(actor, 'emergency.report')} end`,
      ),
    )
    .orderBy(asc(incidentReports.dueAt))
    .limit(PER_KIND);
  const investigations = await tx
    .select({ v: incidentInvestigations, code: incidents.code, title: incidents.title })
    .from(incidentInvestigations)
    .innerJoin(incidents, eq(incidents.id, incidentInvestigations.incidentId))
    .where(and(ne(incidentInvestigations.status, 'approved'), expected(actor, 'emergency.investigate')))
    .limit(PER_KIND);
  const measures = actor.orgId
    ? await tx
        .select({ m: incidentMeasures, code: incidents.code, incidentId: incidents.id })
        .from(incidentMeasures)
        .innerJoin(incidentInvestigations, eq(incidentInvestigations.id, incidentMeasures.investigationId))
        .innerJoin(incidents, eq(incidents.id, incidentInvestigations.incidentId))
        .where(and(eq(incidentMeasures.status, 'open'), measureIsMine(actor)))
        .orderBy(asc(incidentMeasures.deadline))
        .limit(PER_KIND)
    : [];
  return [
    ...owed.map(({ r, code, title }) => {
      const label = `${emergency.reportKindLabels[r.kind].zh}（${emergency.reportLevelLabels[r.level].zh}）`;
      const labelEn = `${emergency.reportKindLabels[r.kind].en} (${emergency.reportLevelLabels[r.level].en})`;
      return item('emergency.report', {
        title: bi(`${code} ${title}：${label}`, `${code} ${title}: ${labelEn}`),
        objectType: 'incidentReport',
        objectId: r.id,
        due: shanghaiDateOf(r.dueAt),
        // A report is owed in hours: overdue once past its instant, due soon otherwise.
        dueState: r.dueAt.getTime() < at.getTime() ? 'overdue' : 'due_soon',
        reason: null,
        since: r.createdAt.toISOString(),
        link: `/emergency/incidents/${r.incidentId}`,
      });
    }),
    ...investigations.map(({ v, code, title }) => {
      const due = v.status === 'investigating' ? (v.extendedTo ?? v.dueOn) : (v.approvalExtendedTo ?? v.approvalDueOn ?? v.dueOn);
      const step = v.status === 'investigating' ? bi('提交调查报告', 'submit the report') : bi('批复调查报告', 'approve the report');
      return item('emergency.investigation', {
        title: bi(`${code} ${title}：${step.zh}`, `${code} ${title}: ${step.en}`),
        objectType: 'incidentInvestigation',
        objectId: v.id,
        due,
        dueState: dueState(due, today),
        reason: null,
        since: v.updatedAt.toISOString(),
        link: `/emergency/incidents/${v.incidentId}`,
      });
    }),
    ...measures.map(({ m, code, incidentId }) =>
      item('emergency.measure', {
        title: bi(`${code} 整改措施：${m.text}`, `${code} corrective measure: ${m.text}`),
        objectType: 'incidentMeasure',
        objectId: m.id,
        due: m.deadline,
        dueState: dueState(m.deadline, today),
        reason: null,
        since: m.createdAt.toISOString(),
        link: `/emergency/incidents/${incidentId}`,
      }),
    ),
  ];
}
