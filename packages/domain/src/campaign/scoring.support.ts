/**
 * 已佐证得分: the self-score as it can be defended in front of the 上级复核. A 评分项's points are
 * earned only when they are supported: the units' parts of its linked tasks accepted with 佐证资料
 * attached. Findings still deduct (`computeScore`); what remains of each item is split over its
 * linked parts:
 *
 * - 已佐证得分 (supported): the share of the parts accepted with evidence;
 * - 预估得分 (estimated): that plus the share of the parts still open and on time, as if they are
 *   accepted by their deadline;
 * - 风险扣分 (at risk): the rest, the share of the parts overdue, returned or accepted without
 *   evidence, and the whole of an item that no task serves (未佐证).
 *
 * So 预估 + 风险 is what the findings leave (`scoreCenti`), and 已佐证 ≤ 预估. Points stay in
 * hundredths; a share is rounded down, so no item claims a hundredth it has not earned.
 */
import { type Bilingual, bi } from '../i18n.js';
import type { AssignmentStatus, DeadlineState } from './workflow.js';
import type { ItemScore, OpenFinding, ScoringNode } from './scoring.js';
import { computeScore, formatPoints } from './scoring.js';

/** Where one unit's part of a linked task leaves the item's points. */
export const linkedPartStates = ['supported', 'open', 'overdue', 'returned', 'no_evidence'] as const;
export type LinkedPartState = (typeof linkedPartStates)[number];

/**
 * A part counts as support once accepted with at least one evidence file; a returned part is at risk
 * even before its deadline (安委办 found it wanting); an open part is at risk once its deadline
 * (moved by an approved extension) has passed.
 */
export function linkedPartState(status: AssignmentStatus, evidenceFiles: number, deadline: DeadlineState): LinkedPartState {
  if (status === 'accepted') return evidenceFiles > 0 ? 'supported' : 'no_evidence';
  if (status === 'returned') return 'returned';
  return deadline === 'overdue' ? 'overdue' : 'open';
}

/** One unit's part of a task linked to an item (a part linked to two items counts for each). */
export interface LinkedPart {
  itemId: string;
  taskId: string;
  state: LinkedPartState;
}

/** 已佐证 (all points earned), 待验收 (no risk, some parts still open), 有风险, 未佐证 (no task serves it). */
export const scoringSupports = ['supported', 'pending', 'at_risk', 'unsupported'] as const;
export type ScoringSupport = (typeof scoringSupports)[number];
export const scoringSupportLabels: Record<ScoringSupport, Bilingual> = {
  supported: bi('已佐证', 'Supported'),
  pending: bi('待验收', 'Awaiting acceptance'),
  at_risk: bi('有风险', 'At risk'),
  unsupported: bi('未佐证', 'Unsupported'),
};

export type PartCounts = Record<LinkedPartState, number>;

export interface ItemSupport {
  supportedCenti: number;
  estimatedCenti: number;
  atRiskCenti: number;
  support: ScoringSupport;
  /** The item's own linked parts (those of its lower items are in theirs). */
  parts: PartCounts;
  /** Distinct tasks linked to the item itself. */
  tasks: number;
  reason: Bilingual;
}

export interface SupportResult {
  items: Map<string, ItemSupport>;
  totals: {
    supportedCenti: number;
    estimatedCenti: number;
    atRiskCenti: number;
    /** Items whose own points no linked task serves. */
    unsupportedItems: number;
  };
}

const noParts = (): PartCounts => ({ supported: 0, open: 0, overdue: 0, returned: 0, no_evidence: 0 });

type Points = Pick<ItemSupport, 'supportedCenti' | 'estimatedCenti' | 'atRiskCenti'>;

/** The points of several items added up: a parent's lower items, or the top-level items for the totals. */
const addUp = (list: readonly Points[]): Points => ({
  supportedCenti: list.reduce((s, k) => s + k.supportedCenti, 0),
  estimatedCenti: list.reduce((s, k) => s + k.estimatedCenti, 0),
  atRiskCenti: list.reduce((s, k) => s + k.atRiskCenti, 0),
});

const partWords: Record<LinkedPartState, Bilingual> = {
  supported: bi('已验收并有佐证', 'accepted with evidence'),
  open: bi('推进中未逾期', 'open, on time'),
  overdue: bi('逾期', 'overdue'),
  returned: bi('被退回', 'returned'),
  no_evidence: bi('已验收但缺佐证', 'accepted without evidence'),
};

function ownReason(own: number, avail: number, tasks: number, parts: PartCounts, n: number): Bilingual[] {
  if (own === 0) return [];
  if (n === 0)
    return [
      bi(
        `未关联任务、无佐证资料，${formatPoints(avail)} 分均未佐证`,
        `No linked task and no evidence: ${formatPoints(avail)} points unsupported`,
      ),
    ];
  const listed = linkedPartStates.filter((s) => parts[s] > 0);
  return [
    bi(
      `关联任务 ${tasks} 项、责任单位分工 ${n} 个：${listed.map((s) => `${partWords[s].zh} ${parts[s]}`).join('，')}`,
      `${tasks} linked task(s), ${n} unit part(s): ${listed.map((s) => `${parts[s]} ${partWords[s].en}`).join(', ')}`,
    ),
  ];
}

