import { campaign as plan, userAccountWorkflow } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../test/harness.js';
import { rows } from './db.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const q = <T>(query: ReturnType<typeof sql>) => rows<T>(t.platform.db, query);

/** The driver's error under drizzle's: a check violation (23514) of the named constraint, on either engine. */
const violates = (constraint: string) => ({ cause: expect.objectContaining({ code: '23514', constraint }) });

/** The text of a CHECK constraint as the database holds it. */
const checkOf = async (table: string, name: string) =>
  (
    await q<{ def: string }>(sql`select pg_get_constraintdef(c.oid) as def from pg_constraint c
      where c.conrelid = ${table}::regclass and c.conname = ${name} and c.contype = 'c'`)
  )[0]?.def ?? null;

describe('status columns', () => {
  it('every status column of every table is held to its states by a CHECK constraint', async () => {
    const tables = await q<{ table_name: string }>(
      sql`select table_name from information_schema.columns where table_schema = 'public' and column_name = 'status' order by table_name`,
    );
    expect(tables.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        'campaign_assignments',
        'campaign_extensions',
        'campaign_supervisions',
        'campaigns',
        'jobs',
        'scoring_findings',
        'users',
      ]),
    );
    for (const { table_name } of tables) expect(await checkOf(table_name, `${table_name}_status_check`), table_name).not.toBeNull();
  });

  it("takes the states from the workflow: each of the workflow's states and nothing else", async () => {
    const def = (await checkOf('campaign_assignments', 'campaign_assignments_status_check'))!;
    for (const state of Object.keys(plan.assignmentWorkflow.states)) expect(def).toContain(`'${state}'`);
    expect(def.match(/'[a-z_]+'/g)).toHaveLength(Object.keys(plan.assignmentWorkflow.states).length);
  });

  it('refuses to update a row to a status outside its workflow, and keeps the row as it was', async () => {
    const update = t.platform.db.execute(sql`update users set status = 'suspended' where username = 'admin'`);
    await expect(update).rejects.toMatchObject(violates('users_status_check'));
    const [admin] = await q<{ status: string }>(sql`select status from users where username = 'admin'`);
    expect(Object.keys(userAccountWorkflow.states)).toContain(admin!.status);
  });

  it('refuses to insert a row with a status outside its list', async () => {
    const insert = t.platform.db.execute(sql`insert into jobs (kind, run_at, status) values ('test.status', now(), 'paused')`);
    await expect(insert).rejects.toMatchObject(violates('jobs_status_check'));
    const [left] = await q<{ n: number }>(sql`select count(*)::int as n from jobs where kind = 'test.status'`);
    expect(left!.n).toBe(0);
  });
});

describe('geometry columns', () => {
  it('every geometry column carries SRID 4326 in its type', async () => {
    const columns = await q<{ table: string; column: string; type: string }>(
      sql`select c.relname as table, a.attname as column, format_type(a.atttypid, a.atttypmod) as type
        from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
          and a.atttypid = 'geometry'::regtype`,
    );
    expect(columns).toContainEqual({ table: 'orgs', column: 'location', type: 'geometry(Point,4326)' });
    for (const c of columns) expect(c.type, `${c.table}.${c.column}`).toMatch(/,4326\)$/);
  });

  it('writes a point through the column with its SRID and reads it back as longitude and latitude', async () => {
    const admin = await t.admin();
    const id = await t.orgId('GWQ');
    const res = await admin.patch(`/api/orgs/${id}`, { location: [108.9402, 34.3416] });
    expect(res.status).toBe(200);
    expect(res.body.location).toEqual([108.9402, 34.3416]);
    const [row] = await q<{ srid: number; x: number; y: number }>(
      sql`select ST_SRID(location) as srid, ST_X(location) as x, ST_Y(location) as y from orgs where id = ${id}`,
    );
    expect(row).toEqual({ srid: 4326, x: 108.9402, y: 34.3416 });
  });
});
