import { type api, bi, risk as rules } from '@citysafe/domain';
import type { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import { allowIf, definePolicy, forbidden, refuse, type Verdict, workflowPolicy } from '../../platform/policy.js';
import { sourceInReach } from './risk.scope.js';

type Org = { id: string; path: string };

/** A risk source as its policy sees it: state, the responsible unit, the areas it lies in. */
export interface SourceObject {
  status: rules.RiskSourceStatus;
  org: Org;
  /** Its street, community and grid (those it has). */
  areas: Org[];
  locationConfirmed: boolean;
}

type SourceActions = z.infer<typeof api.risk.riskSource>['allowedActions'][number];
type OwnAction = Exclude<SourceActions, rules.RiskSourceStatus | 'submit' | 'review' | 'return' | 'reopen'>;

const reaches = (actor: Actor, s: SourceObject, action: 'risk.register' | 'risk.review' | 'risk.confirmLocation'): boolean =>
  sourceInReach(actor, action, s);

/**
 * What the registrant changes is what the reviewer reviews: a source is edited, assessed and given
 * measures while a draft or returned; under review it waits, and once reviewed it is reopened first.
 */
const editable = (actor: Actor, s: SourceObject): Verdict => {
  if (!reaches(actor, s, 'risk.register')) return forbidden;
  if (s.status === 'submitted')
    return refuse('INVALID_TRANSITION', bi('风险源正在审核中，不能修改', 'The source is under review and cannot be changed'));
  return allowIf(
    s.status !== 'reviewed',
    refuse('INVALID_TRANSITION', bi('风险源已审核，请先“重新修订”再修改', 'The source is reviewed; reopen it for revision first')),
  );
};

/**
 * The census of a source: its unit (and those above it) registers, assesses and submits; a holder
 * of risk.review over the unit (安委办, the department above it) reviews or returns; the street it
 * lies in confirms where it is, once per location.
 */
export const sourcePolicy = workflowPolicy(rules.riskSourceWorkflow, {
  state: (s: SourceObject) => s.status,
  reach: (actor, s, action) => allowIf(reaches(actor, s, action === 'review' || action === 'return' ? 'risk.review' : 'risk.register')),
  others: {
    update: editable,
    assess: editable,
    addMeasure: editable,
    confirmLocation: (actor, s) =>
      !reaches(actor, s, 'risk.confirmLocation')
        ? forbidden
        : allowIf(!s.locationConfirmed, refuse('CONFLICT', bi('位置已确认', 'The location is already confirmed'))),
  } satisfies Record<OwnAction, (actor: Actor, s: SourceObject) => Verdict>,
});

/** A control measure follows its source: changed while the source may be. */
export const measurePolicy = definePolicy<SourceObject, 'update' | 'delete'>({
  update: editable,
  delete: editable,
});

/** The grading rules: changed by risk.manage (an installation-wide setting). */
export const settingsPolicy = definePolicy<null, 'update'>({
  update: (actor) => allowIf(actor.kind === 'system' || 'risk.manage' in actor.grants),
});
