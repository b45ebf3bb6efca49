/**
 * 自评打分: the self-scoring of a campaign against the national evaluation
 * (《国家安全发展示范城市评分标准(2019版)》, 安委办〔2020〕2号). The scoring tree is data an
 * administrator imports and edits (only some of its values are verified), so this file holds the
 * arithmetic and the tree's rules, never the values.
 *
 * Points are integers in hundredths (0.2 分 = 20) so that sums and caps stay exact.
 */
import { z } from 'zod';
import { textInput } from '../text.js';
import { type Bilingual, bi } from '../i18n.js';
import { defineWorkflow } from '../workflow/engine.js';

// The seed tree travels with the calculator, so the campaign index exports both through this file.
export * from './scoring.seed.js';
// 已佐证得分 splits what the calculator leaves over the linked tasks' parts.
export * from './scoring.support.js';

/** 评分项 scores down from full marks; 鼓励项 (bonus) scores up to its cap; 否决项 (veto) voids the result. */
export const scoringKinds = ['item', 'bonus', 'veto'] as const;
export type ScoringKind = (typeof scoringKinds)[number];
export const scoringKindLabels: Record<ScoringKind, Bilingual> = {
  item: bi('评分项', 'Scored item'),
  bonus: bi('鼓励项', 'Bonus item'),
  veto: bi('否决项', 'Veto condition'),
};

/** The confidence tags of the reference of the rules: verified, partly verified, unverified. */
export const scoringConfidences = ['V', 'P', 'U'] as const;
export type ScoringConfidence = (typeof scoringConfidences)[number];
export const scoringConfidenceLabels: Record<ScoringConfidence, Bilingual> = {
  V: bi('已核实（原文）', 'Verified against the text'),
  P: bi('部分核实（非官方来源），待核对', 'Partly verified (unofficial source); to be checked'),
  U: bi('未核实，待核对', 'Unverified; to be checked'),
};

/** Who found it: the district's own check (自查), an expert it hired (专家), or the reviewers (复核/评议). */
export const scoringFindingSources = ['self', 'expert', 'reviewer'] as const;
export type ScoringFindingSource = (typeof scoringFindingSources)[number];
export const scoringFindingSourceLabels: Record<ScoringFindingSource, Bilingual> = {
  self: bi('自查', 'Self-check'),
  expert: bi('专家', 'Expert'),
  reviewer: bi('复核评议', 'Reviewer'),
};

/** One node of the scoring tree as the calculator needs it. */
export interface ScoringNode {
  id: string;
  parentId: string | null;
  code: string;
  name: string;
  kind: ScoringKind;
  fullScoreCenti: number;
  /** Points one finding (one instance) deducts, or awards on a bonus item; null when the standard gives none. */
  deductionPerFindingCenti?: number | null;
  /** The most the item's findings may take (or award); the item's own points when absent. */
  capCenti?: number | null;
}

/** An open finding: `count` instances, or `pointsCenti` when it is not count × the item's rate. */
export interface OpenFinding {
  itemId: string;
  count: number;
  pointsCenti?: number | null;
}

export interface ItemScore {
  fullCenti: number;
  deductedCenti: number;
  /** Points kept (评分项) or awarded (鼓励项); 0 for a veto condition. */
  scoreCenti: number;
  /**
   * The part of the item's points that no lower item itemises: all of it for a leaf, the rest of a
   * partly known item (城市安全风险防控 has 32 points of which the known lower items cover 16).
   * Only the item's own findings reach it.
   */
  ownCenti: number;
  openFindings: number;
  /** A veto condition with an open finding. */
  triggered: boolean;
}

export interface VetoReason {
  itemId: string;
  code: string;
  name: string;
  findings: number;
}

export interface ScoreResult {
  items: Map<string, ItemScore>;
  totals: {
    /** Full marks of the top-level 评分项 (100 points = 10000 when the tree is complete). */
    fullCenti: number;
    scoreCenti: number;
    bonusFullCenti: number;
    bonusCenti: number;
    vetoed: boolean;
    vetoReasons: VetoReason[];
  };
}

/** What one finding deducts (or awards) before the item's cap. */
export const findingPointsCenti = (
  node: Pick<ScoringNode, 'deductionPerFindingCenti'>,
  f: Pick<OpenFinding, 'count' | 'pointsCenti'>,
): number => f.pointsCenti ?? f.count * (node.deductionPerFindingCenti ?? 0);

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/**
 * Scores the tree. A 评分项 keeps its full marks less its findings' deductions, capped at the
 * item's cap (or its points) and never below 0; an item with lower items scores as the sum of
 * theirs plus the part of its points they do not itemise, less its own findings on that part.
 * The main total is the sum of the top-level 评分项; 鼓励项 are added up separately, each capped;
 * a 否决项 with an open finding sets `vetoed` whatever the points.
 *
 * Lower items count towards a parent of their own kind only; a 否决项 may sit anywhere.
 */
