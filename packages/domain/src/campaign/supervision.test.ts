import { describe, expect, it } from 'vitest';
import { allowedActions } from '../workflow/engine.js';
import { assessmentScore, supervisionNo, supervisionWorkflow } from './supervision.js';

describe('督办 workflow', () => {
  it('the unit answers, 安委办 closes or sends back', () => {
    expect(allowedActions(supervisionWorkflow, 'issued', (p) => p === 'campaign.report')).toEqual(['answer']);
    expect(allowedActions(supervisionWorkflow, 'answered', (p) => p === 'campaign.manage')).toEqual(['close', 'reject']);
    expect(allowedActions(supervisionWorkflow, 'closed', () => true)).toEqual([]);
  });

  it('numbers notices the way offices print them', () => {
    expect(supervisionNo('西港安委办', 2026, 3)).toBe('西港安委办督〔2026〕3号');
  });
});

describe('考核 score', () => {
  it('is 100 for everything accepted on time, 0 for nothing done and everything overdue', () => {
    expect(assessmentScore({ parts: 4, accepted: 4, overdue: 0, late: 0, supervisions: 0 })).toBe(100);
    expect(assessmentScore({ parts: 4, accepted: 0, overdue: 4, late: 0, supervisions: 0 })).toBe(0);
  });

  it('takes points for lateness and supervision, never going below 0', () => {
    expect(assessmentScore({ parts: 4, accepted: 2, overdue: 1, late: 0, supervisions: 1 })).toBe(30 + 30 - 2);
    expect(assessmentScore({ parts: 1, accepted: 0, overdue: 1, late: 0, supervisions: 5 })).toBe(0);
    expect(assessmentScore({ parts: 0, accepted: 0, overdue: 0, late: 0, supervisions: 0 })).toBe(0);
  });
});
