import net from 'node:net';
import { Aedes, type AuthenticateError } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import type { Config } from './config.js';
import type { Db } from './db.js';
import { authenticateToken } from './auth.js';

/**
 * The MQTT side of the platform, where sensors and lifeline operators publish readings.
 * By default an embedded broker (aedes) listens on loopback; devices log in with an API token
 * (any username, the token as password) that holds `telemetry.publish`. With MQTT_URL the platform
 * is instead a client of the external broker (mosquitto, EMQX), which does its own device auth.
 */
/** The topic tree devices publish into: citysafe/telemetry/<kind>/<device or station>. */
export const TELEMETRY_PREFIX = 'citysafe/telemetry/';

export class Mqtt {
  private broker: Aedes | null = null;
  /** Connections of the platform itself, which may publish and subscribe anywhere. */
  private readonly internalClients = new Set<string>();
  private server: net.Server | null = null;
  /** The platform's own connection, used by modules to subscribe and publish. */
  client: MqttClient | null = null;
  url = '';

  constructor(
    private readonly config: Config['mqtt'],
    private readonly db: Db,
  ) {}

  async start(): Promise<void> {
    if (this.config.url) {
      this.url = this.config.url;
    } else {
      this.broker = await Aedes.createBroker({
        authenticate: (client, username, password, done) => {
          // The platform's own client connects with a per-process secret.
          if (username === 'citysafe-internal' && password?.toString() === this.internalSecret) {
            this.internalClients.add(client.id);
            return done(null, true);
          }
          authenticateToken(this.db, password?.toString() ?? '', 'telemetry.publish')
            .then((ok) => {
              if (ok) return done(null, true);
              const err = new Error('bad token') as AuthenticateError;
              err.returnCode = 4;
              done(err, false);
            })
            .catch(() => {
              const err = new Error('auth failed') as AuthenticateError;
              err.returnCode = 3;
              done(err, false);
            });
        },
        // Devices publish readings under telemetry/ only: alarms and commands are the platform's to send.
        authorizePublish: (client, packet, callback) => {
          if (!client || this.internalClients.has(client.id) || packet.topic.startsWith(TELEMETRY_PREFIX)) return callback(null);
          callback(new Error(`devices may publish under ${TELEMETRY_PREFIX} only`));
        },
        // Devices do not read other devices' data: their subscriptions are refused (SUBACK 0x80).
        authorizeSubscribe: (client, subscription, callback) => callback(null, this.internalClients.has(client.id) ? subscription : null),
      });
      this.broker.on('clientDisconnect', (client) => this.internalClients.delete(client.id));
      this.server = net.createServer(this.broker.handle);
      await new Promise<void>((resolve, reject) => {
        this.server!.once('error', reject);
        this.server!.listen(this.config.port, this.config.host, () => resolve());
      });
      const address = this.server.address() as net.AddressInfo;
      this.url = `mqtt://${this.config.host}:${address.port}`;
    }
    this.client = await mqtt.connectAsync(this.url, {
      ...(this.broker ? { username: 'citysafe-internal', password: this.internalSecret } : {}),
      clientId: `citysafe-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
      reconnectPeriod: 2000,
    });
  }

  private readonly internalSecret = crypto.randomUUID();

  /** The port of the embedded broker (useful when it was started on port 0). */
  get port(): number | null {
    return this.server ? (this.server.address() as net.AddressInfo).port : null;
  }

  async stop(): Promise<void> {
    await this.client?.endAsync().catch(() => undefined);
    // The broker first: closing it disconnects the devices, which the server's close waits for.
    if (this.broker) await new Promise<void>((resolve) => this.broker!.close(() => resolve()));
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
