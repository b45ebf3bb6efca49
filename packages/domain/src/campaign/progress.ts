import type { AssignmentStatus, DeadlineState, TaskStatus } from './workflow.js';

/** One responsible unit's part of a task, as the task ledger lists it. */
export interface UnitPart {
  orgId: string;
  orgName: string;
  status: AssignmentStatus;
  deadlineState: DeadlineState;
}

/** A unit's parts counted by the task statuses the ledger shows. */
export type StatusCounts = Record<TaskStatus, number>;

/** How far one responsible unit has come with its own parts. */
export interface UnitProgress {
  orgId: string;
  orgName: string;
  /** Parts the unit holds. */
  total: number;
  counts: StatusCounts;
  /** Parts past their deadline and not accepted. */
  overdue: number;
  /** Share of the unit's parts accepted, 0–1. */
  rate: number;
}

const noCounts = (): StatusCounts => ({ accepted: 0, submitted: 0, in_progress: 0, not_started: 0 });

/**
 * Each responsible unit's own parts by status, ranked by completion rate, then fewest overdue,
 * then most parts, then name (pinyin order, so a tie reads the same on every screen). A returned
 * part counts as in progress: the unit is working on it again. Tasks with no responsible org
 * (only groups such as 各有关部门) rank nobody. This is the progress view of the tasks the caller
 * can see; the district's 考核 ranking is `assessmentScore`, computed by the server over every unit.
 */
export function unitProgress(tasks: readonly { responsible: readonly UnitPart[] }[]): UnitProgress[] {
  const byUnit = new Map<string, UnitProgress>();
  for (const task of tasks) {
    for (const part of task.responsible) {
      const unit = byUnit.get(part.orgId) ?? {
        orgId: part.orgId,
        orgName: part.orgName,
        total: 0,
        counts: noCounts(),
        overdue: 0,
        rate: 0,
      };
      unit.total++;
      unit.counts[part.status === 'returned' ? 'in_progress' : part.status]++;
      if (part.deadlineState === 'overdue') unit.overdue++;
      byUnit.set(part.orgId, unit);
    }
  }
  return [...byUnit.values()]
    .map((u) => ({ ...u, rate: u.counts.accepted / u.total }))
    .sort((a, b) => b.rate - a.rate || a.overdue - b.overdue || b.total - a.total || a.orgName.localeCompare(b.orgName, 'zh-CN'));
}
