import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.js';
import { serverModules } from '../../modules.js';
import { DEMO_PASSWORD } from '../identity/index.js';
import { dutyDemo } from './duty.demo.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ now: '2026-03-02T10:00:00+08:00' });
  // What the duty demo stands on: the demo district's orgs and people.
  for (const m of serverModules.filter((x) => x.domain.key === 'identity' || x.domain.key === 'map')) await m.demo?.(t.platform);
});
afterAll(() => t.close());

describe('duty demo data', () => {
  it('adds a month of rosters for the desk and both streets, a log, a handover and the populations, once', async () => {
    expect(await dutyDemo(t.platform)).toEqual({ dutyRosters: 93, dutyLogEntries: 3, dutyHandovers: 1, areaPopulations: 2 });
    expect(await dutyDemo(t.platform)).toEqual({ dutyRosters: 0 });
    const officer = await t.login('zbs', DEMO_PASSWORD);
    const today = await officer.get('/api/emergency/duty/today');
    expect(today.body.rosters).toHaveLength(3);
    const log = await officer.get('/api/emergency/duty/log');
    expect(log.body.items.map((e: { status: string }) => e.status).sort()).toEqual(['closed', 'open', 'open']);
    const populations = await officer.get('/api/emergency/populations');
    expect(populations.body.items.map((p: { source: string; year: number }) => [p.source, p.year])).toEqual([
      ['演示数据（虚构，非统计数字）', 2025],
      ['演示数据（虚构，非统计数字）', 2025],
    ]);
  });
});
