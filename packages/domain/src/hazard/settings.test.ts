import { describe, expect, it } from 'vitest';
import { hazardCategoryCodes } from './categories.js';
import { defaultHazardSettings, escalationAudiencesFor, hazardSettings, hazardSettingSources } from './settings.js';
import { builtInHazardStandards } from './standards.js';

describe('hazard settings', () => {
  it('the defaults pass their own schema: 10 days of on-site review (local rules), the ladder from the responsible person to 安委办', () => {
    expect(hazardSettings.parse(defaultHazardSettings)).toEqual(defaultHazardSettings);
    expect(defaultHazardSettings.reviewDays).toBe(10);
    expect(defaultHazardSettings.escalation.map((s) => s.notify)).toEqual(['responsiblePerson', 'unit', 'department', 'safetyOffice']);
  });

  it('every setting names its source; only the verified review period is [V]', () => {
    for (const key of Object.keys(defaultHazardSettings) as (keyof typeof defaultHazardSettings)[]) {
      expect(hazardSettingSources[key].source.zh.length).toBeGreaterThan(5);
      expect(hazardSettingSources[key].source.en.length).toBeGreaterThan(5);
    }
    expect(hazardSettingSources.reviewDays.confidence).toBe('V');
    expect(hazardSettingSources.repeatWindowDays.confidence).toBe('U');
    expect(hazardSettingSources.repeatWindowDays.source.zh).toContain('本地选择');
  });

  it('a step is reached on its day: 2 days overdue tells the person, 3 days the unit too, nothing before the deadline passes', () => {
    const ladder = defaultHazardSettings.escalation;
    expect(escalationAudiencesFor(-1, ladder)).toEqual([]);
    expect(escalationAudiencesFor(0, ladder)).toEqual(['responsiblePerson']);
    expect(escalationAudiencesFor(2, ladder)).toEqual(['responsiblePerson']);
    expect(escalationAudiencesFor(3, ladder)).toEqual(['responsiblePerson', 'unit']);
    expect(escalationAudiencesFor(14, ladder)).toEqual(['responsiblePerson', 'unit', 'department']);
    expect(escalationAudiencesFor(15, ladder)).toEqual(['responsiblePerson', 'unit', 'department', 'safetyOffice']);
  });

  it('refuses a ladder whose days do not increase or that names an audience twice, naming the step', () => {
    const equalDays = hazardSettings.safeParse({
      ...defaultHazardSettings,
      escalation: [
        { daysOverdue: 3, notify: 'responsiblePerson' },
        { daysOverdue: 3, notify: 'unit' },
      ],
    });
    expect(equalDays.success).toBe(false);
    expect(equalDays.error?.issues.map((i) => i.path.join('.'))).toEqual(['escalation.1.daysOverdue']);
    const twice = hazardSettings.safeParse({
      ...defaultHazardSettings,
      escalation: [
        { daysOverdue: 0, notify: 'unit' },
        { daysOverdue: 1, notify: 'unit' },
      ],
    });
    expect(twice.error?.issues.map((i) => i.path.join('.'))).toEqual(['escalation.1.notify']);
    expect(hazardSettings.safeParse({ ...defaultHazardSettings, escalation: [] }).success).toBe(false);
    expect(hazardSettings.safeParse({ ...defaultHazardSettings, repeatWindowDays: 0 }).success).toBe(true);
    expect(hazardSettings.safeParse({ ...defaultHazardSettings, reviewDays: 0 }).success).toBe(false);
  });
});

describe('the built-in 判定标准', () => {
  it('have unique codes, unique clause numbers per document and sectors that are hazard categories', () => {
    const codes = builtInHazardStandards.map((s) => s.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const s of builtInHazardStandards) {
      const numbers = s.clauses.map((c) => c.number);
      expect(new Set(numbers).size, s.code).toBe(numbers.length);
      if (s.sector) expect(hazardCategoryCodes).toContain(s.sector);
      expect(s.code).toMatch(/^[a-z0-9][a-z0-9-]{1,39}$/);
    }
  });

  it('mark as verified only what regulations.md §5.2 verified (the 民用爆炸物品 standard); the rest say they are from memory', () => {
    expect(builtInHazardStandards.filter((s) => s.confidence === 'V').map((s) => s.code)).toEqual(['minbao-2023']);
    for (const s of builtInHazardStandards.filter((x) => x.confidence !== 'V')) expect(s.source.zh).toContain('未与官方原文核对');
    expect(builtInHazardStandards.map((s) => s.documentNumber)).toEqual(
      expect.arrayContaining(['应急管理部令第10号', '安监总管三〔2017〕121号', 'GB 35181-2017']),
    );
  });
});
