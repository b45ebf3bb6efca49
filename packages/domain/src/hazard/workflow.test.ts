import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { allowedActions, callerActions, planTransition } from '../workflow/engine.js';
import { hazardLevels } from './categories.js';
import {
  actionsForLevel,
  hazardActionLevels,
  hazardPlanDraft,
  hazardPlanPartNames,
  hazardWorkflow,
  levelMismatch,
  mayVerify,
  missingPlanParts,
} from './workflow.js';

const all = () => true;
const plan = (state: Parameters<typeof planTransition>[1], action: string, input: unknown) =>
  planTransition(hazardWorkflow, state as never, action, input, all);
const refusal = (f: () => unknown): AppError => {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('not refused');
};

const fullPlan = {
  goals: '消除储罐区泄漏隐患',
  methods: '更换法兰垫片，加装泄漏报警',
  funding: '专项资金 20 万元',
  organization: '设备部，张三负责',
  timeline: '2026-12-31 前完成',
  safetyMeasures: '停用储罐，现场警戒，应急预案已演练',
};

describe('the two loops', () => {
  it('every action belongs to one level or leads between them, and each level has its own loop', () => {
    expect(Object.keys(hazardActionLevels).sort()).toEqual(Object.keys(hazardWorkflow.actions).sort());
    expect(actionsForLevel('一般')).toEqual([
      'startRectification',
      'rectifyOnSpot',
      'submitRectification',
      'verify',
      'return',
      'reclassify',
    ]);
    expect(actionsForLevel('重大')).toEqual([
      'report',
      'submitPlan',
      'list',
      'submitAssessment',
      'applyClose',
      'close',
      'orderCorrection',
      'reclassify',
    ]);
  });

  it('a 一般 action on a 重大 hazard is refused naming both levels, and the other way round', () => {
    expect(levelMismatch('重大', 'startRectification')?.zh).toBe('这是重大事故隐患，“开始整改”只适用于一般事故隐患');
    expect(levelMismatch('一般', 'list')?.en).toBe('This is a general hazard: “List for supervision” applies to a major hazard only');
    for (const level of hazardLevels) for (const action of actionsForLevel(level)) expect(levelMismatch(level, action)).toBeNull();
    // An unknown name is the engine's 404, not a level question.
    expect(levelMismatch('一般', 'nonsense')).toBeNull();
  });

  it('from registered a caller sees both loops’ first steps; the level guard narrows them', () => {
    const fromRegistered = allowedActions(hazardWorkflow, 'registered', all);
    expect(fromRegistered).toEqual(['startRectification', 'rectifyOnSpot', 'report', 'reclassify']);
    expect(fromRegistered.filter((a) => levelMismatch('重大', a) === null)).toEqual(['report', 'reclassify']);
  });

  it('submitPlan is the platform’s (the PUT of the plan), never a caller’s', () => {
    expect(callerActions(hazardWorkflow)).not.toContain('submitPlan');
    expect(refusal(() => plan('reported', 'submitPlan', {})).code).toBe('FORBIDDEN');
    expect(planTransition(hazardWorkflow, 'reported', 'submitPlan', {}, 'system').to).toBe('planned');
  });

  it('reclassify leaves each loop only before its work is judged: 一般 before verification, 重大 before listing', () => {
    const from = hazardWorkflow.actions.reclassify.from;
    expect(from.filter((s) => ['registered', 'rectifying', 'awaiting_verification'].includes(s))).toEqual(['registered', 'rectifying']);
    expect(from.filter((s) => ['listed', 'assessed', 'awaiting_review', 'closed'].includes(s))).toEqual([]);
    expect(plan('rectifying', 'reclassify', { level: '重大', reason: '涉及重大判定标准', majorBasis: '第四条' }).to).toBe('registered');
    expect(refusal(() => plan('planned', 'reclassify', { level: '特大', reason: '不适用' })).fields?.[0]?.field).toBe('level');
  });

  it('closed is terminal: no action leaves it', () => {
    expect(allowedActions(hazardWorkflow, 'closed', all)).toEqual([]);
    expect(refusal(() => plan('closed', 'orderCorrection', { reason: '复查不合格' })).code).toBe('INVALID_TRANSITION');
  });
});

