import { AppError, bi, type api, grid as rules, type RequestPart, shanghaiDateOf } from '@citysafe/domain';
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { type Actor, inScope, scopeOf } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { now, rows, type Tx } from '../../platform/db.js';
import { assertReadableFiles } from '../../platform/files.service.js';
import { listPage } from '../../platform/list.js';
import { allowIf, refuse, workflowPolicy } from '../../platform/policy.js';
import { recordTransition, timeline } from '../../platform/workflow.js';
import { citedPhoto, gridInReach, gridReach, gridSettings } from './grid.places.js';
import { gridCaseNumbers, gridCases } from './grid.tables.js';

type CaseRow = typeof gridCases.$inferSelect;
interface OrgRef {
  id: string;
  name: string;
  path: string;
}
/** A case with the orgs its reach and presentation need. */
export interface LoadedCase extends CaseRow {
  grid: OrgRef;
  assigned: OrgRef | null;
  enterprise: { id: string; name: string } | null;
}

/**
 * Who may take a step: the office that has the grid (a street over its grids, 安委办 over the district) dispatches,
 * verifies, returns, closes and cancels; the unit the case is assigned to (or one above it) handles it.
 */
export const gridCasePolicy = workflowPolicy(rules.gridCaseWorkflow, {
  state: (c: LoadedCase) => c.status,
  reach: (actor, c, action) =>
    action === 'handle'
      ? // Before dispatch nobody has it: the state answers (409), not the reach.
        allowIf(c.assigned === null || inScope(actor, 'grid.case', c.assigned))
      : allowIf(inScope(actor, 'grid.case', c.grid), refuse('FORBIDDEN', bi('该网格不归你管辖', 'This grid is not within your reach'))),
});

/** The department that answers for an enterprise: its nearest ancestor of type department (行业主管部门), or null. */
export async function responsibleDepartmentOf(tx: Tx, enterpriseId: string): Promise<string | null> {
  const [found] = await rows<{ id: string }>(
    tx,
    sql`select d.id from orgs e join orgs d on d.type = 'department' and starts_with(e.path, d.path) and d.id <> e.id
        where e.id = ${enterpriseId} order by length(d.path) desc limit 1`,
  );
  return found?.id ?? null;
}

async function nextCode(tx: Tx): Promise<string> {
  const year = Number(shanghaiDateOf(now(tx)).slice(0, 4));
  const [claimed] = await tx
    .insert(gridCaseNumbers)
    .values({ year, last: 1 })
    .onConflictDoUpdate({ target: gridCaseNumbers.year, set: { last: sql`${gridCaseNumbers.last} + 1` } })
    .returning({ last: gridCaseNumbers.last });
  return rules.gridCaseCode(year, claimed!.last);
}

export interface NewGridCase {
  kind: rules.GridCaseKind;
  title: string;
  description: string | null;
  /** A category of the settings; the first one when absent. */
  category: string | undefined;
  gridId: string;
  enterpriseId: string | null;
  location: { lng: number; lat: number } | null;
  photoFileIds: string[];
  visitId: string | null;
  findingClientId: string | null;
  /** A lead goes straight to the department responsible for the enterprise (派遣 at registration). */
  dispatchTo: string | null;
}

/** 立案: registers a case (and, for a lead with its department known, dispatches it in the same transaction). */
export async function insertGridCase(tx: Tx, actor: Actor, settings: rules.GridSettings, input: NewGridCase): Promise<CaseRow> {
  const category = input.category ? settings.caseCategories.find((c) => c.code === input.category) : settings.caseCategories[0];
  if (!category)
    throw new AppError('RULE_VIOLATION', bi('没有该事件类别', 'No such case category'), {
      fields: [{ field: 'category', message: bi('请选择设置中的事件类别', 'Choose a category of the settings') }],
    });
  const at = now(tx);
  const [created] = await tx
    .insert(gridCases)
    .values({
      code: await nextCode(tx),
      kind: input.kind,
      title: input.title,
      description: input.description,
      category: category.code,
      gridId: input.gridId,
      enterpriseId: input.enterpriseId,
      deadlineHours: category.deadlineHours,
      location: input.location ? { x: input.location.lng, y: input.location.lat } : null,
      photoFileIds: input.photoFileIds,
      visitId: input.visitId,
      findingClientId: input.findingClientId,
      createdBy: actor.userId,
      createdByName: actor.displayName,
      createdAt: at,
    })
    .returning();
  await audit(tx, actor, {
    action: 'gridCase.create',
    entityType: 'gridCase',
    entityId: created!.id,
    after: { code: created!.code, kind: input.kind },
  });
  if (!input.dispatchTo) return created!;
  const deadline = rules.gridCaseDeadline(at, category.deadlineHours);
  const [dispatched] = await tx
    .update(gridCases)
    .set({ status: 'dispatched', assignedOrgId: input.dispatchTo, deadline })
    .where(eq(gridCases.id, created!.id))
    .returning();
  await recordTransition(
    tx,
    rules.gridCaseWorkflow,
    created!.id,
    { action: 'dispatch', from: 'registered', to: 'dispatched', input: { orgId: input.dispatchTo, note: '巡查发现，移交线索' } },
    actor,
    { before: { status: 'registered' }, after: { status: 'dispatched', assignedOrgId: input.dispatchTo } },
  );
  return dispatched!;
}

