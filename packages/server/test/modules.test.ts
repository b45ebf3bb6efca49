import { actions, allActions, defaultRoles, domainModules, moduleOfAction } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { is } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allTables, auditLabels, fillDemo, serverModules } from '../src/modules.js';
import { tablesInDependencyOrder } from '../src/platform/backup.js';
import { rows } from '../src/platform/db.js';
import { type TestApp, testApp } from './harness.js';

/**
 * The checklist of ARCHITECTURE.md "Adding a module", enforced for every module in the list: a new
 * module that forgets a step fails here, without anyone adding a test for it.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('every module', () => {
  it('is in the domain list, under its own key', () => {
    const keys = serverModules.map((m) => m.domain.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const m of serverModules) expect(domainModules).toContain(m.domain);
  });

  it('owns the prefix of each action it declares, and no action is declared twice', () => {
    const prefixOwner = new Map<string, string>();
    let declared = 0;
    for (const m of domainModules) {
      for (const action of Object.keys(m.actions)) {
        declared++;
        const prefix = action.split('.')[0]!;
        expect(prefixOwner.get(prefix) ?? m.key, `${action} of ${m.key}`).toBe(m.key);
        prefixOwner.set(prefix, m.key);
      }
    }
    expect(allActions).toHaveLength(declared);
  });

  it('makes every action reachable: a route, a workflow or the MQTT broker requires it', () => {
    const required = new Set<string>(t.routes.map((r) => String(r.permission)));
    for (const m of serverModules) for (const w of m.workflows) for (const a of Object.values(w.actions)) required.add(a.permission);
    // Devices publish with a token holding this action (platform/mqtt.ts); no HTTP route needs it.
    required.add('telemetry.publish');
    expect(allActions.filter((a) => !required.has(a))).toEqual([]);
  });

  it('grants each action to the built-in roles it names, and everything to the administrator', () => {
    for (const action of allActions) {
      const grants = (moduleOfAction(action).actions as Record<string, { grants: readonly string[] }>)[action]!.grants;
      const holders = defaultRoles.filter((r) => r.actions.includes(action)).map((r) => r.code);
      expect(holders.sort(), action).toEqual(['admin', ...grants].sort());
      expect(actions[action].zh.length, action).toBeGreaterThan(1);
    }
  });

  it('has its workflow actions named by permissions that exist', () => {
    for (const m of serverModules) {
      for (const w of m.workflows) {
        for (const [name, a] of Object.entries(w.actions)) {
          expect(a.permission === 'system' || allActions.includes(a.permission), `${w.entity}.${name}`).toBe(true);
        }
      }
    }
  });

  it('has every table in the backup, and every table in the database belongs to a module or the platform', async () => {
    const backedUp = new Set(tablesInDependencyOrder(allTables).map((b) => b.key));
    for (const m of serverModules) {
      for (const table of Object.values(m.tables).filter((v): v is PgTable => is(v, PgTable))) {
        expect(backedUp.has(getTableConfig(table).name), `${m.domain.key}: ${getTableConfig(table).name}`).toBe(true);
      }
    }
    const inDatabase = await rows<{ name: string }>(
      t.platform.db,
      // A partition's rows are read and restored through its partitioned table (monitoring_readings), so only tables
      // that are not partitions count.
      sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition and c.relname <> 'spatial_ref_sys'`,
    );
    // Kept by the database itself from other tables (triggers, migrations 0013 and 0031), so rebuilt by a restore's
    // inserts: never backed up.
    const derived = new Set(['hazard_stats_daily', 'emergency_command_stamps']);
    expect(inDatabase.map((r) => r.name).filter((name) => !backedUp.has(name) && !derived.has(name))).toEqual([]);
  });

  it('names in the audit log every object and action its demo data writes', async () => {
    await fillDemo(t.platform);
    const written = await rows<{ action: string; entity_type: string }>(
      t.platform.db,
      sql`select distinct action, entity_type from audit_log`,
    );
    expect(written.length).toBeGreaterThan(10);
    expect(written.filter((r) => !auditLabels.actions[r.action]).map((r) => r.action)).toEqual([]);
    expect(written.filter((r) => !auditLabels.objects[r.entity_type]).map((r) => r.entity_type)).toEqual([]);
    // The whole district's demo (hundreds of risk sources, boundaries cut in PostGIS, a week of sensor readings, months of
    // public reports) takes about a minute on an idle machine.
  }, 300_000);
});
