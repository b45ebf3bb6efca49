import { z } from 'zod';
import { type Bilingual, bi } from '../i18n.js';
import { textInput } from '../text.js';
import { defineWorkflow } from '../workflow/engine.js';

/**
 * What a grid case is: a `case` found on patrol (数字城管 事件/部件 problem), or a `lead` (移交线索): what a patrol
 * found in an enterprise, passed to the department responsible for it. A patrol is not a 行政检查 (the 2024–25 rules
 * on 涉企行政检查), so a lead is never recorded as an inspection: the department decides what to do with it.
 */
export const gridCaseKinds = ['case', 'lead'] as const;
export type GridCaseKind = (typeof gridCaseKinds)[number];
export const gridCaseKindLabels: Record<GridCaseKind, Bilingual> = {
  case: bi('网格事件', 'Grid case'),
  lead: bi('移交线索', 'Lead passed on'),
};

const note = textInput().min(2, '请填写说明 / write a note').max(4000);
const photoFileIds = z.array(z.uuid()).max(9, '最多 9 张照片 / at most 9 photos');

export const dispatchInput = z.object({
  orgId: z.uuid({ error: '请选择处置单位 / choose the unit' }),
  note: textInput().max(2000).optional(),
});
export const handleInput = z.object({ note, photoFileIds: photoFileIds.optional() });
export const verifyInput = z.object({ note: textInput().max(4000).optional() });
export const returnInput = z.object({ note });
export const closeInput = z.object({ note });
export const cancelInput = z.object({ reason: note });

/**
 * The 数字城管 cycle (GB/T 30428; standards.md §5): 立案 `registered` → 派遣 `dispatched` to the unit that handles
 * it → 处置 `handled` → 核查 `verified` by the office that dispatched it → 结案 `closed`. 核查 that finds the problem
 * not fixed sends it back to `dispatched` (`return`); a case registered by mistake is 作废 `cancelled`. The unit's
 * deadline runs from dispatch (the category's hours, `gridSettings.caseCategories`).
 */
export const gridCaseWorkflow = defineWorkflow({
  entity: 'gridCase',
  initial: 'registered',
  states: {
    registered: { label: bi('已立案', 'Registered') },
    dispatched: { label: bi('已派遣', 'Dispatched') },
    handled: { label: bi('已处置', 'Handled') },
    verified: { label: bi('已核查', 'Verified') },
    closed: { label: bi('已结案', 'Closed'), terminal: true },
    cancelled: { label: bi('已作废', 'Cancelled'), terminal: true },
  },
  actions: {
    dispatch: { label: bi('派遣', 'Dispatch'), from: ['registered'], to: 'dispatched', permission: 'grid.case', input: dispatchInput },
    handle: { label: bi('处置', 'Record the handling'), from: ['dispatched'], to: 'handled', permission: 'grid.case', input: handleInput },
    verify: { label: bi('核查通过', 'Verify as fixed'), from: ['handled'], to: 'verified', permission: 'grid.case', input: verifyInput },
    return: {
      label: bi('核查未通过，退回重办', 'Not fixed: send back'),
      from: ['handled'],
      to: 'dispatched',
      permission: 'grid.case',
      input: returnInput,
    },
    close: { label: bi('结案', 'Close'), from: ['verified'], to: 'closed', permission: 'grid.case', input: closeInput },
    cancel: { label: bi('作废', 'Cancel'), from: ['registered'], to: 'cancelled', permission: 'grid.case', input: cancelInput },
  },
});
export type GridCaseStatus = keyof typeof gridCaseWorkflow.states;
export const gridCaseStatuses = Object.keys(gridCaseWorkflow.states) as [GridCaseStatus, ...GridCaseStatus[]];
export type GridCaseAction = keyof typeof gridCaseWorkflow.actions;

/** The kinds of unit a case is dispatched to (处置单位): a district department, a street, a community or an agency. */
export const gridCaseHandlerOrgTypes: readonly string[] = ['department', 'street', 'community', 'agency'];

/** The states in which the unit's deadline runs: dispatched and not yet handled (a return restarts it). */
export const gridCaseDeadlineStates: readonly GridCaseStatus[] = ['dispatched'];

/** The handling deadline: dispatch plus the category's hours. */
export const gridCaseDeadline = (dispatchedAt: Date, deadlineHours: number): Date =>
  new Date(dispatchedAt.getTime() + deadlineHours * 3600_000);

/** Whether a case is past its deadline: only while the unit has it (dispatched), and only once the deadline has passed. */
export const isGridCaseOverdue = (c: { status: GridCaseStatus; deadline: Date | null }, now: Date): boolean =>
  c.deadline !== null && gridCaseDeadlineStates.includes(c.status) && now.getTime() > c.deadline.getTime();

/** A case's code: WG-<year>-<six digits>, the number claimed per year. */
export const gridCaseCode = (year: number, seq: number): string => `WG-${year}-${String(seq).padStart(6, '0')}`;
