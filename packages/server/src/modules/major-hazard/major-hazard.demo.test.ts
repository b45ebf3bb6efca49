import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.js';
import { serverModules } from '../../modules.js';
import { DEMO_PASSWORD } from '../identity/index.js';
import { majorHazard } from './index.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('major hazard demo data', () => {
  it('adds six units once', async () => {
    // What the registry's demo stands on: the demo district's enterprises and users, and its areas.
    for (const m of serverModules.filter((x) => x.domain.key === 'identity' || x.domain.key === 'map')) await m.demo?.(t.platform);
    expect(await majorHazard.demo!(t.platform)).toEqual({ installations: 6 });
    expect(await majorHazard.demo!(t.platform)).toEqual({ installations: 0 });
  });

  it('covers every grade, units that are not major hazards, every state, and located streets', async () => {
    const emergency = await t.login('yjglj', DEMO_PASSWORD);
    const list = await emergency.get('/api/major-hazards?pageSize=50');
    const rows = list.body.items.map((i: { name: string; grade: number | null; s: number; r: number | null; status: string }) => [
      i.name,
      i.grade,
      i.s,
      i.r,
      i.status,
    ]);
    expect(rows).toEqual([
      ['液氨储罐区', 1, 40, 160, 'registered'],
      ['液化石油气球罐区', 2, 30, 67.5, 'declared'],
      ['甲醇汽油储罐区', 3, 10, 15.6, 'identified'],
      ['LNG 加气站储罐', 3, 4.6, 13.8, 'changed'],
      ['危险品暂存库', null, 0.4, null, 'identified'],
      ['甲类仓库', null, 0.45, null, 'identified'],
    ]);
    const streets = new Set(list.body.items.map((i: { streetName: string | null }) => i.streetName));
    expect(streets).toEqual(new Set(['新合街道办事处', '新筑街道办事处']));
    // The enterprise's own user sees its four units only.
    const enterprise = await t.login('qy_gahg', DEMO_PASSWORD);
    expect((await enterprise.get('/api/major-hazards')).body.total).toBe(4);
    const lng = list.body.items.find((i: { name: string }) => i.name === 'LNG 加气站储罐');
    const detail = await emergency.get(`/api/major-hazards/${lng.id}`);
    expect(detail.body.gradeChanges.map((c: { toGrade: number }) => c.toGrade)).toEqual([4, 3]);
  });
});
