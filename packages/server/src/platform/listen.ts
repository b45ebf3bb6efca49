import type pg from 'pg';

export interface ChannelListener {
  stop(): Promise<void>;
}

export interface ListenHandlers {
  onNotification(payload: string): void;
  /** The LISTEN is in place (the first time and after every reconnect). */
  onListening?(): void;
  /** The connection was dropped: notifications are missed until `onListening` comes again. */
  onLost?(): void;
}

/**
 * LISTENs on `channel` on a connection of its own. When the server drops it (restart, failover,
 * network), it listens again on a new one, retrying every second; notifications sent in between are
 * missed, not queued, which `onLost` lets the caller account for. Rejects when the first LISTEN fails.
 */
export async function listenWithReconnect(pool: pg.Pool, channel: string, handlers: ListenHandlers): Promise<ChannelListener> {
  let listener: pg.PoolClient | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;

  const listen = async (): Promise<void> => {
    const client = await pool.connect();
    client.on('notification', (msg) => {
      if (msg.channel === channel) handlers.onNotification(msg.payload ?? '');
    });
    client.on('error', (err) => {
      if (listener !== client) return;
      listener = null;
      handlers.onLost?.();
      client.release(err);
      const again = () => {
        retry = null;
        if (stopped) return;
        listen().catch(() => {
          if (!stopped) retry = setTimeout(again, 1000);
        });
      };
      retry = setTimeout(again, 100);
    });
    try {
      await client.query(`listen ${channel}`);
    } catch (err) {
      client.release(err as Error);
      throw err;
    }
    // Stopped while reconnecting: hand the connection back, or closing the pool would wait for it.
    if (stopped) return client.release();
    listener = client;
    handlers.onListening?.();
  };

  await listen();
  return {
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      retry = null;
      const client = listener;
      listener = null;
      if (client) {
        await client.query(`unlisten ${channel}`).catch(() => undefined);
        client.release();
      }
    },
  };
}
