import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN_PASSWORD, type TestApp, testApp } from '../../test/harness.js';
import { createPlatform, loadConfig } from '../index.js';
import { rows } from './db.js';
import { type JobHandler, JobRunner } from './jobs.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());
// Each test counts the jobs it ran: none may be left due for the next one.
afterEach(async () => {
  await t.platform.db.execute(sql`delete from jobs where kind like 'test.%' and status in ('pending', 'running')`);
});

interface JobRow {
  id: number;
  kind: string;
  status: string;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  run_at: Date | string;
  finished_at: Date | string | null;
  locked_until: Date | string | null;
  locked_by: string | null;
  payload: Record<string, unknown>;
}

let kindSerial = 0;
/** A job kind of its own for each test, so counts never mix. */
const newKind = () => `test.job${++kindSerial}`;

async function jobsOf(kind: string): Promise<JobRow[]> {
  return rows<JobRow>(t.platform.db, sql`select * from jobs where kind = ${kind} order by id`);
}

async function jobById(id: number): Promise<JobRow> {
  const [row] = await rows<JobRow>(t.platform.db, sql`select * from jobs where id = ${id}`);
  return row!;
}

/** Moves a job's time forward instead of waiting for it. */
const makeDue = (id: number) => t.platform.db.execute(sql`update jobs set run_at = now() - interval '1 second' where id = ${id}`);

const schedule = (
  kind: string,
  payload: Record<string, unknown> = {},
  runAt = new Date(),
  opts: { uniqueKey?: string; maxAttempts?: number } = {},
) => t.platform.jobs.schedule(t.platform.db, kind, payload, runAt, opts);

const secondsFromNow = (value: Date | string) => (new Date(value).getTime() - Date.now()) / 1000;

