import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.js';
import { fillDemo } from '../../modules.js';
import { incidentInvestigations, incidentMeasures, incidentReports } from './incident-reports.tables.js';
import { demoPastAccident } from './incident.demo.js';

/** The reporting part's demo data only: the past accident's reports, its investigation and measures. */

let t: TestApp;
let first: Record<string, Record<string, number>>;

beforeAll(async () => {
  t = await testApp({ now: '2026-11-30T12:00:00+08:00' });
  first = await fillDemo(t.platform);
}, 600_000);
afterAll(() => t.close());

describe('incident reports demo data', () => {
  it('gives the past accident its reports on time (首报, escalations, a 续报, 终报) and an approved investigation, once', async () => {
    expect(first.emergency).toMatchObject({ incidentReports: 5, incidentInvestigations: 1, incidentMeasures: 2 });
    expect((await fillDemo(t.platform)).emergency).toMatchObject({ incidentReports: 0 });
    const past = (await demoPastAccident(t.platform.db))!;
    const reports = await t.platform.db.select().from(incidentReports).where(eq(incidentReports.incidentId, past.id));
    const made = reports.filter((r) => r.submittedAt);
    expect(made.map((r) => `${r.kind}:${r.level}`).sort()).toEqual([
      'escalation:city',
      'escalation:province',
      'final:district',
      'first:district',
      'follow_up:district',
    ]);
    expect(made.every((r) => r.late === false)).toBe(true);
    expect(made.every((r) => r.document && r.document.length > 1000)).toBe(true);
    const [inv] = await t.platform.db.select().from(incidentInvestigations).where(eq(incidentInvestigations.incidentId, past.id));
    expect(inv).toMatchObject({ status: 'approved' });
    const measures = await t.platform.db.select().from(incidentMeasures).where(eq(incidentMeasures.investigationId, inv!.id));
    expect(measures.map((m) => m.status).sort()).toEqual(['done', 'open']);
  }, 300_000);
});
