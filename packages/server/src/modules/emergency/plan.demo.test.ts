import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.js';
import { serverModules } from '../../modules.js';
import { DEMO_PASSWORD } from '../identity/index.js';
import { DEMO_CHEMICAL_PLAN_TITLE, fillPlanDemo } from './plan.demo.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ now: '2026-11-30T10:00:00+08:00' });
  // What the plans stand on: the demo district's orgs and users.
  for (const m of serverModules.filter((x) => x.domain.key === 'identity' || x.domain.key === 'map')) await m.demo?.(t.platform);
});
afterAll(() => t.close());

describe('plan demo data', () => {
  it('adds plans at every level and one drill, once', async () => {
    expect(await fillPlanDemo(t.platform)).toEqual({ emergencyPlans: 6, emergencyDrills: 1 });
    expect(await fillPlanDemo(t.platform)).toEqual({ emergencyPlans: 0, emergencyDrills: 0 });
    const office = await t.login('awb', DEMO_PASSWORD);
    const plans = (await office.get('/api/emergency/plans?pageSize=200')).body.items;
    expect(plans.map((p: { kind: string }) => p.kind).sort()).toEqual([
      'department',
      'enterprise',
      'onsite',
      'overall',
      'special',
      'special',
    ]);
    // The flood plan's review falls due within the notice days.
    expect(plans.find((p: { title: string }) => p.title.includes('防汛')).reviewState).toBe('due_soon');
    const enterprise = await t.login('qy_gahg', DEMO_PASSWORD);
    const own = (await enterprise.get('/api/emergency/plans?kind=enterprise')).body.items;
    expect(own.map((p: { orgName: string }) => p.orgName)).toEqual([expect.stringContaining('港安化工')]);
  });

  it('has a held and evaluated drill of the chemical plan whose findings await a revision', async () => {
    const office = await t.login('awb', DEMO_PASSWORD);
    const drills = (await office.get('/api/emergency/drills')).body.items;
    expect(drills).toEqual([
      expect.objectContaining({ planTitle: DEMO_CHEMICAL_PLAN_TITLE, status: 'evaluated', kind: 'tabletop', allowedActions: ['revise'] }),
    ]);
    const detail = (await office.get(`/api/emergency/drills/${drills[0].id}`)).body;
    expect(detail.actions.find((a: { key: string }) => a.key === 'e3-monitor')).toMatchObject({ result: 'missed' });
  });
});
