import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.js';
import { sql } from 'drizzle-orm';
import { auditLabels, fillDemo } from '../../modules.js';
import { rows } from '../../platform/db.js';
import { DEMO_PASSWORD } from '../identity/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('risk demo data', () => {
  // Every module's demo runs first (the campaign's is long on the embedded database): a longer timeout.
  it('adds about 300 sources once, across both streets, at all four levels, inside the streets', async () => {
    const first = (await fillDemo(t.platform)).risk;
    expect(first!.riskSources).toBe(300);
    expect((await fillDemo(t.platform)).risk).toEqual({ riskSources: 0 });
    const office = await t.login('awb', DEMO_PASSWORD);
    const count = async (query: string) => (await office.get(`/api/risk/sources?pageSize=1&${query}`)).body.total as number;
    expect(await count('')).toBe(300);
    const streets = [await t.orgId('XZJB'), await t.orgId('XHJB')];
    expect((await count(`streetId=${streets[0]}`)) + (await count(`streetId=${streets[1]}`))).toBe(300);
    for (const level of ['major', 'significant', 'general', 'low']) expect(await count(`level=${level}`)).toBeGreaterThan(0);
    expect(await count('status=reviewed')).toBeGreaterThan(0);
    expect(await count('status=submitted')).toBeGreaterThan(0);
    // This module's demo writes the census entries; the hazard demo's 重大 hazards raise and release their levels.
    const written = await rows<{ action: string }>(
      t.platform.db,
      sql`select distinct action from audit_log where entity_type = 'riskSource' and action not like 'riskSource.%Level'`,
    );
    expect(written.map((r) => r.action)).toEqual(['riskSource.create']);
    expect(auditLabels.actions['riskSource.create']).toBeDefined();
  }, 300_000);

  it('each source has its assessment, measures, timeline and is seen by its street', async () => {
    const street = await t.login('xzjb', DEMO_PASSWORD);
    const list = await street.get(`/api/risk/sources?status=reviewed&pageSize=1&streetId=${await t.orgId('XZJB')}`);
    expect(list.body.total).toBeGreaterThan(0);
    const detail = (await street.get(`/api/risk/sources/${list.body.items[0].id}`)).body;
    expect(detail.assessments).toHaveLength(1);
    expect(detail.measures.length).toBeGreaterThan(0);
    expect(detail.timeline.map((s: { action: string }) => s.action)).toEqual(['submit', 'review']);
    expect(detail.street.name).toBe('新筑街办');
  });
});