export function computeScore(nodes: readonly ScoringNode[], openFindings: readonly OpenFinding[]): ScoreResult {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const children = new Map<string, ScoringNode[]>();
  for (const n of nodes) {
    if (n.parentId && byId.has(n.parentId)) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n]);
  }
  const findingsOf = new Map<string, OpenFinding[]>();
  for (const f of openFindings) findingsOf.set(f.itemId, [...(findingsOf.get(f.itemId) ?? []), f]);

  const items = new Map<string, ItemScore>();
  // A tree read from storage is validated, but a cycle must still not hang the server.
  const visiting = new Set<string>();
  const score = (n: ScoringNode): ItemScore => {
    const done = items.get(n.id);
    if (done) return done;
    visiting.add(n.id);
    const mine = findingsOf.get(n.id) ?? [];
    const kids = (children.get(n.id) ?? []).filter((c) => !visiting.has(c.id));
    const kidScores = kids.map((c) => ({ c, s: score(c) }));
    let result: ItemScore;
    if (n.kind === 'veto') {
      const triggered = mine.length > 0 || kidScores.some(({ c, s }) => c.kind === 'veto' && s.triggered);
      result = { fullCenti: 0, deductedCenti: 0, scoreCenti: 0, ownCenti: 0, openFindings: mine.length, triggered };
    } else {
      const full = Math.max(0, n.fullScoreCenti);
      const same = kidScores.filter(({ c }) => c.kind === n.kind);
      const itemised = same.reduce((sum, { s }) => sum + s.fullCenti, 0);
      const own = Math.max(0, full - itemised);
      const cap = Math.min(own, Math.max(0, n.capCenti ?? own));
      const hit = Math.min(
        cap,
        mine.reduce((sum, f) => sum + Math.max(0, findingPointsCenti(n, f)), 0),
      );
      const fromKids = same.reduce((sum, { s }) => sum + s.scoreCenti, 0);
      const value = clamp(n.kind === 'bonus' ? fromKids + hit : fromKids + own - hit, 0, full);
      result = {
        fullCenti: full,
        deductedCenti: n.kind === 'bonus' ? 0 : full - value,
        scoreCenti: value,
        ownCenti: own,
        openFindings: mine.length,
        triggered: false,
      };
    }
    visiting.delete(n.id);
    items.set(n.id, result);
    return result;
  };

  const roots = nodes.filter((n) => !n.parentId || !byId.has(n.parentId));
  for (const n of nodes) score(n);
  const sum = (kind: ScoringKind, key: 'fullCenti' | 'scoreCenti') =>
    roots.filter((n) => n.kind === kind).reduce((s, n) => s + items.get(n.id)![key], 0);
  const vetoReasons = nodes
    .filter((n) => n.kind === 'veto' && (findingsOf.get(n.id)?.length ?? 0) > 0)
    .map((n) => ({ itemId: n.id, code: n.code, name: n.name, findings: findingsOf.get(n.id)!.length }));
  return {
    items,
    totals: {
      fullCenti: sum('item', 'fullCenti'),
      scoreCenti: sum('item', 'scoreCenti'),
      bonusFullCenti: sum('bonus', 'fullCenti'),
      bonusCenti: sum('bonus', 'scoreCenti'),
      vetoed: vetoReasons.length > 0,
      vetoReasons,
    },
  };
}

// ---- the tree's rules ----

/** One row of a scoring tree as an administrator writes it (xlsx or form): parents by code. */
export interface ScoringRow {
  code: string;
  parentCode: string | null;
  name: string;
  kind: ScoringKind;
  fullScoreCenti: number;
  deductionPerFindingCenti: number | null;
  capCenti: number | null;
}

/** Field names of a row, as the xlsx columns and the error paths (`rows.5.fullScore`) call them. */
export type ScoringRowField =
  'code' | 'parentCode' | 'name' | 'kind' | 'fullScore' | 'deductionPerFinding' | 'cap' | 'confidence' | 'source' | 'tasks';

export type ScoringIssueCode =
  'duplicate_code' | 'unknown_parent' | 'cycle' | 'kind_mismatch' | 'cap_exceeds_full' | 'children_exceed_full' | 'veto_points';

export interface ScoringIssue {
  /** Index of the row in the list checked. */
  index: number;
  field: ScoringRowField;
  code: ScoringIssueCode;
  message: Bilingual;
}

/**
 * Checks a whole tree: codes unique, parents exist and no cycles, a lower item of its parent's kind
 * (a 否决项 may sit anywhere), cap within the item's points, the lower items' points within their
 * parent's, and a 否决项 carrying no points. Returns every issue, by row.
 */
