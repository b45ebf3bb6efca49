import { describe, expect, it } from 'vitest';
import { checkTemplate, type TemplateFlag } from './consistency.js';
import { campaignTemplate } from './template.data.js';
import type { CampaignTemplate } from './types.js';

const codes = (flags: TemplateFlag[]) => flags.map((f) => `${f.where} ${f.seq} ${f.code}`).sort();

describe('checkTemplate on 西港安城创〔2020〕1号', () => {
  const flags = checkTemplate(campaignTemplate);
  const find = (where: TemplateFlag['where'], seq: number, code: TemplateFlag['code']) =>
    flags.find((f) => f.where === where && f.seq === seq && f.code === code);

  it('flags exactly what the administrator must confirm', () => {
    expect(codes(flags)).toEqual(
      [
        'task 12 PLANNING_YEAR_REQUIRED',
        'task 28 DUPLICATE_UNIT',
        'task 28 DUPLICATE_UNIT',
        'task 30 UNIT_NAME_VARIANT',
        'task 42 DEADLINE_BEFORE_ISSUE',
        'task 61 UNIT_NAME_VARIANT',
        'task 61 UNIT_NAME_VARIANT',
        'task 61 UNIT_NAME_VARIANT',
        'task 62 UNIT_NAME_VARIANT',
        'schedule 1 PREPARED_BEFORE_ISSUE',
        'schedule 2 PREPARED_BEFORE_ISSUE',
        'schedule 2 UNIT_NAME_VARIANT',
        'schedule 3 UNIT_NAME_VARIANT',
        'schedule 4 DEADLINE_BEFORE_ISSUE',
        'schedule 4 OUT_OF_ORDER',
        'schedule 12 DEADLINE_BEFORE_ISSUE',
        'schedule 12 OUT_OF_ORDER',
        'phase 1 DEADLINE_BEFORE_ISSUE',
        'phase 2 PHASE_OVERLAP',
      ].sort(),
    );
  });

  it('explains each flag in both languages', () => {
    for (const f of flags) {
      expect(f.message.zh).not.toBe('');
      expect(f.message.en).not.toBe('');
    }
    expect(find('task', 42, 'DEADLINE_BEFORE_ISSUE')!.message.zh).toContain('2020-10-31');
    expect(find('schedule', 4, 'OUT_OF_ORDER')!.message.en).toContain('row 3');
    expect(find('schedule', 12, 'OUT_OF_ORDER')!.message.en).toContain('row 11');
    // Row 12 sits between January and April 2021: the same day a year later is offered, not applied.
    expect(find('schedule', 12, 'DEADLINE_BEFORE_ISSUE')!.message.zh).toContain('2021-03-31');
    expect(find('schedule', 4, 'DEADLINE_BEFORE_ISSUE')!.message.zh).not.toContain('若为');
    expect(find('schedule', 1, 'PREPARED_BEFORE_ISSUE')!.message.en).toContain('2020-10-20');
    expect(find('task', 61, 'UNIT_NAME_VARIANT')!.message.zh).toMatch(/食药监局|工商局|质监局/);
  });

  it('needs no planning year once the campaign sets one', () => {
    const withYear = checkTemplate(campaignTemplate, { planningYear: 2035 });
    expect(codes(withYear)).toEqual(codes(flags).filter((c) => c !== 'task 12 PLANNING_YEAR_REQUIRED'));
  });

  it('leaves the plan as printed', () => {
    const before = structuredClone(campaignTemplate);
    checkTemplate(campaignTemplate);
    expect(campaignTemplate).toEqual(before);
    expect(campaignTemplate.schedule[11]!.deadlineText).toBe('2020年3月31日前');
  });
});

describe('checkTemplate on an edited plan', () => {
  const edited: CampaignTemplate = {
    ...campaignTemplate,
    tasks: [{ ...campaignTemplate.tasks[0]!, responsibleText: '应急管理局、气象局', deadlineText: '年底' }],
    schedule: [
      { ...campaignTemplate.schedule[4]!, seq: 5, deadlineText: '2021年3月31日前' },
      { ...campaignTemplate.schedule[5]!, seq: 6, deadlineText: '2021年1月31日前' },
    ],
    phases: [
      { ...campaignTemplate.phases[2]!, seq: 1 },
      { ...campaignTemplate.phases[3]!, seq: 2 },
    ],
  };

  it('flags a deadline it cannot read, a unit not in the tree and a step out of order', () => {
    expect(codes(checkTemplate(edited))).toEqual(['schedule 6 OUT_OF_ORDER', 'task 1 DEADLINE_UNPARSED', 'task 1 UNIT_UNRESOLVED']);
  });
});
