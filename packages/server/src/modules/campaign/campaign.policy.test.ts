import { type Action, AppError, type ScopeKind } from '@citysafe/domain';
import { describe, expect, it } from 'vitest';
import { type Actor, anonymous, systemActor } from '../../platform/actor.js';
import type { Policy } from '../../platform/policy.js';
import {
  type AssignmentObject,
  assignmentPolicy,
  extensionPolicy,
  flagPolicy,
  scoringItemPolicy,
  type ScoringItemObject,
  scoringPolicy,
  supervisionPolicy,
} from './campaign.policy.js';

// A district with its 安委办 on one branch and two units on others: /d/ → /d/awb/, /d/gov/yj/, /d/street/.
const district = { id: 'd', path: '/d/' };
const emergency = { id: 'yj', path: '/d/gov/yj/' };

const person = (orgPath: string, grants: Partial<Record<Action, ScopeKind>>): Actor => ({
  ...anonymous(null),
  kind: 'user',
  userId: orgPath,
  orgId: orgPath.split('/').filter(Boolean).pop()!,
  orgPath,
  districtPath: '/d/',
  grants,
});

const office = person('/d/awb/', { 'campaign.read': 'district', 'campaign.manage': 'district' });
const emergencyStaff = person('/d/gov/yj/', { 'campaign.read': 'subtree', 'campaign.report': 'subtree' });
const streetStaff = person('/d/street/', { 'campaign.read': 'subtree', 'campaign.report': 'subtree' });
const actors = { office, emergencyStaff, streetStaff, system: systemActor };

/** What `authorize` answers, as the HTTP error code or `ok`. */
function verdict<O, A extends string>(policy: Policy<O, A>, actor: Actor, obj: O, action: A): string {
  try {
    policy.authorize(actor, obj, action);
    return 'ok';
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

/** The property the policies exist for: what the presenter lists is exactly what the service lets through. */
function expectAgreement<O, A extends string>(policy: Policy<O, A>, objects: O[]): void {
  for (const actor of Object.values(actors)) {
    for (const obj of objects) {
      const listed = policy.allowed(actor, obj);
      for (const action of policy.actions) expect(verdict(policy, actor, obj, action) === 'ok').toBe(listed.includes(action));
    }
  }
}

const statuses = ['not_started', 'in_progress', 'submitted', 'returned', 'accepted'] as const;
const parts: AssignmentObject[] = statuses.flatMap((status) =>
  [true, false].map((extensionPending) => ({ status, unit: emergency, campaignOrg: district, extensionPending })),
);

describe('campaign policies: presenter and service cannot drift', () => {
  it('agree for every actor, action and state of each object', () => {
    expectAgreement(assignmentPolicy, parts);
    expectAgreement(
      extensionPolicy,
      (['requested', 'approved', 'refused'] as const).map((status) => ({ status, campaignOrg: district })),
    );
    expectAgreement(
      supervisionPolicy,
      (['issued', 'answered', 'closed'] as const).map((status) => ({ status, unit: emergency, campaignOrg: district })),
    );
    expectAgreement(flagPolicy, [
      { campaignOrg: district, confirmed: false },
      { campaignOrg: district, confirmed: true },
    ]);
    expectAgreement(scoringPolicy, [
      { campaignOrg: district, items: 0, findings: 0 },
      { campaignOrg: district, items: 5, findings: 2 },
    ]);
    const item: ScoringItemObject = {
      campaignOrg: district,
      name: '安全发展规划',
      kind: 'item',
      hasLowerItems: false,
      hasFindings: false,
      ownCenti: 100,
    };
    expectAgreement(scoringItemPolicy, [
      item,
      { ...item, hasLowerItems: true },
      { ...item, hasFindings: true },
      { ...item, ownCenti: 0 },
      { ...item, kind: 'veto', ownCenti: 0 },
    ]);
  });
});

describe('a unit’s part', () => {
  const fresh: AssignmentObject = { status: 'not_started', unit: emergency, campaignOrg: district, extensionPending: false };

  it('the unit reports, submits and asks for time; 安委办 decides; another unit may do nothing', () => {
    expect(assignmentPolicy.allowed(emergencyStaff, fresh)).toEqual(['report', 'submit', 'requestExtension']);
    expect(assignmentPolicy.allowed(office, { ...fresh, status: 'submitted' })).toEqual(['accept', 'return']);
    expect(assignmentPolicy.allowed(streetStaff, fresh)).toEqual([]);
    expect(verdict(assignmentPolicy, streetStaff, fresh, 'report')).toBe('FORBIDDEN');
  });

  it('refuses a second extension request while one is pending (409), and any on an accepted part', () => {
    expect(verdict(assignmentPolicy, emergencyStaff, { ...fresh, extensionPending: true }, 'requestExtension')).toBe('CONFLICT');
    expect(verdict(assignmentPolicy, emergencyStaff, { ...fresh, status: 'accepted' }, 'requestExtension')).toBe('INVALID_TRANSITION');
  });

  it('plans a transition with its input typed and checked, in the order 404, 403, 409, 400', () => {
    expect(() => assignmentPolicy.plan(office, fresh, 'explode', {})).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => assignmentPolicy.plan(streetStaff, fresh, 'report', {})).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => assignmentPolicy.plan(office, fresh, 'accept', {})).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    expect(() => assignmentPolicy.plan(emergencyStaff, fresh, 'report', {})).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    const t = assignmentPolicy.plan(emergencyStaff, fresh, 'report', { text: '已完成排查', percent: 40 });
    expect(t).toMatchObject({ action: 'report', to: 'in_progress', input: { percent: 40, indicatorValues: [], fileIds: [] } });
  });
});

describe('the scoring tree', () => {
  it('names why an item cannot be deleted or take findings', () => {
    const item: ScoringItemObject = {
      campaignOrg: district,
      name: '安全发展规划',
      kind: 'item',
      hasLowerItems: true,
      hasFindings: false,
      ownCenti: 0,
    };
    expect(verdict(scoringItemPolicy, office, item, 'delete')).toBe('CONFLICT');
    expect(verdict(scoringItemPolicy, office, item, 'addFinding')).toBe('RULE_VIOLATION');
    expect(verdict(scoringItemPolicy, office, { ...item, kind: 'veto' }, 'addFinding')).toBe('ok');
    expect(verdict(scoringItemPolicy, emergencyStaff, item, 'update')).toBe('FORBIDDEN');
  });
});
