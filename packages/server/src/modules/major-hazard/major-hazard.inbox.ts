import { type api, type Bilingual, bi, majorHazard as mh } from '@citysafe/domain';
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { type Actor, can, scopeOf } from '../../platform/actor.js';
import type { Tx } from '../../platform/db.js';
import { orgs } from '../identity/index.js';
import { installationScope } from './major-hazard.policy.js';
import { majorHazardInstallations as installations } from './major-hazard.tables.js';

type InboxItem = api.inbox.InboxItem;

/** The registry's kinds of 待办. */
const majorHazardInboxKinds = {
  'majorHazard.register': bi('待登记备案的重大危险源', 'Major hazards to register'),
  'majorHazard.declare': bi('待申报的重大危险源', 'Major hazards to declare'),
  'majorHazard.returned': bi('被退回的重大危险源', 'Major hazards returned'),
  'majorHazard.redeclare': bi('分级变化待重新申报', 'Grade changed: declare again'),
} as const satisfies Record<string, Bilingual>;
type Kind = keyof typeof majorHazardInboxKinds;

/** At most this many items of one kind: the rest are on the list page, filtered the same way. */
const PER_KIND = 50;

const { declare, register } = mh.installationWorkflow.actions;

/** Each state a unit is declared from has its own kind: new, sent back with a reason, or regraded. */
const declareKinds: Record<(typeof declare.from)[number], Kind> = {
  identified: 'majorHazard.declare',
  returned: 'majorHazard.returned',
  changed: 'majorHazard.redeclare',
};

/** The reason given with the latest return of the installation, in SQL (shown with a returned item). */
const returnReason = sql<string | null>`(select wt.input->>'reason' from workflow_transitions wt
  where wt.entity_type = ${mh.installationWorkflow.entity} and wt.entity_id = ${installations.id}::text
    and wt.action = 'return' order by wt.id desc limit 1)`;

/**
 * The registry as 待办: units declared that the caller may register (the registering department,
 * 安委办), and the enterprise's major hazards to declare — never declared, returned with the reason,
 * or declared before and regraded since (`change`). The states and permissions are read off the
 * workflow and the reach is the policy's (`installationScope` per action); the policy declares only
 * a major hazard (S ≥ 1), so the same condition stands here: an item is listed exactly while its
 * action is allowed. One query per kind, however many units there are.
 *
 * No due date: the rules copied into the project (GB 18218-2018, 原安监总局令第40号 as cited in the
 * workflow) set no deadline for declaring or registering.
 */
export async function majorHazardInbox(tx: Tx, actor: Actor): Promise<InboxItem[]> {
  const ask = async (kind: Kind, where: SQL | undefined, withReason = false) => {
    const found = await tx
      .select({
        id: installations.id,
        name: installations.name,
        grade: installations.grade,
        unit: sql<string>`coalesce(nullif(${orgs.shortName}, ''), ${orgs.name})`,
        updatedAt: installations.updatedAt,
        reason: withReason ? returnReason : sql<null>`null`,
      })
      .from(installations)
      .innerJoin(orgs, eq(orgs.id, installations.orgId))
      .where(where)
      .orderBy(installations.updatedAt, installations.id)
      .limit(PER_KIND);
    return found.map((i): InboxItem => {
      const grade = i.grade ? mh.gradeLabels[i.grade as 1 | 2 | 3 | 4] : null;
      return {
        key: `${kind}:${i.id}`,
        kind,
        kindLabel: majorHazardInboxKinds[kind],
        title: bi(`${i.unit} · ${i.name}${grade ? `（${grade.zh}）` : ''}`, `${i.unit} · ${i.name}${grade ? ` (${grade.en})` : ''}`),
        objectType: mh.installationWorkflow.entity,
        objectId: i.id,
        due: null,
        dueState: null,
        reason: i.reason,
        since: i.updatedAt.toISOString(),
        link: `/major-hazards/${i.id}`,
      };
    });
  };
  const items: InboxItem[] = [];
  // An installation-wide administrator may register everywhere, but the work is the district's
  // registering department's; an inbox of every district's units would bury the administrator's own.
  const registers = scopeOf(actor, register.permission).kind;
  if (can(actor, register.permission) && registers !== 'all') {
    items.push(
      ...(await ask(
        'majorHazard.register',
        and(inArray(installations.status, [...register.from]), installationScope(actor, register.permission)),
      )),
    );
  }
  // Declaring is the enterprise's (or its department's) work, not the district office's that may
  // also declare on its behalf.
  const declares = actor.grants[declare.permission];
  if (declares === 'own' || declares === 'subtree') {
    for (const status of declare.from) {
      const where = and(eq(installations.status, status), eq(installations.isMajor, true), installationScope(actor, declare.permission));
      items.push(...(await ask(declareKinds[status], where, status === 'returned')));
    }
  }
  return items;
}
