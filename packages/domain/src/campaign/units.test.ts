import { describe, expect, it } from 'vitest';
import { seedOrgs } from '../identity/orgs.js';
import { campaignTemplate } from './template.data.js';
import { planUnits } from './units.js';

describe('planUnits: the units a campaign from the plan gives parts to', () => {
  const units = planUnits();
  const codes = units.map((u) => u.code);

  it('lists each unit once, named as the plan names it, every one an org of the seed tree', () => {
    expect(new Set(codes).size).toBe(codes.length);
    const seed = new Map(seedOrgs.map((o) => [o.code, o.name]));
    for (const u of units) expect(u.name).toBe(seed.get(u.code));
  });

  it('takes the units named by code, those they are reached through, and the members of 各街办', () => {
    const named = campaignTemplate.tasks.flatMap((t) => t.responsible.flatMap((r) => ('orgCode' in r ? [r.orgCode] : [])));
    const via = campaignTemplate.tasks.flatMap((t) => t.responsible.flatMap((r) => ('via' in r && r.via ? [r.via] : [])));
    expect(via.length).toBeGreaterThan(0);
    expect(codes).toEqual(expect.arrayContaining([...named, ...via, 'XZJB', 'XHJB']));
    // Nothing else: a committee (安委会各成员单位) reaches its office through the tree, not through a mapping.
    expect(codes.every((c) => named.includes(c) || via.includes(c) || ['XZJB', 'XHJB'].includes(c))).toBe(true);
  });
});
