import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { type Db, now, rows, type Tx } from './db.js';
import { jobs } from './platform.tables.js';

export type JobHandler = (payload: Record<string, unknown>, job: { id: number; attempts: number }) => Promise<void>;

interface ClaimedJob {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
  run_at: Date | string;
}

/**
 * Durable scheduled jobs: deadlines, reminders, webhook deliveries. A job is a row, so it
 * survives a restart; nodes claim due rows with FOR UPDATE SKIP LOCKED, so each job runs once
 * however many nodes poll. A node that dies mid-job leaves a lease that expires and is re-claimed.
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  readonly nodeId = randomUUID();

  constructor(
    private readonly db: Db,
    private readonly log: FastifyBaseLogger,
    private readonly pollMs: number,
  ) {}

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /**
   * Schedules a job inside the caller's transaction, so it exists only if the change that needs
   * it commits. With a `uniqueKey`, a second pending job of the same key is not added.
   */
  async schedule(
    tx: Tx,
    kind: string,
    payload: Record<string, unknown>,
    runAt: Date,
    opts: { uniqueKey?: string; maxAttempts?: number } = {},
  ): Promise<number | null> {
    const inserted = await tx
      .insert(jobs)
      .values({ kind, payload, runAt, uniqueKey: opts.uniqueKey ?? null, maxAttempts: opts.maxAttempts ?? 5 })
      .onConflictDoNothing()
      .returning({ id: jobs.id });
    return inserted[0]?.id ?? null;
  }

  /** Drops a pending job by its key (a timer that no longer applies), inside the caller's transaction. */
  async cancel(tx: Tx, uniqueKey: string): Promise<void> {
    await tx.delete(jobs).where(and(eq(jobs.uniqueKey, uniqueKey), eq(jobs.status, 'pending')));
  }

  /**
   * Polls until stopped. A failed poll (the database restarting or out of reach) is logged once and
   * polling goes on, so that jobs resume by themselves when the database is back; a job whose run
   * was cut off keeps its lease until it expires and is then claimed again.
   */
  start(): void {
    let failing = false;
    const tick = () => {
      this.running = this.runDue()
        .then(() => {
          if (failing) this.log.info('job polling resumed');
          failing = false;
        })
        .catch((err: unknown) => {
          if (!failing) this.log.error({ err }, 'job polling failed; retrying at every poll');
          failing = true;
        })
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.pollMs);
        });
    };
    this.timer = setTimeout(tick, this.pollMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Claims and runs the jobs that are due now; returns how many ran. */
  async runDue(limit = 20): Promise<number> {
    // "Now" is the platform's clock, so a test that moves the clock on makes the jobs of that time due.
    const at = sql`${now(this.db).toISOString()}::timestamptz`;
    const due = await rows<ClaimedJob>(
      this.db,
      sql`
      update jobs set status = 'running', attempts = attempts + 1, locked_by = ${this.nodeId},
        locked_until = ${at} + interval '5 minutes'
      where id in (
        select id from jobs
        where (status = 'pending' and run_at <= ${at}) or (status = 'running' and locked_until < ${at})
        order by run_at limit ${limit}
        for update skip locked)
      returning id, kind, payload, attempts, max_attempts, run_at`,
    );
    // RETURNING comes in no particular order: run the earliest due first, as claimed.
    due.sort((a, b) => new Date(a.run_at).getTime() - new Date(b.run_at).getTime() || a.id - b.id);
    for (const job of due) await this.runOne(job);
    return due.length;
  }

  private async runOne(job: ClaimedJob): Promise<void> {
    const handler = this.handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(job.payload, { id: job.id, attempts: job.attempts });
      await this.db.execute(
        sql`update jobs set status = 'done', finished_at = ${now(this.db).toISOString()}::timestamptz, locked_until = null
          where id = ${job.id} and locked_by = ${this.nodeId}`,
      );
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const final = job.attempts >= job.max_attempts;
      // Back off 30 s, 2 min, 8 min, … so that a receiver that is down is not hammered.
      const delaySeconds = 30 * 4 ** (job.attempts - 1);
      this.log.warn({ jobId: job.id, kind: job.kind, err: message, final }, 'job failed');
      const at = sql`${now(this.db).toISOString()}::timestamptz`;
      await this.db.execute(sql`
        update jobs set status = ${final ? 'failed' : 'pending'}, last_error = ${message.slice(0, 2000)},
          run_at = ${at} + make_interval(secs => ${delaySeconds}), locked_until = null,
          finished_at = ${final ? at : sql`null`}
        where id = ${job.id} and locked_by = ${this.nodeId}`);
    }
  }
}
