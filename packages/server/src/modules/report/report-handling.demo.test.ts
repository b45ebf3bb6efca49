import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.js';
import { auditLabels, fillDemo } from '../../modules.js';
import { rows } from '../../platform/db.js';
import { DEMO_REPORTS } from './report-handling.demo.js';

/** The report handling demo: six months of public reports at realistic rates, some anonymous, some rewarded. */

let t: TestApp;
const TODAY = '2026-11-30T12:00:00+08:00';
let first: Record<string, Record<string, number>>;

beforeAll(async () => {
  t = await testApp({ now: TODAY });
  first = await fillDemo(t.platform);
}, 600_000);
afterAll(() => t.close());

describe('report demo data', () => {
  it('adds six months of reports once, through the workflow, at realistic rates', async () => {
    expect(first.report!.reports).toBe(DEMO_REPORTS);
    expect((await fillDemo(t.platform)).report).toMatchObject({ reports: 0, reportRewards: 0 });
    const [f] = await rows<{
      total: number;
      anonymous: number;
      refused: number;
      merged: number;
      closed: number;
      unresolved: number;
      open: number;
      extended: number;
      hazards: number;
      streets: number;
      oldest: number;
    }>(
      t.platform.db,
      sql`select count(*)::int as total, count(*) filter (where anonymous)::int as anonymous,
                 count(*) filter (where status = 'refused' and duplicate_of is null)::int as refused,
                 count(*) filter (where duplicate_of is not null)::int as merged,
                 count(*) filter (where status = 'closed')::int as closed,
                 count(*) filter (where outcome = 'unresolved')::int as unresolved,
                 count(*) filter (where status not in ('closed', 'refused'))::int as open,
                 count(*) filter (where extended_until is not null)::int as extended,
                 count(*) filter (where hazard_id is not null)::int as hazards,
                 count(distinct street_id)::int as streets,
                 extract(day from ${TODAY}::timestamptz - min(received_at))::int as oldest
            from reports`,
    );
    expect(f!.total).toBe(DEMO_REPORTS);
    expect(f!.anonymous / f!.total).toBeGreaterThan(0.2);
    expect(f!.anonymous / f!.total).toBeLessThan(0.5);
    expect(f!.refused).toBeGreaterThan(0);
    expect(f!.closed / f!.total).toBeGreaterThan(0.6);
    expect(f!.open).toBeGreaterThan(0);
    expect(f!.hazards).toBeGreaterThan(5);
    expect(f!.streets).toBe(2);
    expect(f!.oldest).toBeGreaterThan(120);
    // Every hazard a report became names it as its origin.
    const [linked] = await rows<{ n: number }>(
      t.platform.db,
      sql`select count(*)::int as n from reports r join hazards h on h.id = r.hazard_id where h.origin = 'public_report' and h.origin_ref = r.code`,
    );
    expect(linked!.n).toBe(f!.hazards);
  }, 120_000);

  it('pays rewards within the 办法’s caps, only to statutory reports closed as proven', async () => {
    const paid = await rows<{ amount: string; category: string; outcome: string; status: string }>(
      t.platform.db,
      sql`select w.amount::text, r.category, r.outcome, w.status from report_rewards w join reports r on r.id = w.report_id`,
    );
    expect(paid.length).toBe(first.report!.reportRewards);
    expect(paid.filter((p) => p.status === 'paid').length).toBeGreaterThan(0);
    for (const p of paid) {
      expect(Number(p.amount)).toBeGreaterThanOrEqual(3000);
      expect(Number(p.amount)).toBeLessThanOrEqual(300_000);
      expect(['major_hazard', 'violation', 'concealed_accident']).toContain(p.category);
      expect(['hazard', 'enforcement']).toContain(p.outcome);
    }
  }, 60_000);

  it('labels every audit action it wrote', async () => {
    const actions = await rows<{ action: string }>(
      t.platform.db,
      sql`select distinct action from audit_log where entity_type in ('report', 'reportReward')`,
    );
    for (const { action } of actions) expect(auditLabels.actions, action).toHaveProperty(action);
  });
});
