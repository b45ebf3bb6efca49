import { z } from 'zod';
import { type Bilingual, bi } from '../i18n.js';
import type { RiskLevel } from '../risk/levels.js';
import { addCalendarDays, shanghaiDateOf } from '../shanghai.js';
import { nameInput } from '../text.js';

/**
 * 巡查频次: how many days may pass between two visits of a place, by the highest risk level inside it (`none`: a
 * place without an assessed risk source). The defaults are this platform's choice, not a regulation's — no rule
 * we hold sets a grid patrol frequency by level — so they are marked unverified and an administrator changes them.
 */
export const patrolLevelKeys = ['major', 'significant', 'general', 'low', 'none'] as const;
export type PatrolLevelKey = (typeof patrolLevelKeys)[number];

const intervalDays = z.number().int().min(1, '巡查间隔至少 1 天 / at least one day').max(365, '巡查间隔不超过 365 天 / at most 365 days');

/** A grid case category and the hours the assigned unit has to handle it from dispatch (处置时限). */
export const gridCaseCategory = z.object({
  code: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,31}$/, '类别代码为小写字母、数字和下划线 / a category code is lower-case letters, digits and _'),
  name: nameInput().min(2).max(40),
  deadlineHours: z
    .number()
    .int()
    .min(1, '处置时限至少 1 小时 / at least one hour')
    .max(24 * 90, '处置时限不超过 90 天 / at most 90 days'),
});
export type GridCaseCategory = z.infer<typeof gridCaseCategory>;

/** The settings of grid patrol an administrator changes (`grid_settings`, one row). */
export const gridSettings = z.object({
  intervalDays: z.object({ major: intervalDays, significant: intervalDays, general: intervalDays, low: intervalDays, none: intervalDays }),
  /** A check-in farther than this from the place is recorded as far (`farCheckIn`), never refused. */
  checkInRadiusM: z.number().int().min(10, '打卡半径至少 10 米 / at least 10 m').max(5000, '打卡半径不超过 5000 米 / at most 5000 m'),
  caseCategories: z
    .array(gridCaseCategory)
    .min(1, '至少保留一个事件类别 / keep at least one category')
    .max(50)
    .refine((cs) => new Set(cs.map((c) => c.code)).size === cs.length, '事件类别代码不能重复 / category codes must differ'),
});
export type GridSettings = z.infer<typeof gridSettings>;

export const defaultGridSettings: GridSettings = {
  intervalDays: { major: 1, significant: 3, general: 7, low: 30, none: 30 },
  checkInRadiusM: 200,
  caseCategories: [
    { code: 'urgent', name: '紧急问题', deadlineHours: 24 },
    { code: 'general', name: '一般问题', deadlineHours: 72 },
    { code: 'fire_access', name: '占用堵塞消防通道', deadlineHours: 72 },
    { code: 'ebike', name: '电动自行车违规停放充电', deadlineHours: 72 },
    { code: 'gas', name: '燃气使用安全', deadlineHours: 24 },
  ],
};

/** Where each setting's default comes from; none is a regulation's, so each says so (shown next to the value). */
export const gridSettingSources: Record<keyof GridSettings, { text: Bilingual; verified: boolean }> = {
  intervalDays: {
    text: bi(
      '本平台默认值（红 1 天、橙 3 天、黄 7 天、蓝及无风险源 30 天），非法规规定，管理员可修改',
      'This platform’s default (red 1 day, orange 3, yellow 7, blue and no risk source 30), not a regulation; administrators change it',
    ),
    verified: false,
  },
  checkInRadiusM: {
    text: bi(
      '本平台默认值 200 米（室内定位误差大，超出只记录不拒绝），管理员可修改',
      'This platform’s default of 200 m (indoor positioning is poor; farther is recorded, not refused); administrators change it',
    ),
    verified: false,
  },
  caseCategories: {
    text: bi(
      '本平台默认值（一般 72 小时、紧急 24 小时；数字城管立案—派遣—处置—核查—结案，GB/T 30428），管理员可修改',
      'This platform’s default (general 72 h, urgent 24 h; the 数字城管 cycle of GB/T 30428); administrators change it',
    ),
    verified: false,
  },
};

/** The days between two visits of a place whose highest risk level is `level` (null: no assessed risk source). */
export const patrolIntervalDays = (level: RiskLevel | null, settings: GridSettings): number => settings.intervalDays[level ?? 'none'];

/**
 * The Asia/Shanghai day a place is next due: its last visit's day plus the interval; a place never visited is due
 * on `today`. It is due when that day is today or earlier.
 */
export function nextDueOn(lastVisitAt: Date | null, interval: number, today: string): string {
  return lastVisitAt ? addCalendarDays(shanghaiDateOf(lastVisitAt), interval) : today;
}
export const isDue = (nextDue: string, today: string): boolean => nextDue <= today;

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** The great-circle distance in metres between two WGS-84 points (haversine; within a metre at district scale). */
export function distanceM(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A check-in is far when it is farther from the place than the radius; recorded, never refused. */
export const isFarCheckIn = (distance: number | null, radiusM: number): boolean => distance !== null && distance > radiusM;

/** A visit recorded offline arrives later: accepted up to 7 days old and at most 5 minutes in the future (clock skew). */
export const checkInMaxAgeDays = 7;
export const checkInMaxAheadMinutes = 5;

/** Why a visit's check-in time is refused (422), or null when it is within the window. */
export function checkInWindowError(checkedInAt: Date, now: Date): Bilingual | null {
  if (checkedInAt.getTime() > now.getTime() + checkInMaxAheadMinutes * 60_000)
    return bi('打卡时间晚于当前时间，请校准手机时间', 'The check-in time is in the future; check the phone’s clock');
  if (checkedInAt.getTime() < now.getTime() - checkInMaxAgeDays * 24 * 3600_000)
    return bi(
      `打卡时间早于 ${checkInMaxAgeDays} 天前，离线记录已过期，不能补传`,
      `The check-in is older than ${checkInMaxAgeDays} days; an offline record that old is not accepted`,
    );
  return null;
}

const DAY_MS = 24 * 3600_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;

/**
 * One place's patrol record over the days `from`..`to` (inclusive, Asia/Shanghai): `planned` visits (one per
 * interval, rounded up), `done` (visits counted up to the plan, so extra visits of one place do not hide a missed
 * one), and `onTime` (visits made within the interval of the previous one, or of the period's start when the
 * place was not visited before it). `visitDays` are the days of its visits in the period, `lastBefore` the day of
 * the last visit before it.
 */
export function patrolRecord(input: {
  visitDays: readonly string[];
  lastBefore: string | null;
  interval: number;
  from: string;
  to: string;
}) {
  const days = dayNumber(input.to) - dayNumber(input.from) + 1;
  const planned = days > 0 ? Math.ceil(days / input.interval) : 0;
  const sorted = [...new Set(input.visitDays)].sort();
  let previous = input.lastBefore ? dayNumber(input.lastBefore) : dayNumber(input.from) - 1;
  let onTime = 0;
  for (const day of sorted) {
    const n = dayNumber(day);
    if (n - previous <= input.interval) onTime += 1;
    previous = n;
  }
  return { planned, done: Math.min(sorted.length, planned), visits: sorted.length, onTime };
}
