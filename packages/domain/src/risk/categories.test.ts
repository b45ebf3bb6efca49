import { describe, expect, it } from 'vitest';
import { accidentTypeEditionOn, accidentTypeEditions, hazardFactorClasses, responsibleLevels, riskCategories } from './categories.js';

describe('accident types by date', () => {
  it('GB 6441-1986 applies until the day before 2026-07-01, GB 6441-2025 from that day', () => {
    expect(accidentTypeEditionOn('2026-06-30').standard).toBe('GB 6441-1986');
    expect(accidentTypeEditionOn('2026-07-01').standard).toBe('GB 6441-2025');
    expect(accidentTypeEditionOn('2020-11-17').standard).toBe('GB 6441-1986');
  });

  it('holds 20 types in 1986 and 27 in 2025, coded 01…', () => {
    expect(accidentTypeEditions[0]!.types).toHaveLength(20);
    expect(accidentTypeEditions[1]!.types).toHaveLength(27);
    expect(accidentTypeEditions[0]!.types[18]).toMatchObject({ code: '19', label: { zh: '中毒和窒息' } });
    expect(accidentTypeEditions[1]!.types[26]).toMatchObject({ code: '27', label: { zh: '其他事故' } });
  });
});

describe('catalogues', () => {
  it('names the seed’s scenarios among the categories, with unique codes', () => {
    const names = riskCategories.map((c) => c.label.zh).join('|');
    for (const scenario of [
      '危险化学品',
      '油气管道',
      '渣土受纳场',
      '建筑施工',
      '人员密集场所',
      '高层建筑',
      '城市生命线',
      '公共交通',
      '桥梁隧道',
      '自然灾害',
    ])
      expect(names).toContain(scenario);
    expect(new Set(riskCategories.map((c) => c.code)).size).toBe(riskCategories.length);
  });

  it('has the four top classes of GB/T 13861-2022, flagged as partly verified', () => {
    expect(hazardFactorClasses.filter((c) => c.code.length === 1).map((c) => c.label.zh)).toEqual([
      '人的因素',
      '物的因素',
      '环境因素',
      '管理因素',
    ]);
    expect(hazardFactorClasses.every((c) => c.confidence === 'P')).toBe(true);
  });

  it('gives each risk level one responsible tier, shorter review cycles for higher levels', () => {
    expect(responsibleLevels.map((l) => l.forLevel)).toEqual(['major', 'significant', 'general', 'low']);
    const cycles = responsibleLevels.map((l) => l.reviewCycleDays);
    expect([...cycles].sort((a, b) => a - b)).toEqual(cycles);
  });
});
