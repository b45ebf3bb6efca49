import { describe, expect, it } from 'vitest';
import { allowedActions, planTransition } from '../workflow/engine.js';
import { handleInput, reportPhotosGoWithHazard, reportWorkflow } from './workflow.js';

const all = () => true;
const handlerOnly = (p: string) => p !== 'report.manage';

describe('the report workflow', () => {
  it('goes received → accepted → assigned → handled → verified → closed', () => {
    expect(allowedActions(reportWorkflow, 'received', all)).toEqual(['accept', 'refuse', 'merge']);
    expect(planTransition(reportWorkflow, 'accepted', 'assign', { orgId: crypto.randomUUID() }, all).to).toBe('assigned');
    expect(allowedActions(reportWorkflow, 'handled', all)).toEqual(['return', 'verify']);
    expect(planTransition(reportWorkflow, 'verified', 'close', { reply: '已责令整改' }, all).to).toBe('closed');
  });

  it('a refusal names a §10 ground; closing needs a reply; extending needs report.manage', () => {
    expect(() => planTransition(reportWorkflow, 'received', 'refuse', { reason: '无事实' }, all)).toThrow();
    expect(() => planTransition(reportWorkflow, 'verified', 'close', {}, all)).toThrow();
    expect(allowedActions(reportWorkflow, 'assigned', handlerOnly)).not.toContain('extend');
    expect(allowedActions(reportWorkflow, 'assigned', all)).toContain('extend');
  });

  it('the outcome carries what it needs: a hazard for hazard, the unit for transferred', () => {
    const id = crypto.randomUUID();
    expect(handleInput.safeParse({ outcome: 'hazard', note: '已核实' }).success).toBe(false);
    expect(handleInput.safeParse({ outcome: 'hazard', note: '已核实', hazardId: id }).success).toBe(true);
    expect(handleInput.safeParse({ outcome: 'transferred', note: '属市场监管' }).success).toBe(false);
    expect(handleInput.safeParse({ outcome: 'transferred', note: '属市场监管', transferredTo: '区市场监管局' }).success).toBe(true);
    expect(handleInput.safeParse({ outcome: 'resolved', note: '已处理', hazardId: id }).success).toBe(false);
  });
});

describe('the reporter’s photos on the hazard a report becomes', () => {
  it('go to a government unit, never to the reported enterprise', () => {
    for (const type of ['department', 'street', 'community', 'agency']) expect(reportPhotosGoWithHazard(type), type).toBe(true);
    expect(reportPhotosGoWithHazard('enterprise')).toBe(false);
  });
});