export function validateScoringTree(rows: readonly ScoringRow[]): ScoringIssue[] {
  const issues: ScoringIssue[] = [];
  const firstByCode = new Map<string, number>();
  rows.forEach((r, index) => {
    if (firstByCode.has(r.code)) {
      issues.push({ index, field: 'code', code: 'duplicate_code', message: bi(`编码 ${r.code} 重复`, `Code ${r.code} is used twice`) });
    } else firstByCode.set(r.code, index);
  });
  rows.forEach((r, index) => {
    if (r.parentCode === null) return;
    const parentIndex = firstByCode.get(r.parentCode);
    if (parentIndex === undefined) {
      issues.push({
        index,
        field: 'parentCode',
        code: 'unknown_parent',
        message: bi(`上级编码 ${r.parentCode} 不存在`, `No item has the parent code ${r.parentCode}`),
      });
      return;
    }
    const seen = new Set<string>([r.code]);
    for (let at: string | null = r.parentCode; at !== null;) {
      if (seen.has(at)) {
        issues.push({
          index,
          field: 'parentCode',
          code: 'cycle',
          message: bi(`上级编码 ${r.parentCode} 形成循环`, `Parent ${r.parentCode} makes a cycle`),
        });
        break;
      }
      seen.add(at);
      const i = firstByCode.get(at);
      at = i === undefined ? null : rows[i]!.parentCode;
    }
    const parent = rows[parentIndex]!;
    if (r.kind !== 'veto' && r.kind !== parent.kind) {
      issues.push({
        index,
        field: 'kind',
        code: 'kind_mismatch',
        message: bi(
          `类型须与上级项 ${parent.code} 相同（${scoringKindLabels[parent.kind].zh}）`,
          `Kind must match the parent ${parent.code} (${parent.kind})`,
        ),
      });
    }
  });
  rows.forEach((r, index) => {
    if (r.kind === 'veto') {
      if (r.fullScoreCenti !== 0 || r.deductionPerFindingCenti !== null || r.capCenti !== null) {
        issues.push({
          index,
          field: 'fullScore',
          code: 'veto_points',
          message: bi('否决项不计分值、扣分和上限', 'A veto condition carries no points, deduction or cap'),
        });
      }
      return;
    }
    if (r.capCenti !== null && r.capCenti > r.fullScoreCenti) {
      issues.push({
        index,
        field: 'cap',
        code: 'cap_exceeds_full',
        message: bi(
          `扣分上限 ${formatPoints(r.capCenti)} 超过分值 ${formatPoints(r.fullScoreCenti)}`,
          `Cap ${formatPoints(r.capCenti)} exceeds the points ${formatPoints(r.fullScoreCenti)}`,
        ),
      });
    }
    const itemised = rows.filter((c) => c.parentCode === r.code && c.kind === r.kind).reduce((s, c) => s + c.fullScoreCenti, 0);
    if (itemised > r.fullScoreCenti && firstByCode.get(r.code) === index) {
      issues.push({
        index,
        field: 'fullScore',
        code: 'children_exceed_full',
        message: bi(
          `下级项分值合计 ${formatPoints(itemised)} 超过本项分值 ${formatPoints(r.fullScoreCenti)}`,
          `Lower items add up to ${formatPoints(itemised)}, more than the item's ${formatPoints(r.fullScoreCenti)}`,
        ),
      });
    }
  });
  return issues;
}

// ---- points as people write them ----

/** Hundredths of a point as people write points: 50 → '0.5', 200 → '2', 25 → '0.25'. */
export function formatPoints(centi: number): string {
  const sign = centi < 0 ? '-' : '';
  const abs = Math.abs(Math.round(centi));
  const whole = Math.floor(abs / 100);
  const frac = String(abs % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${sign}${whole}${frac ? `.${frac}` : ''}`;
}

/**
 * Points written as text or a spreadsheet number → hundredths, or null when it is not a number
 * with at most two decimals. Spreadsheets store 0.2 as a binary fraction, hence the tolerance.
 */
export function parsePoints(value: string | number): number | null {
  const n = typeof value === 'number' ? value : /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) return null;
  const centi = Math.round(n * 100);
  return Math.abs(centi - n * 100) < 1e-6 ? centi : null;
}

// ---- findings ----

const reason = z.object({ reason: textInput().min(2, '请填写原因 / give a reason').max(2000) });

/**
 * A finding deducts (or, on a 鼓励项, awards) while open. 安委办 closes it when the shortcoming is
 * put right, and reopens it when a later check finds it is not; the score follows.
 */
export const scoringFindingWorkflow = defineWorkflow({
  entity: 'scoringFinding',
  initial: 'open',
  states: {
    open: { label: bi('扣分中', 'Open') },
    closed: { label: bi('已整改销号', 'Closed') },
  },
  actions: {
    close: {
      label: bi('整改销号', 'Close'),
      from: ['open'],
      to: 'closed',
      permission: 'campaign.manage',
      input: z.object({ note: textInput().max(2000).optional() }),
    },
    reopen: { label: bi('重新扣分', 'Reopen'), from: ['closed'], to: 'open', permission: 'campaign.manage', input: reason },
  },
});
export type ScoringFindingStatus = keyof typeof scoringFindingWorkflow.states;
export const scoringFindingStatuses = Object.keys(scoringFindingWorkflow.states) as [ScoringFindingStatus, ...ScoringFindingStatus[]];
