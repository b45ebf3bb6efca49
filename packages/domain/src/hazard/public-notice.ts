import { type Bilingual, bi } from '../i18n.js';
import type { HazardStatus } from './workflow.js';

/**
 * 重大事故隐患挂牌督办公示: which listed hazards the public list shows and under which words.
 *
 * A hazard appears when the supervising body chose public notice (`publicNotice` of the `list` action) and
 * it is still under supervision — listed, assessed, or awaiting the on-site review after the unit applied
 * to close it — or it was closed (销号) recently, so that the public also sees it come off the list.
 * 16号令 Art. 20 has 挂牌督办 of major hazards; the publicity of the list is a local practice (e.g. the
 * provinces' 重大事故隐患挂牌督办 notices published on their sites), its period a local choice. [U]
 */
export const publicNoticeStatuses = ['listed', 'assessed', 'awaiting_review', 'closed'] as const satisfies readonly HazardStatus[];
export type PublicNoticeStatus = (typeof publicNoticeStatuses)[number];

/** Days a 销号 hazard stays on the public list after it was closed (a local choice, not a national rule). [U] */
export const publicNoticeClosedDays = 30;

/** What the public reads for each state: the supervision's progress in plain words, not the office's. */
export const publicNoticeStatusLabels: Record<PublicNoticeStatus, Bilingual> = {
  listed: bi('挂牌督办整改中', 'Under supervision, being rectified'),
  assessed: bi('整改完成，已评估', 'Rectified and assessed'),
  awaiting_review: bi('已申请销号，待现场审查', 'Closure applied for, awaiting the on-site review'),
  closed: bi('已销号', 'Closed (delisted)'),
};
