import { describe, expect, it } from 'vitest';
import { allowedActions, checkTransition } from '../workflow/engine.js';
import { hazardCategoryCodes } from './categories.js';
import { buildChecklist, inspectionTemplate, inspectionTemplates, inspectionWorkflow, unansweredItems } from './inspection.js';

const everyone = () => true;

describe('inspection templates', () => {
  it('cover the seed campaigns, each item with a known category and a sourced basis', () => {
    expect(inspectionTemplates.map((t) => t.code)).toEqual(
      expect.arrayContaining([
        'nine_small',
        'ebike',
        'group_rental',
        'gas_catering',
        'confined_space',
        'crowded_place',
        'hazardous_chemicals',
        'construction',
      ]),
    );
    expect(new Set(inspectionTemplates.map((t) => t.code)).size).toBe(inspectionTemplates.length);
    for (const t of inspectionTemplates) {
      expect(t.items.length).toBeGreaterThanOrEqual(4);
      for (const item of t.items) {
        expect(hazardCategoryCodes).toContain(item.category);
        expect(item.basis.rule.length).toBeGreaterThan(4);
        expect(item.basis.source).toMatch(/《|GB|JGJ/);
      }
    }
  });
});

describe('buildChecklist', () => {
  const measure = { id: 'm1', sourceId: 's1', sourceName: '燃气灶区', description: '每日班前检查燃气管道', category: 'gas' };
  const clause = { id: 'c1', reference: 'GB 35181-2017 5.1', text: '安全出口上锁', category: 'fire' };

  it('orders control measures, clauses, the template, then custom lines, each with its origin and basis', () => {
    const list = buildChecklist({
      measures: [measure],
      clauses: [clause],
      template: inspectionTemplate('gas_catering'),
      custom: ['后厨排烟罩油污清理'],
    });
    expect(list.map((i) => i.origin)).toEqual(['control_measure', 'clause', ...Array(5).fill('template'), 'custom']);
    expect(list[0]).toMatchObject({ text: '燃气灶区：每日班前检查燃气管道', controlMeasureId: 'm1', riskSourceId: 's1', category: 'gas' });
    expect(list[1]).toMatchObject({ text: '安全出口上锁', clauseId: 'c1', basis: 'GB 35181-2017 5.1' });
    expect(list[2]!.basis).toMatch(/城镇燃气经营安全重大隐患判定标准.*\[U\]$/);
    expect(list.at(-1)).toMatchObject({ origin: 'custom', basis: null, category: null });
  });

  it('checks a line once when a later source repeats it (spaces aside)', () => {
    const list = buildChecklist({
      measures: [],
      clauses: [{ ...clause, text: '疏散通道、安全出口畅通，未被占用、堵塞、封闭' }],
      template: inspectionTemplate('nine_small'),
      custom: ['疏散通道、安全出口畅通， 未被占用、堵塞、封闭'],
    });
    expect(list.filter((i) => i.text.startsWith('疏散通道'))).toHaveLength(1);
    expect(list[0]!.origin).toBe('clause');
  });

  it('an empty checklist has nothing', () => {
    expect(buildChecklist({ measures: [], clauses: [] })).toEqual([]);
  });
});

describe('the inspection workflow', () => {
  it('planned → in progress → completed; cancelled before completion; terminal states take nothing', () => {
    expect(allowedActions(inspectionWorkflow, 'planned', everyone)).toEqual(['start', 'cancel']);
    expect(allowedActions(inspectionWorkflow, 'in_progress', everyone)).toEqual(['complete', 'cancel']);
    expect(allowedActions(inspectionWorkflow, 'completed', everyone)).toEqual([]);
    expect(allowedActions(inspectionWorkflow, 'cancelled', everyone)).toEqual([]);
    expect(() => checkTransition(inspectionWorkflow, 'planned', 'complete', everyone)).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
    expect(() => checkTransition(inspectionWorkflow, 'planned', 'start', () => false)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
  });

  it('completion waits for every item: the unanswered positions are named', () => {
    expect(
      unansweredItems([
        { position: 1, result: 'pass' },
        { position: 2, result: 'pending' },
        { position: 3, result: 'na' },
        { position: 4, result: 'pending' },
      ]),
    ).toEqual([2, 4]);
    expect(unansweredItems([{ position: 1, result: 'fail' }])).toEqual([]);
  });
});