const caseSelect = (tx: Tx) =>
  tx
    .select({
      c: gridCases,
      grid: sql<OrgRef>`(select json_build_object('id', o.id, 'name', o.name, 'path', o.path) from orgs o where o.id = ${gridCases.gridId})`,
      assigned: sql<OrgRef | null>`(select json_build_object('id', o.id, 'name', o.name, 'path', o.path) from orgs o where o.id = ${gridCases.assignedOrgId})`,
      enterprise: sql<{
        id: string;
        name: string;
      } | null>`(select json_build_object('id', o.id, 'name', o.name) from orgs o where o.id = ${gridCases.enterpriseId})`,
    })
    .from(gridCases)
    .$dynamic();

/** A case is in reach when its grid is, or it is assigned to the caller's unit (a department sees its leads). */
const caseReach = (actor: Actor): SQL =>
  sql`(${gridReach(actor, 'grid.read', sql`${gridCases.gridId}`)} or ${gridReach(actor, 'grid.read', sql`${gridCases.assignedOrgId}`)})`;

/** `isGridCaseOverdue` in SQL: the list's filter and the hourly overdue check. */
export const overdueSql = (at: Date): SQL =>
  sql`(${inArray(gridCases.status, [...rules.gridCaseDeadlineStates])} and ${gridCases.deadline} is not null and ${gridCases.deadline} < ${at})`;

function present(actor: Actor, c: LoadedCase, at: Date, settings: rules.GridSettings): api.grid.GridCase {
  return {
    id: c.id,
    code: c.code,
    kind: c.kind,
    title: c.title,
    description: c.description,
    category: c.category,
    categoryName: settings.caseCategories.find((k) => k.code === c.category)?.name ?? c.category,
    status: c.status,
    gridId: c.gridId,
    gridName: c.grid.name,
    enterprise: c.enterprise,
    assignedOrg: c.assigned ? { id: c.assigned.id, name: c.assigned.name } : null,
    deadline: c.deadline?.toISOString() ?? null,
    overdue: rules.isGridCaseOverdue(c, at),
    location: c.location ? { lng: c.location.x, lat: c.location.y } : null,
    photoFileIds: c.photoFileIds,
    createdAt: c.createdAt.toISOString(),
    createdBy: c.createdByName,
    visitId: c.visitId,
    closedAt: c.closedAt?.toISOString() ?? null,
    allowedActions: gridCasePolicy.allowed(actor, c),
  };
}

const loaded = (r: { c: CaseRow; grid: OrgRef; assigned: OrgRef | null; enterprise: { id: string; name: string } | null }): LoadedCase => ({
  ...r.c,
  grid: r.grid,
  assigned: r.assigned,
  enterprise: r.enterprise,
});

async function loadCase(tx: Tx, actor: Actor, id: string): Promise<LoadedCase> {
  const [found] = await caseSelect(tx).where(and(eq(gridCases.id, id), caseReach(actor)));
  if (!found) throw new AppError('NOT_FOUND', bi('网格事件不存在或不在你的范围内', 'No such grid case within your reach'));
  return loaded(found);
}

export async function getGridCase(tx: Tx, actor: Actor, id: string): Promise<api.grid.GridCaseDetail> {
  const c = await loadCase(tx, actor, id);
  const { settings } = await gridSettings(tx);
  return { ...present(actor, c, now(tx), settings), timeline: await timeline(tx, 'gridCase', id) };
}

/** GET /api/grid/cases/:id/photos/:fileId: a photo of a case in the caller's reach (found on patrol or of its handling). */
export async function gridCasePhoto(tx: Tx, actor: Actor, id: string, fileId: string) {
  return citedPhoto(tx, (await loadCase(tx, actor, id)).photoFileIds, fileId);
}

