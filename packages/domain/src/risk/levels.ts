import { type Bilingual, bi } from '../i18n.js';

/**
 * The four risk levels of the 双重预防 mechanism and their colours (重大/红, 较大/橙, 一般/黄, 低/蓝),
 * per 国务院安委办《标本兼治遏制重特大事故工作指南》 and 《关于实施遏制重特大事故工作指南构建双重预防机制的意见》
 * (reference/regulations.md §6.1). Ordered from the highest down; codes are what the database stores.
 */
export const riskLevels = ['major', 'significant', 'general', 'low'] as const;
export type RiskLevel = (typeof riskLevels)[number];

export const riskColors = ['red', 'orange', 'yellow', 'blue'] as const;
export type RiskColor = (typeof riskColors)[number];

export const riskLevelInfo: Record<RiskLevel, { label: Bilingual; color: RiskColor; hex: string; rank: number }> = {
  major: { label: bi('重大风险', 'Major risk'), color: 'red', hex: '#d4380d', rank: 4 },
  significant: { label: bi('较大风险', 'Significant risk'), color: 'orange', hex: '#fa8c16', rank: 3 },
  general: { label: bi('一般风险', 'General risk'), color: 'yellow', hex: '#fadb14', rank: 2 },
  low: { label: bi('低风险', 'Low risk'), color: 'blue', hex: '#1677ff', rank: 1 },
};

/** The level's name as the calculators answer it (重大/较大/一般/低). */
export const riskLevelShortZh: Record<RiskLevel, '重大' | '较大' | '一般' | '低'> = {
  major: '重大',
  significant: '较大',
  general: '一般',
  low: '低',
};

/** The higher of two levels (undefined counts as none). */
export const higherLevel = (a: RiskLevel | null | undefined, b: RiskLevel | null | undefined): RiskLevel | null =>
  !a ? (b ?? null) : !b ? a : riskLevelInfo[a].rank >= riskLevelInfo[b].rank ? a : b;