describe('inputs', () => {
  it('a return and an order to correct need a reason of at least two characters', () => {
    expect(refusal(() => plan('awaiting_verification', 'return', { reason: '差' })).fields?.[0]?.field).toBe('reason');
    expect(plan('awaiting_verification', 'return', { reason: '照片不清' }).to).toBe('rectifying');
    // Invisible edges do not count: a reason of zero-width spaces is empty.
    expect(refusal(() => plan('awaiting_review', 'orderCorrection', { reason: '\u200b\u200b\u200b' })).code).toBe('VALIDATION');
  });

  it('a rectification needs a note; its photos are uuids, none by default', () => {
    expect(plan('registered', 'rectifyOnSpot', { note: '已清理通道' }).input).toEqual({ note: '已清理通道', photoIds: [] });
    const bad = refusal(() => plan('rectifying', 'submitRectification', { note: '已整改', photoIds: ['not-a-uuid'] }));
    expect(bad.fields?.[0]?.field).toBe('photoIds.0');
    expect(refusal(() => plan('rectifying', 'submitRectification', {})).fields?.[0]?.field).toBe('note');
  });

  it('挂牌督办 names the supervising org and body, the leader, a date deadline, the notice and the stop of work', () => {
    const listing = {
      supervisingOrgId: '8b0c6f2e-3f4a-4c1e-9d2b-6a7e5f4c3b2a',
      supervisingBody: '西港区安全生产委员会',
      responsibleLeader: '李副区长',
      deadline: '2026-12-31',
      publicNotice: true,
      stopWork: 'partial',
    };
    expect(plan('planned', 'list', listing).to).toBe('listed');
    const wrong = refusal(() => plan('planned', 'list', { ...listing, deadline: '2026-12-31T00:00:00Z', stopWork: 'some' }));
    expect(wrong.fields?.map((f) => f.field).sort()).toEqual(['deadline', 'stopWork']);
    const { publicNotice: _, ...withoutNotice } = listing;
    expect(refusal(() => plan('planned', 'list', withoutNotice)).fields?.[0]?.field).toBe('publicNotice');
  });

  it('an assessment names the assessor and its conclusion', () => {
    expect(plan('listed', 'submitAssessment', { assessor: '某安全评价公司', conclusion: '隐患已消除' }).to).toBe('assessed');
    expect(refusal(() => plan('listed', 'submitAssessment', { conclusion: '隐患已消除' })).fields?.[0]?.field).toBe('assessor');
  });
});

describe('verifier and rectifier', () => {
  it('the rectifier may not verify; anyone else may, and so may anyone when no rectifier was recorded', () => {
    expect(mayVerify('u1', 'u1')).toBe(false);
    expect(mayVerify('u1', 'u2')).toBe(true);
    expect(mayVerify(null, 'u1')).toBe(true);
  });
});

describe('the 治理方案 (16号令 Art. 15)', () => {
  it('names the six parts in the article’s order', () => {
    expect(hazardPlanPartNames).toEqual(['goals', 'methods', 'funding', 'organization', 'timeline', 'safetyMeasures']);
  });

  it('a complete plan misses nothing', () => {
    expect(missingPlanParts(hazardPlanDraft.parse(fullPlan))).toEqual([]);
  });

  it('each part missing, null, empty or only invisible characters is named', () => {
    for (const part of hazardPlanPartNames) {
      for (const value of [undefined, null, '', '  \u200b ']) {
        const draft = hazardPlanDraft.parse({ ...fullPlan, [part]: value });
        expect(missingPlanParts(draft)).toEqual([part]);
      }
    }
    expect(missingPlanParts(hazardPlanDraft.parse({}))).toEqual(hazardPlanPartNames);
  });

  it('a part with a control character is a 400, not a missing part', () => {
    expect(hazardPlanDraft.safeParse({ ...fullPlan, goals: 'a\u0000b' }).success).toBe(false);
  });
});
