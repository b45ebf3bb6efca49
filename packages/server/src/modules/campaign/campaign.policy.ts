import { type api, bi, campaign as plan } from '@citysafe/domain';
import type { z } from 'zod';
import { type Actor, holdersOf, inScope } from '../../platform/actor.js';
import type { Tx } from '../../platform/db.js';
import { allowIf, definePolicy, forbidden, refuse, workflowPolicy } from '../../platform/policy.js';

/**
 * Who may do what to each object of the campaign, in one place: the services enforce these
 * policies and the presenters list them as `allowedActions`. Two reaches decide nearly everything:
 * 安委办 runs the campaign of its district (`campaign.manage` over the campaign's org), and a unit
 * — or the office above it that reports for it — works on its own parts (`campaign.report` over
 * the unit).
 */

/** An org as the scope rules see it. */
type Org = { id: string; path: string };

type ActionsOf<T extends { allowedActions: string[] }> = T['allowedActions'][number];

const runs = (actor: Actor, campaignOrg: Org): boolean => inScope(actor, 'campaign.manage', campaignOrg);
const worksOn = (actor: Actor, unit: Org): boolean => inScope(actor, 'campaign.report', unit);

/** A campaign: `manage` is running it (creating, confirming, scoring, issuing, bulletins). */
export const campaignPolicy = definePolicy<{ org: Org }, ActionsOf<z.infer<typeof api.campaign.campaign>>>({
  manage: (actor, c) => allowIf(runs(actor, c.org)),
});

/** A whole task: 安委办 issues 督办 notices on it (the units' actions are on their parts). */
export const taskPolicy = definePolicy<{ campaignOrg: Org }, ActionsOf<z.infer<typeof api.campaign.task>>>({
  issueSupervision: (actor, t) => allowIf(runs(actor, t.campaignOrg)),
});

/** One inconsistency of the plan: 安委办 confirms it once. */
export const flagPolicy = definePolicy<{ campaignOrg: Org; confirmed: boolean }, ActionsOf<z.infer<typeof api.campaign.flag>>>({
  confirm: (actor, f) =>
    !runs(actor, f.campaignOrg)
      ? forbidden
      : allowIf(!f.confirmed, refuse('CONFLICT', bi('该提示已确认', 'This flag is already confirmed'))),
});

/** One unit's part of a task, with whether an extension request of it awaits a decision. */
export interface AssignmentObject {
  status: plan.AssignmentStatus;
  unit: Org;
  campaignOrg: Org;
  extensionPending: boolean;
}

/** The unit reports and submits its part; 安委办 accepts, returns and reopens it. */
export const assignmentPolicy = workflowPolicy(plan.assignmentWorkflow, {
  state: (a: AssignmentObject) => a.status,
  reach: (actor, a, action) => allowIf(action === 'report' || action === 'submit' ? worksOn(actor, a.unit) : runs(actor, a.campaignOrg)),
  others: {
    // One request at a time: while one awaits a decision, another would be refused.
    requestExtension: (actor, a) => {
      if (!worksOn(actor, a.unit)) return forbidden;
      if (a.status === 'accepted')
        return refuse('INVALID_TRANSITION', bi('已验收的任务不能申请延期', 'An accepted part needs no extension'));
      return allowIf(
        !a.extensionPending,
        refuse('CONFLICT', bi('已有待审批的延期申请', 'An extension request is already awaiting a decision')),
      );
    },
  },
});

/** An extension request: 安委办 of the campaign decides it. */
export const extensionPolicy = workflowPolicy(plan.extensionWorkflow, {
  state: (e: { status: plan.ExtensionStatus; campaignOrg: Org }) => e.status,
  reach: (actor, e) => allowIf(runs(actor, e.campaignOrg)),
});

/** A 督办 notice: the unit it is addressed to answers; 安委办 closes it or sends it back. */
export const supervisionPolicy = workflowPolicy(plan.supervisionWorkflow, {
  state: (s: { status: plan.SupervisionStatus; unit: Org; campaignOrg: Org }) => s.status,
  reach: (actor, s, action) => allowIf(action === 'answer' ? worksOn(actor, s.unit) : runs(actor, s.campaignOrg)),
});

