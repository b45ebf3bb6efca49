import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.js';
import { serverModules } from '../../modules.js';
import { DEMO_PASSWORD } from '../identity/index.js';
import { demoPastAccident, fillIncidentDemo } from './incident.demo.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ now: '2026-11-30T10:00:00+08:00' });
  // What the incidents stand on: the demo district's orgs and users, and its areas.
  for (const m of serverModules.filter((x) => x.domain.key === 'identity' || x.domain.key === 'map')) await m.demo?.(t.platform);
});
afterAll(() => t.close());

describe('incident demo data', () => {
  it('adds five incidents once', async () => {
    expect(await fillIncidentDemo(t.platform)).toEqual({ incidents: 5 });
    expect(await fillIncidentDemo(t.platform)).toEqual({ incidents: 0 });
  });

  it('has a past 较大 production accident, regraded from 一般 when a third person died, investigated and closed', async () => {
    const past = (await demoPastAccident(t.platform.db))!;
    const office = await t.login('awb', DEMO_PASSWORD);
    const res = await office.get(`/api/emergency/incidents/${past.id}`);
    expect(res.body).toMatchObject({
      code: past.code,
      grade: '较大',
      gradeDecidedBy: ['deaths', 'directLossWan'],
      status: 'closed',
      deaths: 3,
    });
    expect(res.body.gradeHistory.map((h: { grade: string }) => h.grade)).toEqual(['一般', '较大', '较大']);
    expect(res.body.street.name).toContain('新合');
    expect(res.body.timeline.map((s: { action: string }) => s.action)).toEqual([
      'startResponse',
      'changeFigures',
      'conclude',
      'changeFigures',
      'startInvestigation',
      'close',
    ]);
  });

  it('spreads the incidents over both streets, each street seeing its own', async () => {
    const xzjb = await t.login('xzjb', DEMO_PASSWORD);
    const xhjb = await t.login('xhjb', DEMO_PASSWORD);
    const north = (await xzjb.get('/api/emergency/incidents')).body.items.map((i: { title: string }) => i.title);
    const south = (await xhjb.get('/api/emergency/incidents')).body.items.map((i: { title: string }) => i.title);
    expect(north).toHaveLength(2);
    expect(south).toHaveLength(3);
    expect(north.some((n: string) => south.includes(n))).toBe(false);
  });
});
