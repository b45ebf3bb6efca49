import { type Bilingual, bi } from '../i18n.js';

/**
 * 值班值守: each org's duty roster (one 带班领导 and the 值班人员 per day), the duty log of calls and events, and the
 * handover from one shift to the next with what is still open.
 */

/** What a duty-log entry records: a call received, an event noticed, a notice received or passed on. */
export const dutyLogKinds = ['call', 'event', 'notice'] as const;
export type DutyLogKind = (typeof dutyLogKinds)[number];
export const dutyLogKindLabels: Record<DutyLogKind, Bilingual> = {
  call: bi('来电', 'Call'),
  event: bi('事件', 'Event'),
  notice: bi('通知', 'Notice'),
};

/**
 * An entry is `open` until the duty closes it or records it as an incident (`recorded`): the open entries are
 * what a handover passes on.
 */
export const dutyLogStatuses = ['open', 'closed', 'recorded'] as const;
export type DutyLogStatus = (typeof dutyLogStatuses)[number];
export const dutyLogStatusLabels: Record<DutyLogStatus, Bilingual> = {
  open: bi('待处理', 'Open'),
  closed: bi('已办结', 'Closed'),
  recorded: bi('已转事故', 'Recorded as incident'),
};

/** One person on a roster: a user of the platform or someone named with a phone. */
export interface DutyPerson {
  userId?: string | null;
  name: string;
  phone: string;
}

/** One rule a roster day breaks, with the field it concerns. */
export interface RosterProblem {
  field: string;
  message: Bilingual;
}

const samePerson = (a: DutyPerson, b: DutyPerson): boolean =>
  (a.userId != null && a.userId === b.userId) || (a.name === b.name && a.phone === b.phone);

/**
 * The rules of one roster day beyond the one leader a day (a single field, and one row per org and date in the
 * database): the leader is not also listed as staff, and nobody is listed twice.
 */
export function rosterProblems(day: { leader: DutyPerson; staff: readonly DutyPerson[] }): RosterProblem[] {
  const problems: RosterProblem[] = [];
  day.staff.forEach((person, i) => {
    if (samePerson(person, day.leader))
      problems.push({
        field: `staff.${i}`,
        message: bi('带班领导不能同时列为值班人员', 'The leader on duty cannot also be listed as staff'),
      });
    else if (day.staff.slice(0, i).some((earlier) => samePerson(earlier, person)))
      problems.push({ field: `staff.${i}`, message: bi('值班人员重复', 'This person is listed twice') });
  });
  return problems;
}

/** The days of a month `YYYY-MM`, `YYYY-MM-DD` each: the roster's month view. */
export function daysOfMonth(month: string): string[] {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const count = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/** What a handover passes on: the incidents still being handled and the duty log's open entries, by id. */
export interface HandoverItems {
  openIncidents: { id: string; code: string; title: string; status: string }[];
  openLogEntries: { id: string; kind: DutyLogKind; summary: string; at: string }[];
}

/** The handover's one-line summary (交接班内容): how many incidents and log entries the next shift takes over. */
export function handoverSummary(items: HandoverItems): Bilingual {
  const i = items.openIncidents.length;
  const l = items.openLogEntries.length;
  if (i === 0 && l === 0) return bi('无未办结事项', 'Nothing open');
  return bi(`未结事故 ${i} 起，待处理值班记录 ${l} 条`, `${i} open incident(s), ${l} open log entr${l === 1 ? 'y' : 'ies'}`);
}