export async function listGridCases(tx: Tx, actor: Actor, q: RequestPart<typeof api.grid.listGridCases, 'query'>) {
  const at = now(tx);
  const page = await listPage(
    tx,
    caseSelect(tx),
    {
      where: [
        caseReach(actor),
        q.status ? eq(gridCases.status, q.status) : undefined,
        q.kind ? eq(gridCases.kind, q.kind) : undefined,
        q.gridId ? eq(gridCases.gridId, q.gridId) : undefined,
        q.assignedOrgId ? eq(gridCases.assignedOrgId, q.assignedOrgId) : undefined,
        q.overdue === 'true' ? overdueSql(at) : q.overdue === 'false' ? sql`not ${overdueSql(at)}` : undefined,
      ],
      search: [gridCases.code, gridCases.title],
      sortable: { createdAt: gridCases.createdAt, deadline: gridCases.deadline, code: gridCases.code },
      defaultOrder: [desc(gridCases.createdAt)],
      tieBreaker: gridCases.id,
    },
    q,
  );
  const { settings } = await gridSettings(tx);
  return { ...page, items: page.rows.map((r) => present(actor, loaded(r), at, settings)) };
}

/** POST /api/grid/cases: 立案 in one of the caller's grids (a member in their own, a street in its grids). */
export async function createGridCase(
  tx: Tx,
  actor: Actor,
  input: RequestPart<typeof api.grid.createGridCase, 'body'>,
): Promise<api.grid.GridCaseDetail> {
  await gridInReach(tx, actor, 'grid.patrol', input.gridId);
  await assertReadableFiles(tx, actor, input.photoFileIds ?? [], 'photoFileIds');
  const { settings } = await gridSettings(tx);
  const created = await insertGridCase(tx, actor, settings, {
    kind: 'case',
    title: input.title,
    description: input.description ?? null,
    category: input.category,
    gridId: input.gridId,
    enterpriseId: null,
    location: input.location ?? null,
    photoFileIds: input.photoFileIds ?? [],
    visitId: null,
    findingClientId: null,
    dispatchTo: null,
  });
  return getGridCase(tx, actor, created.id);
}

/** POST /api/grid/cases/:id/actions/:action: one step of the cycle (409 from a state that does not allow it). */
export async function gridCaseAction(tx: Tx, actor: Actor, id: string, action: string, body: unknown): Promise<api.grid.GridCaseDetail> {
  const c = await loadCase(tx, actor, id);
  const t = gridCasePolicy.plan(actor, c, action, body);
  const at = now(tx);
  const set: Partial<CaseRow> = { status: t.to };
  switch (t.action) {
    case 'dispatch': {
      const [org] = await rows<{ id: string; path: string; type: string }>(
        tx,
        sql`select id, path, type from orgs where id = ${t.input.orgId}`,
      );
      if (!org || !rules.gridCaseHandlerOrgTypes.includes(org.type))
        throw new AppError(
          'RULE_VIOLATION',
          bi('请选择部门、街道或社区作为处置单位', 'Dispatch to a department, a street or a community'),
          {
            fields: [{ field: 'orgId', message: bi('处置单位无效', 'Not a unit that handles cases') }],
          },
        );
      if (scopeOf(actor, 'grid.case').kind === 'subtree' && !inScope(actor, 'grid.case', org) && org.type !== 'department')
        throw new AppError('FORBIDDEN', bi('只能派遣给本辖区单位或区级部门', 'Dispatch within your area or to a district department'));
      set.assignedOrgId = org.id;
      set.deadline = rules.gridCaseDeadline(at, c.deadlineHours);
      break;
    }
    case 'return':
      // The unit gets its time again from the return (核查未通过, 重新处置).
      set.deadline = rules.gridCaseDeadline(at, c.deadlineHours);
      break;
    case 'handle':
      await assertReadableFiles(tx, actor, t.input.photoFileIds ?? [], 'photoFileIds');
      if (t.input.photoFileIds?.length) set.photoFileIds = [...c.photoFileIds, ...t.input.photoFileIds];
      break;
    case 'close':
    case 'cancel':
      set.closedAt = at;
      break;
    case 'verify':
      break;
  }
  // Guarded on the state read: a concurrent step that moved the case first makes this one a conflict.
  const [updated] = await tx
    .update(gridCases)
    .set(set)
    .where(and(eq(gridCases.id, id), eq(gridCases.status, c.status)))
    .returning();
  if (!updated)
    throw new AppError('INVALID_TRANSITION', bi('事件状态已变化，请刷新后重试', 'The case changed meanwhile; reload and retry'));
  await recordTransition(tx, rules.gridCaseWorkflow, id, t, actor, {
    before: { status: c.status, assignedOrgId: c.assignedOrgId },
    after: { status: updated.status, assignedOrgId: updated.assignedOrgId },
  });
  return getGridCase(tx, actor, id);
}
