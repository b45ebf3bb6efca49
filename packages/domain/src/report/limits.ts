import { z } from 'zod';
import { AppError } from '../errors.js';
import { type Bilingual, bi } from '../i18n.js';
import type { ReportStatus } from './workflow.js';
import { maxExtensionDays } from './workflow.js';

/**
 * The time limits of a report and where they come from (regulations.md §10):
 * - acceptance (受理): within the category's `accept_days` from receipt (data in `report_categories`; 3 by default, a
 *   local practice [U]: for a real-name report the Shandong rule says "on the spot");
 * - handling (办结): within the category's `handle_days` from acceptance, 60 by default (Shandong 举报 rules [V],
 *   zwfw.sd.gov.cn/art/2015/12/19/art_1648_685.html);
 * - one extension of at most 30 days, by approval, the reporter told why (same source).
 * The district's own values are settings data (`report.limits` in the platform's settings, `PUT /api/reports/limits`).
 */
export const reportLimitSources: Record<'accept' | 'handle' | 'extension', Bilingual> = {
  accept: bi(
    '受理时限：按举报类别设定（默认 3 日；山东省规定实名举报当场答复是否受理）',
    'Acceptance: per category (3 days by default; Shandong: a real-name report is answered on the spot)',
  ),
  handle: bi(
    '办理时限：自受理之日起 60 日内办结（山东省安全生产举报办理规定）',
    'Handling: closed within 60 days of acceptance (Shandong rules on work-safety reports)',
  ),
  extension: bi(
    '延期：经批准可延长一次，不超过 30 日，并告知举报人延期理由',
    'Extension: once, by approval, at most 30 days, the reporter told why',
  ),
};

/** The district's settings of the report limits (stored as `report.limits`). */
export const reportLimitSettings = z.object({
  /** The longest extension the district grants (the rule's 30 days at most). */
  extensionDays: z.number().int().min(1).max(maxExtensionDays),
  /** How many extensions a report may have (the rule: one). */
  maxExtensions: z.number().int().min(0).max(1),
  /** A step this many days before its limit or nearer is "due soon" and shown in the inbox. */
  dueSoonDays: z.number().int().min(0).max(30),
  /** Days past a limit after which the late step escalates to 安委办 (0: at once). */
  escalateAfterDays: z.number().int().min(0).max(30),
});
export type ReportLimitSettings = z.infer<typeof reportLimitSettings>;
export const defaultReportLimits: ReportLimitSettings = { extensionDays: 30, maxExtensions: 1, dueSoonDays: 7, escalateAfterDays: 0 };

const DAY = 24 * 60 * 60 * 1000;
export const addDays = (at: Date, days: number): Date => new Date(at.getTime() + days * DAY);

/** The limit of the acceptance decision: receipt plus the category's days. */
export const acceptDueAt = (receivedAt: Date, acceptDays: number): Date => addDays(receivedAt, acceptDays);
/** The limit of handling: acceptance plus the category's days (60). */
export const handleDueAt = (acceptedAt: Date, handleDays: number): Date => addDays(acceptedAt, handleDays);

/** The fields of a report the limits read. */
export interface ReportClock {
  status: ReportStatus;
  receivedAt: Date;
  acceptDueAt: Date;
  dueAt: Date | null;
  extendedUntil: Date | null;
  closedAt: Date | null;
}

/** The step a report waits for, or null when it is finished. */
export type ReportStep = 'accept' | 'assign' | 'handle' | 'verify' | 'close';
export const reportStepOf: Record<ReportStatus, ReportStep | null> = {
  received: 'accept',
  accepted: 'assign',
  assigned: 'handle',
  handled: 'verify',
  verified: 'close',
  refused: null,
  closed: null,
};

/** The limit in force: the extended one when there is one. */
export const effectiveDueAt = (r: Pick<ReportClock, 'dueAt' | 'extendedUntil'>): Date | null => r.extendedUntil ?? r.dueAt;

/** The limit of the step the report waits for: acceptance before it is accepted, handling after. */
export function stepDueAt(r: ReportClock): Date | null {
  if (r.status === 'received') return r.acceptDueAt;
  if (reportStepOf[r.status] === null) return null;
  return effectiveDueAt(r);
}

/** Whether the step the report waits for is past its limit at `now`. */
export function isOverdue(r: ReportClock, now: Date): boolean {
  const due = stepDueAt(r);
  return due !== null && now.getTime() > due.getTime();
}

/** Whether the limit of the waiting step falls within `days` from `now` (and is not yet past). */
export function isDueSoon(r: ReportClock, now: Date, days: number): boolean {
  const due = stepDueAt(r);
  return due !== null && due.getTime() >= now.getTime() && due.getTime() - now.getTime() <= days * DAY;
}

/** Whether a closed report was closed within its limit (extension included): the on-time closure figure. */
export function closedOnTime(r: Pick<ReportClock, 'closedAt' | 'dueAt' | 'extendedUntil'>): boolean {
  const due = effectiveDueAt(r);
  return r.closedAt !== null && due !== null && r.closedAt.getTime() <= due.getTime();
}

/**
 * The new limit an approved extension gives, or the 409 that refuses it: a second extension, more days than the
 * settings allow, or a report with no running limit.
 */
export function extendedDueAt(
  r: Pick<ReportClock, 'dueAt' | 'extendedUntil'>,
  days: number,
  limits: ReportLimitSettings = defaultReportLimits,
): Date {
  const extensions = r.extendedUntil ? 1 : 0;
  if (extensions >= limits.maxExtensions)
    throw new AppError(
      'CONFLICT',
      bi('该举报已延期一次，不能再次延期', 'This report has already been extended once and cannot be extended again'),
    );
  if (days > limits.extensionDays)
    throw new AppError(
      'VALIDATION',
      bi(`延期不能超过 ${limits.extensionDays} 日`, `An extension is at most ${limits.extensionDays} days`),
      { fields: [{ field: 'days', message: bi(`不超过 ${limits.extensionDays} 日`, `At most ${limits.extensionDays} days`) }] },
    );
  if (!r.dueAt) throw new AppError('CONFLICT', bi('该举报尚未受理，没有办理时限', 'This report has no handling limit yet'));
  return addDays(r.dueAt, days);
}
