import { describe, expect, it } from 'vitest';
import { allowedActions, checkTransition } from '../workflow/engine.js';
import { riskSourceWorkflow } from './workflow.js';

const everyone = () => true;

describe('the census workflow', () => {
  it('a draft or returned source is submitted; only a submitted one is reviewed or returned; a reviewed one is reopened', () => {
    expect(allowedActions(riskSourceWorkflow, 'draft', everyone)).toEqual(['submit']);
    expect(allowedActions(riskSourceWorkflow, 'returned', everyone)).toEqual(['submit']);
    expect(allowedActions(riskSourceWorkflow, 'submitted', everyone)).toEqual(['review', 'return']);
    expect(allowedActions(riskSourceWorkflow, 'reviewed', everyone)).toEqual(['reopen']);
  });

  it('the registrant submits and reopens, the reviewer decides', () => {
    const registrant = (p: string) => p === 'risk.register';
    expect(allowedActions(riskSourceWorkflow, 'submitted', registrant)).toEqual([]);
    expect(() => checkTransition(riskSourceWorkflow, 'submitted', 'review', registrant)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(() => checkTransition(riskSourceWorkflow, 'draft', 'review', everyone)).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
  });
});
