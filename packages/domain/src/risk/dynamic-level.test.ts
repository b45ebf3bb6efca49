import { describe, expect, it } from 'vitest';
import { displayedLevel, isLevelRaiseKind, levelRaiseRules } from './dynamic-level.js';

describe('displayed level', () => {
  it('is the assessed level when nothing raises it', () => {
    expect(displayedLevel('general', [])).toBe('general');
    expect(displayedLevel(null, [])).toBeNull();
  });

  it('is raised by an open raiser above the assessed level', () => {
    expect(displayedLevel('low', [{ raiseTo: 'significant', closedAt: null }])).toBe('significant');
    expect(displayedLevel(null, [{ raiseTo: 'general' }])).toBe('general');
  });

  it('is never lowered by a raiser below the assessed level', () => {
    expect(displayedLevel('major', [{ raiseTo: 'general', closedAt: null }])).toBe('major');
  });

  it('ignores closed raisers', () => {
    expect(displayedLevel('low', [{ raiseTo: 'major', closedAt: '2026-01-01T00:00:00Z' }])).toBe('low');
  });

  it('takes the highest of several open raisers', () => {
    expect(
      displayedLevel('low', [
        { raiseTo: 'general', closedAt: null },
        { raiseTo: 'major', closedAt: null },
        { raiseTo: 'significant', closedAt: null },
      ]),
    ).toBe('major');
  });

  it('an equal raiser leaves the level as it is', () => {
    expect(displayedLevel('significant', [{ raiseTo: 'significant', closedAt: null }])).toBe('significant');
  });
});

describe('raise rules', () => {
  it('an open major hazard raises to 重大 and alarms to the level of their colour', () => {
    expect(levelRaiseRules['hazard.major'].raiseTo).toBe('major');
    expect(levelRaiseRules['monitoring.alarm.red'].raiseTo).toBe('major');
    expect(levelRaiseRules['monitoring.alarm.orange'].raiseTo).toBe('significant');
    expect(levelRaiseRules['monitoring.alarm.yellow'].raiseTo).toBe('general');
  });

  it('knows only its kinds', () => {
    expect(isLevelRaiseKind('hazard.major')).toBe(true);
    expect(isLevelRaiseKind('hazard.general')).toBe(false);
    expect(isLevelRaiseKind('toString')).toBe(false);
  });
});
