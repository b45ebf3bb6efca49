import { describe, expect, it } from 'vitest';
import { allowedActions, checkTransition } from '../workflow/engine.js';
import {
  drillEvaluationProblems,
  drillWorkflow,
  drillYearStanding,
  markGeometry,
  type PlanContent,
  planActionsOf,
  planContent,
  planReviewDueOn,
  planReviewState,
  responseTasksOf,
} from './plans.js';

const everyone = () => true;

const content: PlanContent = {
  levels: ['Ⅲ', 'Ⅳ'],
  roles: [
    {
      key: 'commander',
      name: '总指挥',
      actions: [
        { key: 'convene', level: 'Ⅲ', text: '召集指挥部成员', withinMinutes: 30 },
        { key: 'report', level: 'Ⅳ', text: '向区应急局报告', withinMinutes: 60 },
      ],
    },
    { key: 'rescue', name: '抢险救援组', actions: [{ key: 'cordon', level: 'Ⅲ', text: '设置警戒区', withinMinutes: 15 }] },
  ],
};

describe('plan content', () => {
  it('accepts roles × levels × actions with unique keys', () => {
    expect(planContent.parse(content)).toEqual(content);
  });

  it('refuses a repeated role or action key, an action at a level the plan does not claim, and a level without actions', () => {
    const repeated = planContent.safeParse({
      levels: ['Ⅲ'],
      roles: [
        { key: 'a', name: 'A', actions: [{ key: 'x', level: 'Ⅲ', text: '动作一', withinMinutes: 5 }] },
        { key: 'a', name: 'B', actions: [{ key: 'x', level: 'Ⅲ', text: '动作二', withinMinutes: 5 }] },
      ],
    });
    expect(repeated.success).toBe(false);
    expect(repeated.error?.issues.map((i) => i.path.join('.'))).toEqual(['roles.1.key', 'roles.1.actions.0.key']);

    const foreignLevel = planContent.safeParse({
      levels: ['Ⅲ'],
      roles: [{ key: 'a', name: 'A', actions: [{ key: 'x', level: 'Ⅱ', text: '动作一', withinMinutes: 5 }] }],
    });
    expect(foreignLevel.error?.issues.map((i) => i.path.join('.'))).toEqual(['roles.0.actions.0.level', 'levels']);

    const empty = planContent.safeParse({ levels: ['Ⅰ', 'Ⅲ', 'Ⅳ'], roles: content.roles });
    expect(empty.error?.issues.map((i) => i.message)).toEqual([expect.stringContaining('Ⅰ级响应没有任何措施')]);
  });

  it('refuses keys that are not short lower-case codes', () => {
    const bad = planContent.safeParse({ levels: ['Ⅲ'], roles: [{ key: '总指挥', name: 'A', actions: [] }] });
    expect(bad.success).toBe(false);
  });
});

describe('activation tasks', () => {
  it('makes a task for every action of exactly the activated level, due withinMinutes after activation', () => {
    const at = new Date('2026-06-01T02:00:00Z');
    expect(responseTasksOf(content, 'Ⅲ', at)).toEqual([
      { roleKey: 'commander', actionKey: 'convene', text: '召集指挥部成员', dueAt: new Date('2026-06-01T02:30:00Z') },
      { roleKey: 'rescue', actionKey: 'cordon', text: '设置警戒区', dueAt: new Date('2026-06-01T02:15:00Z') },
    ]);
    expect(responseTasksOf(content, 'Ⅳ', at).map((t) => t.actionKey)).toEqual(['report']);
    expect(responseTasksOf(content, 'Ⅰ', at)).toEqual([]);
  });

  it('lists every action with its role for drills', () => {
    expect(planActionsOf(content).map((a) => `${a.roleName}:${a.key}`)).toEqual(['总指挥:convene', '总指挥:report', '抢险救援组:cordon']);
  });
});