describe('scheduling', () => {
  it('adds no job when the transaction that scheduled it rolls back', async () => {
    const kind = newKind();
    await expect(
      t.platform.db.transaction(async (tx) => {
        expect(await t.platform.jobs.schedule(tx, kind, { n: 1 }, new Date())).toEqual(expect.any(Number));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await jobsOf(kind)).toEqual([]);
    // The same in a transaction that commits: the job is there.
    await t.platform.db.transaction((tx) => t.platform.jobs.schedule(tx, kind, { n: 2 }, new Date()));
    expect((await jobsOf(kind)).map((j) => j.payload)).toEqual([{ n: 2 }]);
  });

  it('adds one pending job per unique key; a new one once the first has finished', async () => {
    const kind = newKind();
    const ran: unknown[] = [];
    t.platform.jobs.register(kind, async (payload) => void ran.push(payload));
    const first = await schedule(kind, { n: 1 }, new Date(), { uniqueKey: `${kind}:k` });
    expect(first).toEqual(expect.any(Number));
    expect(await schedule(kind, { n: 2 }, new Date(), { uniqueKey: `${kind}:k` })).toBeNull();
    // Another key, or no key, is a job of its own.
    expect(await schedule(kind, { n: 3 }, new Date(), { uniqueKey: `${kind}:other` })).toEqual(expect.any(Number));
    expect(await schedule(kind, { n: 4 })).toEqual(expect.any(Number));
    expect(await schedule(kind, { n: 5 })).toEqual(expect.any(Number));
    expect((await jobsOf(kind)).map((j) => j.payload)).toEqual([{ n: 1 }, { n: 3 }, { n: 4 }, { n: 5 }]);
    await t.platform.jobs.runDue();
    expect(ran).toHaveLength(4);
    expect(await schedule(kind, { n: 6 }, new Date(), { uniqueKey: `${kind}:k` })).toEqual(expect.any(Number));
  });
});

describe('running', () => {
  it('runs a due job once, with its payload, and not a job that is not due yet', async () => {
    const kind = newKind();
    const calls: { payload: Record<string, unknown>; job: { id: number; attempts: number } }[] = [];
    t.platform.jobs.register(kind, async (payload, job) => void calls.push({ payload, job }));
    const due = await schedule(kind, { 整改: '隐患', nested: { n: [1, 2] } });
    const later = await schedule(kind, { later: true }, new Date(Date.now() + 3600_000));
    expect(await t.platform.jobs.runDue()).toBe(1);
    expect(calls).toEqual([{ payload: { 整改: '隐患', nested: { n: [1, 2] } }, job: { id: due, attempts: 1 } }]);
    expect(await t.platform.jobs.runDue()).toBe(0);
    expect(calls).toHaveLength(1);
    const done = await jobById(due!);
    expect(done).toMatchObject({ status: 'done', attempts: 1, locked_until: null });
    expect(done.finished_at).not.toBeNull();
    expect((await jobById(later!)).status).toBe('pending');
    await makeDue(later!);
    expect(await t.platform.jobs.runDue()).toBe(1);
    expect(calls.map((c) => c.payload)).toEqual([{ 整改: '隐患', nested: { n: [1, 2] } }, { later: true }]);
  });

  it('runs the earliest due jobs first, up to the limit per call', async () => {
    const kind = newKind();
    const order: number[] = [];
    t.platform.jobs.register(kind, async (payload) => void order.push(payload.n as number));
    const now = Date.now();
    for (const n of [3, 1, 2]) await schedule(kind, { n }, new Date(now - 60_000 + n * 1000));
    expect(await t.platform.jobs.runDue(2)).toBe(2);
    expect(order).toEqual([1, 2]);
    expect(await t.platform.jobs.runDue(2)).toBe(1);
    expect(order).toEqual([1, 2, 3]);
  });

  it('runs each job exactly once when two runners on one database poll at the same time', async () => {
    const kind = newKind();
    const runs = new Map<number, string[]>();
    const handlerOf =
      (runner: string): JobHandler =>
      async (payload) => {
        const n = payload.n as number;
        runs.set(n, [...(runs.get(n) ?? []), runner]);
        // Hold the job a moment so that the runners' polls overlap.
        await new Promise((r) => setTimeout(r, 5));
      };
    const a = new JobRunner(t.platform.db, t.platform.log, 60_000);
    const b = new JobRunner(t.platform.db, t.platform.log, 60_000);
    a.register(kind, handlerOf('a'));
    b.register(kind, handlerOf('b'));
    const count = 40;
    for (let n = 0; n < count; n++) await schedule(kind, { n });
    const drain = async (runner: JobRunner) => {
      let total = 0;
      for (let ran = await runner.runDue(4); ran > 0; ran = await runner.runDue(4)) total += ran;
      return total;
    };
    const [byA, byB] = await Promise.all([drain(a), drain(b)]);
    expect(byA + byB).toBe(count);
    expect(byA).toBeGreaterThan(0);
    expect(byB).toBeGreaterThan(0);
    expect([...runs.keys()].sort((x, y) => x - y)).toEqual(Array.from({ length: count }, (_, i) => i));
    expect([...runs.values()].filter((r) => r.length !== 1)).toEqual([]);
    const jobs = await jobsOf(kind);
    expect(jobs.every((j) => j.status === 'done' && j.attempts === 1)).toBe(true);
    // Each job records which node ran it.
    expect(new Set(jobs.map((j) => j.locked_by))).toEqual(new Set([a.nodeId, b.nodeId]));
  });

  it('does not give a running job to another runner while its lease holds', async () => {
    const kind = newKind();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    let calls = 0;
    const a = new JobRunner(t.platform.db, t.platform.log, 60_000);
    const b = new JobRunner(t.platform.db, t.platform.log, 60_000);
    const handler: JobHandler = async () => {
      calls++;
      started();
      await held;
    };
    a.register(kind, handler);
    b.register(kind, handler);
    const id = await schedule(kind);
    const first = a.runDue();
    await running;
    expect((await jobById(id!)).status).toBe('running');
    expect(await b.runDue()).toBe(0);
    release();
    expect(await first).toBe(1);
    expect(calls).toBe(1);
    expect((await jobById(id!)).status).toBe('done');
  });

  it('takes over a job whose runner died (the lease expired), and the dead runner cannot overwrite the result', async () => {
    const kind = newKind();
    let calls = 0;
    t.platform.jobs.register(kind, async () => void calls++);
    const id = await schedule(kind);
    // A node claimed it and died: the row says running, its lease ran out.
    await t.platform.db.execute(
      sql`update jobs set status = 'running', attempts = 1, locked_by = 'dead-node', locked_until = now() - interval '1 second' where id = ${id}`,
    );
    expect(await t.platform.jobs.runDue()).toBe(1);
    expect(calls).toBe(1);
    expect(await jobById(id!)).toMatchObject({ status: 'done', attempts: 2, locked_by: t.platform.jobs.nodeId });
  });

  it('retries a failing job with growing back-off and marks it failed after maxAttempts', async () => {
    const kind = newKind();
    const attempts: number[] = [];
    t.platform.jobs.register(kind, async (_payload, job) => {
      attempts.push(job.attempts);
      throw new Error(`receiver down (attempt ${job.attempts})`);
    });
    const id = await schedule(kind, {}, new Date(), { maxAttempts: 3 });

    expect(await t.platform.jobs.runDue()).toBe(1);
    let job = await jobById(id!);
    expect(job).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'receiver down (attempt 1)',
      locked_until: null,
      finished_at: null,
    });
    expect(secondsFromNow(job.run_at)).toBeGreaterThan(20);
    expect(secondsFromNow(job.run_at)).toBeLessThan(40);
    // Not retried before its time.
    expect(await t.platform.jobs.runDue()).toBe(0);

    await makeDue(id!);
    expect(await t.platform.jobs.runDue()).toBe(1);
    job = await jobById(id!);
    expect(job).toMatchObject({ status: 'pending', attempts: 2, last_error: 'receiver down (attempt 2)' });
    expect(secondsFromNow(job.run_at)).toBeGreaterThan(100);
    expect(secondsFromNow(job.run_at)).toBeLessThan(130);

    await makeDue(id!);
    expect(await t.platform.jobs.runDue()).toBe(1);
    job = await jobById(id!);
    expect(job).toMatchObject({ status: 'failed', attempts: 3, last_error: 'receiver down (attempt 3)' });
    expect(job.finished_at).not.toBeNull();

    // A failed job stays failed.
    await makeDue(id!);
    expect(await t.platform.jobs.runDue()).toBe(0);
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('finishes a job that succeeds on a retry', async () => {
    const kind = newKind();
    let calls = 0;
    t.platform.jobs.register(kind, async () => {
      if (++calls === 1) throw new Error('flaky');
    });
    const id = await schedule(kind);
    await t.platform.jobs.runDue();
    expect((await jobById(id!)).status).toBe('pending');
    await makeDue(id!);
    await t.platform.jobs.runDue();
    expect(await jobById(id!)).toMatchObject({ status: 'done', attempts: 2, last_error: 'flaky' });
  });

  it('fails a job of a kind nobody handles, saying so, instead of losing it silently', async () => {
    const kind = newKind();
    const id = await schedule(kind, {}, new Date(), { maxAttempts: 1 });
    expect(await t.platform.jobs.runDue()).toBe(1);
    const job = await jobById(id!);
    expect(job.status).toBe('failed');
    expect(job.last_error).toContain(`no handler for job kind ${kind}`);
  });

  it('keeps running other jobs when one throws something that is not an Error', async () => {
    const kind = newKind();
    let ok = 0;
    t.platform.jobs.register(kind, async (payload) => {
      if (payload.bad) throw 'a string, not an Error';
      ok++;
    });
    const bad = await schedule(kind, { bad: true }, new Date(Date.now() - 1000), { maxAttempts: 1 });
    await schedule(kind, { bad: false });
    expect(await t.platform.jobs.runDue()).toBe(2);
    expect(ok).toBe(1);
    expect(await jobById(bad!)).toMatchObject({ status: 'failed', last_error: 'a string, not an Error' });
  });
});

describe('polling', () => {
  it('runs due jobs by itself once started, and stop() waits for the job in hand', async () => {
    const kind = newKind();
    const runner = new JobRunner(t.platform.db, t.platform.log, 20);
    let finished = 0;
    runner.register(kind, async () => {
      await new Promise((r) => setTimeout(r, 50));
      finished++;
    });
    const id = await schedule(kind);
    runner.start();
    try {
      const deadline = Date.now() + 10_000;
      while ((await jobById(id!)).status === 'pending' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    } finally {
      await runner.stop();
    }
    expect(finished).toBe(1);
    expect((await jobById(id!)).status).toBe('done');
    // Stopped: a new due job stays pending.
    const after = await schedule(kind);
    await new Promise((r) => setTimeout(r, 100));
    expect((await jobById(after!)).status).toBe('pending');
  });
});

describe('durability', () => {
  it('keeps a scheduled job across a restart of the platform on an on-disk database', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-jobs-restart-'));
    // The embedded database in a data directory, as `npm start` runs it (no DATABASE_URL).
    const config = { ...loadConfig({ CITYSAFE_DATA_DIR: dataDir, MQTT_PORT: '0' }), adminPassword: TEST_ADMIN_PASSWORD };
    try {
      const first = await createPlatform({ config, mqtt: false, jobs: false });
      let id: number | null;
      try {
        id = await first.platform.jobs.schedule(
          first.platform.db,
          'test.restart',
          { message: '重启后仍执行' },
          new Date(Date.now() - 1000),
        );
        expect(id).toEqual(expect.any(Number));
      } finally {
        await first.close();
      }
      expect(fs.existsSync(path.join(dataDir, 'pgdata'))).toBe(true);

      const second = await createPlatform({ config, mqtt: false, jobs: false });
      try {
        const seen: unknown[] = [];
        second.platform.jobs.register('test.restart', async (payload) => void seen.push(payload));
        // Other jobs may be due in the same database (the modules' recurring ones): this one ran, once.
        expect(await second.platform.jobs.runDue()).toBeGreaterThanOrEqual(1);
        expect(seen).toEqual([{ message: '重启后仍执行' }]);
        const [job] = await rows<JobRow>(second.platform.db, sql`select * from jobs where id = ${id!}`);
        expect(job!.status).toBe('done');
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
