import { EventEmitter } from 'node:events';
import type { Database } from './db.js';
import { type ChannelListener, listenWithReconnect } from './listen.js';

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
  private listener: ChannelListener | null = null;

  constructor(private readonly database: Database) {
    this.emitter.setMaxListeners(0);
  }

  /** LISTENs on a connection of its own, again after the server drops it; events sent in between are missed, not queued. */
  async start(): Promise<void> {
    if (!this.database.pool) return;
    this.listener = await listenWithReconnect(this.database.pool, CHANNEL, {
      onNotification: (payload) => {
        if (payload) this.emitter.emit('event', JSON.parse(payload) as PlatformEvent);
      },
    });
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
    await this.listener?.stop();
    this.listener = null;
  }
}
