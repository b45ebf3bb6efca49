import { EventEmitter } from 'node:events';
import type pg from 'pg';
import type { Database } from './db.js';

const CHANNEL = 'citysafe_events';

export interface PlatformEvent {
  /** e.g. `notification` */
  type: string;
  /** Users the event is for; SSE connections filter on it. */
  userIds: string[];
  data: unknown;
}

/**
 * Fans events out to the Server-Sent-Event connections of every node. On PostgreSQL an event
 * goes through NOTIFY, so a user connected to another node receives it too; the embedded
 * database serves one process, so events stay in memory.
 */
export class EventBus {
  private readonly emitter = new EventEmitter();
  private listener: pg.PoolClient | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(private readonly database: Database) {
    this.emitter.setMaxListeners(0);
  }

  async start(): Promise<void> {
    if (!this.database.pool) return;
    this.stopped = false;
    await this.listen(this.database.pool);
  }

  /**
   * LISTENs on a connection of its own. When the server drops it (restart, failover), it listens
   * again on a new one, retrying every second; events sent in between are missed, not queued.
   */
  private async listen(pool: pg.Pool): Promise<void> {
    const client = await pool.connect();
    client.on('notification', (msg) => {
      if (msg.channel === CHANNEL && msg.payload) this.emitter.emit('event', JSON.parse(msg.payload) as PlatformEvent);
    });
    client.on('error', (err) => {
      if (this.listener !== client) return;
      this.listener = null;
      client.release(err);
      const again = () => {
        this.retry = null;
        if (this.stopped) return;
        this.listen(pool).catch(() => {
          if (!this.stopped) this.retry = setTimeout(again, 1000);
        });
      };
      this.retry = setTimeout(again, 100);
    });
    try {
      await client.query(`listen ${CHANNEL}`);
    } catch (err) {
      client.release(err as Error);
      throw err;
    }
    // Stopped while reconnecting: hand the connection back, or closing the pool would wait for it.
    if (this.stopped) return client.release();
    this.listener = client;
  }

  async publish(event: PlatformEvent): Promise<void> {
    if (this.database.pool) {
      await this.database.pool.query('select pg_notify($1, $2)', [CHANNEL, JSON.stringify(event)]);
    } else {
      this.emitter.emit('event', event);
    }
  }

  /** Subscribes to events; returns the function that unsubscribes. */
  subscribe(handler: (event: PlatformEvent) => void): () => void {
    this.emitter.on('event', handler);
    return () => this.emitter.off('event', handler);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    if (this.listener) {
      await this.listener.query(`unlisten ${CHANNEL}`).catch(() => undefined);
      this.listener.release();
      this.listener = null;
    }
  }
}
