import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.js';
import { fillDemo } from '../../modules.js';
import { rows } from '../../platform/db.js';
import { DEMO_PASSWORD } from '../identity/index.js';

/** The grid demo: eight weeks of patrols for the demo grid members, cases in each state, leads, a hazard each. */

let t: TestApp;
const TODAY = '2026-11-30T12:00:00+08:00';
let first: Record<string, Record<string, number>>;

beforeAll(async () => {
  t = await testApp({ now: TODAY });
  first = await fillDemo(t.platform);
}, 600_000);
afterAll(() => t.close());

describe('grid demo data', () => {
  it('adds eight weeks of patrols once, before today, most on time', async () => {
    expect(first.grid!.gridVisits).toBeGreaterThan(50);
    expect((await fillDemo(t.platform)).grid).toEqual({ gridVisits: 0, gridCases: 0 });
    const [v] = await rows<{ members: number; oldest: number; today: number; far: number; total: number }>(
      t.platform.db,
      sql`select count(distinct member_id)::int as members,
                 extract(day from ${TODAY}::timestamptz - min(checked_in_at))::int as oldest,
                 count(*) filter (where checked_in_at >= '2026-11-30T00:00:00+08:00')::int as today,
                 count(*) filter (where far_check_in)::int as far, count(*)::int as total
            from grid_visits`,
    );
    expect(v).toMatchObject({ members: 2, today: 0, total: first.grid!.gridVisits });
    expect(v!.oldest).toBeGreaterThanOrEqual(50);
    expect(v!.oldest).toBeLessThanOrEqual(56);
    expect(v!.far).toBeLessThan(v!.total / 5);
  });

  it('has a case in each state of the cycle, two leads and hazards found on patrol', async () => {
    const states = await rows<{ status: string; kind: string; n: number }>(
      t.platform.db,
      sql`select status, kind, count(*)::int as n from grid_cases group by status, kind order by kind, status`,
    );
    const cases = states.filter((s) => s.kind === 'case').map((s) => s.status);
    expect(cases).toEqual(expect.arrayContaining(['registered', 'dispatched', 'handled', 'verified', 'closed', 'cancelled']));
    expect(states.filter((s) => s.kind === 'lead').reduce((n, s) => n + s.n, 0)).toBe(2);
    const [h] = await rows<{ n: number }>(
      t.platform.db,
      sql`select count(*)::int as n from hazards where origin = 'grid_patrol' and origin_ref in (select id::text from grid_visits)`,
    );
    expect(h!.n).toBe(2);
  });

  it('gives the demo member a route with places due today and 考核 figures', async () => {
    const member = await t.login('wgy_xz01', DEMO_PASSWORD);
    const route = await member.get('/api/grid/route');
    expect(route.status).toBe(200);
    expect(route.body.places.length).toBeGreaterThan(0);
    expect(route.body.places.some((p: { due: boolean }) => p.due)).toBe(true);
    const stats = await (await t.login('xzjb', DEMO_PASSWORD)).get('/api/grid/stats');
    const line = stats.body.members.find((m: { name: string }) => m.name === '陈磊');
    expect(line.done).toBeGreaterThan(0);
    expect(line.onTimeRate).toBeGreaterThan(0.7);
    expect(line.onTimeRate).toBeLessThan(1);
  });
});