describe('review dates', () => {
  it('falls due planReviewYears after issue; 29 February moves to 1 March', () => {
    expect(planReviewDueOn('2026-03-15', 3)).toBe('2029-03-15');
    expect(planReviewDueOn('2024-02-29', 1)).toBe('2025-03-01');
    expect(planReviewDueOn('2024-02-29', 4)).toBe('2028-02-29');
  });

  it('is due soon within the notice days (inclusive) and overdue the day after the due day', () => {
    expect(planReviewState('2029-02-12', '2029-03-15', 30)).toBe('current');
    expect(planReviewState('2029-02-13', '2029-03-15', 30)).toBe('due_soon');
    expect(planReviewState('2029-03-15', '2029-03-15', 30)).toBe('due_soon');
    expect(planReviewState('2029-03-16', '2029-03-15', 30)).toBe('overdue');
    expect(planReviewState('2029-03-15', '2029-03-15', 0)).toBe('due_soon');
    expect(planReviewState('2029-03-14', '2029-03-15', 0)).toBe('current');
  });
});

describe('situation mark geometry', () => {
  it('accepts a point, a line and a closed polygon', () => {
    expect(markGeometry.safeParse({ type: 'Point', coordinates: [120.1, 30.2] }).success).toBe(true);
    expect(
      markGeometry.safeParse({
        type: 'LineString',
        coordinates: [
          [120.1, 30.2],
          [120.2, 30.3],
        ],
      }).success,
    ).toBe(true);
    const square = [
      [120, 30],
      [120.1, 30],
      [120.1, 30.1],
      [120, 30],
    ];
    expect(markGeometry.safeParse({ type: 'Polygon', coordinates: [square] }).success).toBe(true);
  });

  it('refuses out-of-range positions, one-position or degenerate lines, open or short rings and other types', () => {
    const bad = [
      { type: 'Point', coordinates: [181, 30] },
      { type: 'Point', coordinates: [120, -91] },
      { type: 'LineString', coordinates: [[120, 30]] },
      {
        type: 'LineString',
        coordinates: [
          [120, 30],
          [120, 30],
        ],
      },
      {
        type: 'Polygon',
        coordinates: [
          [
            [120, 30],
            [120.1, 30],
            [120.1, 30.1],
            [120, 30.2],
          ],
        ],
      },
      {
        type: 'Polygon',
        coordinates: [
          [
            [120, 30],
            [120.1, 30],
            [120, 30],
          ],
        ],
      },
      { type: 'MultiPoint', coordinates: [[120, 30]] },
    ];
    for (const geometry of bad) expect(markGeometry.safeParse(geometry).success, JSON.stringify(geometry)).toBe(false);
  });
});

describe('drills', () => {
  it('go planned → held → evaluated; only a planned drill may be cancelled', () => {
    expect(allowedActions(drillWorkflow, 'planned', everyone)).toEqual(['hold', 'cancel']);
    expect(allowedActions(drillWorkflow, 'held', everyone)).toEqual(['evaluate']);
    expect(allowedActions(drillWorkflow, 'evaluated', everyone)).toEqual([]);
    expect(() => checkTransition(drillWorkflow, 'held', 'cancel', everyone)).toThrow();
    expect(checkTransition(drillWorkflow, 'planned', 'hold', everyone)).toBe('hold');
    expect(drillWorkflow.actions.hold.to).toBe('held');
  });

  it('are evaluated only against the plan’s own actions, each once', () => {
    expect(drillEvaluationProblems(content, [{ actionKey: 'convene', result: 'done' }])).toEqual({ unknown: [], repeated: [] });
    expect(
      drillEvaluationProblems(content, [
        { actionKey: 'convene', result: 'done' },
        { actionKey: 'convene', result: 'missed' },
        { actionKey: 'fly', result: 'done' },
      ]),
    ).toEqual({ unknown: ['fly'], repeated: ['convene'] });
  });

  it('count against the yearly target', () => {
    expect(drillYearStanding(0, 1)).toEqual({ held: 0, target: 1, met: false, short: 1 });
    expect(drillYearStanding(1, 1)).toEqual({ held: 1, target: 1, met: true, short: 0 });
    expect(drillYearStanding(3, 2)).toEqual({ held: 3, target: 2, met: true, short: 0 });
    expect(drillYearStanding(0, 0).met).toBe(true);
  });
});
