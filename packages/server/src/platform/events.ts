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

  constructor(private readonly database: Database) {
    this.emitter.setMaxListeners(0);
  }

  async start(): Promise<void> {
    if (!this.database.pool) return;
    this.listener = await this.database.pool.connect();
    this.listener.on('notification', (msg) => {
      if (msg.channel === CHANNEL && msg.payload) this.emitter.emit('event', JSON.parse(msg.payload) as PlatformEvent);
    });
    await this.listener.query(`listen ${CHANNEL}`);
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
    if (this.listener) {
      await this.listener.query(`unlisten ${CHANNEL}`).catch(() => undefined);
      this.listener.release();
      this.listener = null;
    }
  }
}