/** The scoring tree of a campaign, with how many items and findings it holds. */
export interface ScoringObject {
  campaignOrg: Org;
  items: number;
  findings: number;
}

/**
 * The scoring tree: 安委办 adds items and findings; the seed fills only an empty tree, and an import
 * replaces it only while no finding exists (findings point at items, and a score history moved to
 * other items would no longer add up).
 */
export const scoringPolicy = definePolicy<ScoringObject, ActionsOf<z.infer<typeof api.campaignScoring.scoring>>>({
  createItem: (actor, s) => allowIf(runs(actor, s.campaignOrg)),
  createFinding: (actor, s) => allowIf(runs(actor, s.campaignOrg)),
  seed: (actor, s) =>
    !runs(actor, s.campaignOrg)
      ? forbidden
      : allowIf(
          s.items === 0,
          refuse(
            'CONFLICT',
            bi('评分细则已有数据，不能再次载入初始数据；如需整体替换请导入 xlsx', 'The tree is not empty; to replace it, import an xlsx'),
          ),
        ),
  import: (actor, s) =>
    !runs(actor, s.campaignOrg)
      ? forbidden
      : allowIf(
          s.findings === 0,
          refuse(
            'CONFLICT',
            bi('已有扣分记录，不能整体替换评分细则；请逐项修改', 'Findings exist; the tree cannot be replaced, edit it item by item'),
          ),
        ),
});

/** One item of the scoring tree, with what its actions depend on. */
export interface ScoringItemObject {
  campaignOrg: Org;
  name: string;
  kind: plan.ScoringKind;
  hasLowerItems: boolean;
  /** Findings of any state: closed ones are the history of its score. */
  hasFindings: boolean;
  /** The points the item does not itemise further down: a finding reaches only these. */
  ownCenti: number;
}

/**
 * An item: 安委办 edits it and links tasks; it is deleted only without lower items and findings;
 * it takes findings while it has points of its own (a 否决项 always does).
 */
export const scoringItemPolicy = definePolicy<ScoringItemObject, ActionsOf<z.infer<typeof api.campaignScoring.scoringItem>>>({
  update: (actor, i) => allowIf(runs(actor, i.campaignOrg)),
  linkTasks: (actor, i) => allowIf(runs(actor, i.campaignOrg)),
  delete: (actor, i) => {
    if (!runs(actor, i.campaignOrg)) return forbidden;
    if (i.hasLowerItems)
      return refuse('CONFLICT', bi('该项有下级评分项，请先删除或移走下级项', 'The item has lower items; delete or move them first'));
    return allowIf(!i.hasFindings, refuse('CONFLICT', bi('该项已有扣分记录，不能删除', 'The item has findings and cannot be deleted')));
  },
  addFinding: (actor, i) => {
    if (!runs(actor, i.campaignOrg)) return forbidden;
    return allowIf(
      i.kind === 'veto' || i.ownCenti > 0,
      refuse(
        'RULE_VIOLATION',
        bi(
          `“${i.name}”的分值已全部细化到下级项，请在下级项上记录`,
          `The points of “${i.name}” are all itemised; record the finding on a lower item`,
        ),
      ),
    );
  },
});

/** A finding: 安委办 closes it when put right and reopens it when a later check finds it is not. */
export const findingPolicy = workflowPolicy(plan.scoringFindingWorkflow, {
  state: (f: { status: plan.ScoringFindingStatus; campaignOrg: Org }) => f.status,
  reach: (actor, f) => allowIf(runs(actor, f.campaignOrg)),
});

/** The people who work on a unit's parts: they hear of decisions, notices and deadlines. */
export const unitPeople = (tx: Tx, unit: { id: string }): Promise<string[]> => holdersOf(tx, 'campaign.report', unit.id);

/**
 * The people who run a campaign (its 安委办), who must accept and decide. Installation-wide
 * administrators hold every action everywhere; they are not the office that answers here.
 */
export const campaignOffice = (tx: Tx, campaignOrg: { id: string }): Promise<string[]> =>
  holdersOf(tx, 'campaign.manage', campaignOrg.id, { scopes: ['district', 'subtree', 'own'] });
