import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.js';
import { auditLabels, fillDemo } from '../../modules.js';
import { rows } from '../../platform/db.js';
import { DEMO_PASSWORD } from '../identity/index.js';
import { DEMO_GENERAL_HAZARDS } from './hazard.demo.js';

/** The hazard module's demo data only: a year of 一般 hazards at realistic rates and the four 重大 ones. */

let t: TestApp;
const TODAY = '2026-11-30T12:00:00+08:00';
let first: Record<string, Record<string, number>>;

beforeAll(async () => {
  t = await testApp({ now: TODAY });
  first = await fillDemo(t.platform);
}, 600_000);
afterAll(() => t.close());

interface Row {
  level: string;
  status: string;
  deadline: string | null;
  found_at: Date;
  closed_at: Date | null;
  returned: boolean;
}

describe('hazard demo data', () => {
  it('adds a year of 一般 hazards and four 重大 ones once', async () => {
    expect(first.hazard).toMatchObject({ hazards: DEMO_GENERAL_HAZARDS, majorHazards: 4 });
    expect((await fillDemo(t.platform)).hazard).toMatchObject({ hazards: 0, majorHazards: 0 });
    // Besides those the demo inspections' failed items registered (below), and those other modules' demos open (public
    // reports verified as hazards, confirmed alarms, hazards found on the grid members' demo patrols).
    const [n] = await rows<{ n: number }>(
      t.platform.db,
      sql`select count(*)::int as n from hazards h
           where not exists (select 1 from hazard_inspection_items i where i.hazard_id = h.id)
             and h.origin not in ('public_report', 'monitoring')
             and not exists (select 1 from grid_visits v where h.origin = 'grid_patrol' and v.id::text = h.origin_ref)`,
    );
    expect(n!.n).toBe(DEMO_GENERAL_HAZARDS + 4);
  }, 120_000);

  it('spreads them over the past year, both streets and several units, at realistic rates', async () => {
    const all = await rows<Row>(
      t.platform.db,
      sql`select h.level, h.status, h.deadline::text as deadline, h.found_at, h.closed_at,
                 exists (select 1 from workflow_transitions w where w.entity_id = h.id::text and w.action = 'return') as returned
            from hazards h where h.level = '一般'`,
    );
    const found = all.map((h) => new Date(h.found_at).getTime());
    const day = 86_400_000;
    const today = new Date(TODAY).getTime();
    expect(Math.max(...found)).toBeLessThan(today);
    expect(Math.min(...found)).toBeGreaterThan(today - 366 * day);
    const [spread] = await rows<{ streets: number; units: number; grids: number; categories: number; origins: number }>(
      t.platform.db,
      sql`select count(distinct street_id)::int as streets, count(distinct responsible_org_id)::int as units,
                 count(distinct grid_id)::int as grids, count(distinct category)::int as categories, count(distinct origin)::int as origins
            from hazards`,
    );
    expect(spread!.streets).toBe(2);
    expect(spread!.units).toBeGreaterThan(4);
    expect(spread!.grids).toBeGreaterThan(1);
    expect(spread!.categories).toBeGreaterThan(5);
    expect(spread!.origins).toBeGreaterThan(3);

    // Closed on time: closed no later than the deadline's day. Most of those closed; about one in ten overdue.
    const deadlineEnd = (h: Row) => new Date(`${h.deadline}T23:59:59+08:00`).getTime();
    const closed = all.filter((h) => h.status === 'closed');
    const onTime = closed.filter((h) => new Date(h.closed_at!).getTime() <= deadlineEnd(h));
    expect(onTime.length / closed.length).toBeGreaterThan(0.8);
    expect(onTime.length / closed.length).toBeLessThan(0.97);
    const overdue = all.filter((h) => h.status !== 'closed' && deadlineEnd(h) < today).length + (closed.length - onTime.length);
    expect(overdue / all.length).toBeGreaterThan(0.05);
    expect(overdue / all.length).toBeLessThan(0.2);
    expect(all.filter((h) => h.returned).length).toBeGreaterThan(5);
    const open = all.filter((h) => h.status !== 'closed');
    expect(open.length).toBeGreaterThan(5);
    expect(new Set(open.map((h) => h.status)).size).toBeGreaterThan(1);
  });

  it('walks the four 重大 hazards to reported, planned, listed with public notice and 销号', async () => {
    const majors = await rows<{ status: string; public_notice: boolean; plan: object | null; closed_at: Date | null }>(
      t.platform.db,
      sql`select status, public_notice, plan, closed_at from hazards where level = '重大' order by found_at desc`,
    );
    expect(majors.map((m) => m.status)).toEqual(['reported', 'planned', 'listed', 'closed']);
    expect(majors[1]!.plan).not.toBeNull();
    expect(majors[2]!.public_notice).toBe(true);
    // Each step at its own date by the clock the demo stands: 销号 ten days before today, its timeline in order.
    const day = 86_400_000;
    // (The clock ran on for the seconds the platform took to start before the demo read it.)
    expect(Math.round((new Date(TODAY).getTime() - new Date(majors[3]!.closed_at!).getTime()) / day)).toBe(10);
    const timeline = await rows<{ action: string; at: Date }>(
      t.platform.db,
      sql`select w.action, w.at from workflow_transitions w join hazards h on w.entity_id = h.id::text
           where h.level = '重大' and h.status = 'closed' order by w.at`,
    );
    expect(timeline.map((s) => s.action)).toEqual(['report', 'submitPlan', 'list', 'submitAssessment', 'applyClose', 'close']);
    expect(Math.round((new Date(TODAY).getTime() - new Date(timeline[0]!.at).getTime()) / day)).toBe(149);
    // The public 公示 shows the listed one and the one closed ten days ago.
    const notice = await t.anonymous.get('/api/public/hazards/listed');
    expect(notice.body.items.map((i: { status: string }) => i.status)).toEqual(['listed', 'closed']);
  });

  it('gives each hazard its timeline and audit rows as the API writes them, and its street sees them', async () => {
    const [steps] = await rows<{ without: number }>(
      t.platform.db,
      sql`select count(*)::int as without from hazards h
           where h.status <> 'registered'
             and not exists (select 1 from workflow_transitions w where w.entity_type = 'hazard' and w.entity_id = h.id::text)`,
    );
    expect(steps!.without).toBe(0);
    const actions = await rows<{ action: string }>(
      t.platform.db,
      sql`select distinct action from audit_log where entity_type = 'hazard' order by action`,
    );
    for (const { action } of actions) expect(auditLabels.actions[action], action).toBeDefined();
    expect(actions.map((a) => a.action)).toContain('hazard.create');
    const street = await t.login('xzjb', DEMO_PASSWORD);
    const list = await street.get(`/api/hazards?pageSize=1&streetId=${await t.orgId('XZJB')}`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThan(0);
    const detail = (await street.get(`/api/hazards/${list.body.items[0].id}`)).body;
    expect(detail.code).toMatch(/^YH-20\d\d-\d+$/);
  });
});

describe('inspection demo data', () => {
  it('adds, per street, two inspections carried out (a failed item registered as a hazard) and one planned, once', async () => {
    expect(first.hazard).toMatchObject({ inspections: 6, inspectionHazards: 2 });
    expect((await fillDemo(t.platform)).hazard).toMatchObject({ inspections: 0, inspectionHazards: 0 });
    const found = await rows<{ street: string; status: string; items: number; pending: number; failed: number; made: number }>(
      t.platform.db,
      sql`select st.code as street, i.status,
                 count(it.id)::int as items,
                 count(it.id) filter (where it.result = 'pending')::int as pending,
                 count(it.id) filter (where it.result = 'fail')::int as failed,
                 count(h.id) filter (where h.origin = 'inspection' and h.origin_ref = i.id::text)::int as made
            from hazard_inspections i join orgs st on st.id = i.street_id
            join hazard_inspection_items it on it.inspection_id = i.id left join hazards h on h.id = it.hazard_id
           group by st.code, i.id, i.status order by st.code, i.planned_on`,
    );
    for (const street of ['XHJB', 'XZJB']) {
      const mine = found.filter((f) => f.street === street);
      expect(mine.map((f) => f.status)).toEqual(['completed', 'completed', 'planned']);
      expect(mine.map((f) => [f.failed, f.made])).toEqual([
        [1, 1],
        [0, 0],
        [0, 0],
      ]);
      expect(mine.slice(0, 2).every((f) => f.pending === 0 && f.items > 2)).toBe(true);
    }
    // The planned one waits in the street's 待办; the ledger exports all three.
    const street = await t.login('xhjb', DEMO_PASSWORD);
    const inbox = (await street.get('/api/inbox')).body.items.filter((i: { kind: string }) => i.kind === 'hazard.inspection');
    expect(inbox).toHaveLength(1);
    const ledger = await street.get('/api/hazard-inspections.xlsx');
    expect(ledger.status).toBe(200);
  });
});