/**
 * The supported, estimated and at-risk points of each item and in total (see the file's head).
 * A 鼓励项 counts as recorded (its awards are facts 安委办 enters) and puts nothing at risk; a 否决项
 * carries no points. A parent adds up its lower items of its kind and splits its own (not itemised)
 * points over its own linked parts.
 */
export function computeSupportedScore(
  nodes: readonly ScoringNode[],
  openFindings: readonly OpenFinding[],
  linkedParts: readonly LinkedPart[],
  scored: Map<string, ItemScore> = computeScore(nodes, openFindings).items,
): SupportResult {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const children = new Map<string, ScoringNode[]>();
  for (const n of nodes) {
    if (n.parentId && byId.has(n.parentId)) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n]);
  }
  const partsOf = new Map<string, LinkedPart[]>();
  for (const p of linkedParts) partsOf.set(p.itemId, [...(partsOf.get(p.itemId) ?? []), p]);

  const items = new Map<string, ItemSupport>();
  const visiting = new Set<string>();
  let unsupportedItems = 0;
  const support = (n: ScoringNode): ItemSupport => {
    const done = items.get(n.id);
    if (done) return done;
    visiting.add(n.id);
    const score = scored.get(n.id)!;
    const mine = partsOf.get(n.id) ?? [];
    const parts = noParts();
    for (const p of mine) parts[p.state]++;
    const tasks = new Set(mine.map((p) => p.taskId)).size;
    const kids = (children.get(n.id) ?? []).filter((c) => !visiting.has(c.id) && c.kind === n.kind);
    const kidSupports = kids.map((c) => support(c));
    let result: ItemSupport;
    if (n.kind !== 'item') {
      const recorded = n.kind === 'bonus' ? score.scoreCenti : 0;
      const reason =
        n.kind === 'bonus'
          ? bi('鼓励项按已记录的加分计，不设风险', 'A bonus item counts as recorded; nothing is at risk')
          : bi('否决项不计分', 'A veto condition carries no points');
      result = { supportedCenti: recorded, estimatedCenti: recorded, atRiskCenti: 0, support: 'supported', parts, tasks, reason };
    } else {
      const fromKids = kids.reduce((s, c) => s + scored.get(c.id)!.scoreCenti, 0);
      // What the findings leave of the item's own points.
      const avail = Math.max(0, score.scoreCenti - fromKids);
      const linked = mine.length;
      // The one rounding: the share of `count` linked parts, down to the hundredth.
      const share = (count: number) => (linked === 0 ? 0 : Math.floor((avail * count) / linked));
      const ownSupported = share(parts.supported);
      const ownEstimated = share(parts.supported + parts.open);
      const lower = addUp(kidSupports);
      const supportedCenti = lower.supportedCenti + ownSupported;
      const estimatedCenti = lower.estimatedCenti + ownEstimated;
      const atRiskCenti = lower.atRiskCenti + avail - ownEstimated;
      const ownUnsupported = score.ownCenti > 0 && linked === 0;
      if (ownUnsupported) unsupportedItems++;
      const unsupported =
        (score.ownCenti > 0 || kids.length > 0) &&
        (score.ownCenti === 0 || linked === 0) &&
        kidSupports.every((k) => k.support === 'unsupported');
      const lines = ownReason(score.ownCenti, avail, tasks, parts, linked);
      if (kids.length > 0) {
        const kidUnsupported = kidSupports.filter((k) => k.support === 'unsupported').length;
        lines.unshift(
          bi(
            `下级项 ${kids.length} 项${kidUnsupported ? `（其中未佐证 ${kidUnsupported} 项）` : ''}合计已佐证 ${formatPoints(lower.supportedCenti)} 分`,
            `${kids.length} lower item(s)${kidUnsupported ? ` (${kidUnsupported} unsupported)` : ''}: ${formatPoints(lower.supportedCenti)} points supported`,
          ),
        );
      }
      if (score.deductedCenti > 0)
        lines.push(
          bi(`扣分记录扣去 ${formatPoints(score.deductedCenti)} 分`, `Findings deduct ${formatPoints(score.deductedCenti)} points`),
        );
      result = {
        supportedCenti,
        estimatedCenti,
        atRiskCenti,
        support: unsupported ? 'unsupported' : supportedCenti === score.scoreCenti ? 'supported' : atRiskCenti > 0 ? 'at_risk' : 'pending',
        parts,
        tasks,
        reason: bi(lines.map((l) => l.zh).join('；'), lines.map((l) => l.en).join('; ')),
      };
    }
    visiting.delete(n.id);
    items.set(n.id, result);
    return result;
  };
  for (const n of nodes) support(n);
  const roots = nodes.filter((n) => n.kind === 'item' && (!n.parentId || !byId.has(n.parentId)));
  return { items, totals: { ...addUp(roots.map((n) => items.get(n.id)!)), unsupportedItems } };
}
