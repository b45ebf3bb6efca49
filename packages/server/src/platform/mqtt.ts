import net from 'node:net';
import { Duplex, Transform, type TransformCallback } from 'node:stream';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
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

/** Room for a PUBLISH's topic (at most 65 535 bytes), its length, packet id and MQTT 5 properties. */
const PACKET_OVERHEAD_BYTES = 65_536 + 16;

/**
 * Reads the MQTT framing (fixed header: type byte, then the remaining length in 1–4 bytes of 7 bits)
 * as the bytes arrive and ends the connection at the first packet announced larger than the limit,
 * before its body is buffered: the broker's parser would otherwise hold all of it in memory.
 */
class PacketSizeGuard extends Transform {
  private state: 'type' | 'length' | 'body' = 'type';
  private length = 0;
  private shift = 0;
  private bodyLeft = 0;

  constructor(private readonly maxPacketBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.state === 'body') {
        const skip = Math.min(this.bodyLeft, chunk.length - i);
        this.bodyLeft -= skip;
        i += skip;
        if (this.bodyLeft === 0) this.state = 'type';
      } else if (this.state === 'type') {
        this.state = 'length';
        this.length = 0;
        this.shift = 0;
        i++;
      } else {
        const byte = chunk[i++]!;
        this.length += (byte & 0x7f) * 2 ** this.shift;
        this.shift += 7;
        if (this.length > this.maxPacketBytes) return done(new Error(`MQTT packet over ${this.maxPacketBytes} bytes`));
        if ((byte & 0x80) === 0) {
          this.bodyLeft = this.length;
          this.state = this.length > 0 ? 'body' : 'type';
        } else if (this.shift > 21) return done(new Error('malformed MQTT remaining length'));
      }
    }
    done(null, chunk);
  }
}

/** A device's connection: its token, checked again periodically, and its publish allowance (a token bucket). */
interface DeviceConnection {
  client: Client;
  secret: string;
  allowance: number;
  refilledAt: number;
}

export class Mqtt {
  private broker: Aedes | null = null;
  /** Connections of the platform itself, which may publish and subscribe anywhere. */
  private readonly internalClients = new Set<string>();
  private readonly devices = new Map<string, DeviceConnection>();
  private revalidation: NodeJS.Timeout | null = null;
  private server: net.Server | null = null;
  /**
   * Set by the module that owns the devices: whether a device's token may publish on `citysafe/telemetry/<rest>`
   * (a token bound to one device publishes on that device's topic only). Unset, any telemetry topic is allowed.
   */
  telemetryGuard: ((secret: string, rest: string) => Promise<boolean>) | null = null;
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
          const secret = password?.toString() ?? '';
          authenticateToken(this.db, secret, 'telemetry.publish')
            .then((ok) => {
              if (ok) {
                this.devices.set(client.id, { client, secret, allowance: this.config.publishBurst, refilledAt: performance.now() });
                return done(null, true);
              }
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
        // Refusing a publish ends the device's connection (MQTT 3.1.1 has no negative acknowledgement).
        authorizePublish: (client, packet, callback) => {
          if (client && this.internalClients.has(client.id)) return callback(null);
          const refused = this.refusePublish(client, packet);
          if (refused) return callback(refused);
          // The entry must be this very connection's: a newcomer taking over a client id (whose last will aedes checks
          // before the old connection closes) or a connection whose token was revoked has none, and is refused.
          const device = client ? this.devices.get(client.id) : undefined;
          if (!client || !device || device.client !== client) return callback(new Error('unknown device connection'));
          if (!this.telemetryGuard) return callback(null);
          this.telemetryGuard(device.secret, packet.topic.slice(TELEMETRY_PREFIX.length))
            .then((ok) => callback(ok ? null : new Error('this token may not publish on this topic')))
            .catch(() => callback(new Error('publish check failed')));
        },
        // Devices do not read other devices' data: their subscriptions are refused (SUBACK 0x80).
        authorizeSubscribe: (client, subscription, callback) => callback(null, this.internalClients.has(client.id) ? subscription : null),
      });
      this.broker.on('clientDisconnect', (client) => {
        this.internalClients.delete(client.id);
        // A reconnect under the same client id replaces the entry before the old connection closes.
        if (this.devices.get(client.id)?.client === client) this.devices.delete(client.id);
      });
      const maxPacketBytes = this.config.maxPayloadBytes + PACKET_OVERHEAD_BYTES;
      this.server = net.createServer((socket) => {
        const guard = new PacketSizeGuard(maxPacketBytes);
        guard.on('error', () => socket.destroy());
        socket.pipe(guard);
        this.broker!.handle(Duplex.from({ readable: guard, writable: socket }));
      });
      await new Promise<void>((resolve, reject) => {
        this.server!.once('error', reject);
        this.server!.listen(this.config.port, this.config.host, () => resolve());
      });
      const address = this.server.address() as net.AddressInfo;
      this.url = `mqtt://${this.config.host}:${address.port}`;
      if (this.config.revalidateSeconds > 0) {
        this.revalidation = setInterval(() => void this.revalidate(), this.config.revalidateSeconds * 1000);
        this.revalidation.unref();
      }
    }
    this.client = await mqtt.connectAsync(this.url, {
      ...(this.broker ? { username: 'citysafe-internal', password: this.internalSecret } : {}),
      clientId: `citysafe-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
      reconnectPeriod: 2000,
    });
  }

  private readonly internalSecret = crypto.randomUUID();

  /**
   * Why a device's publish is refused, or null to let it through: only under telemetry/ (alarms and
   * commands are the platform's to send), never retained (the broker would keep it in memory after
   * the device leaves, for anyone subscribing later), within the payload limit, and within the
   * device's publish rate. A will published for a device already gone (`client` null) is checked alike.
   */
  private refusePublish(client: Client | null, packet: { topic: string; payload: Buffer | string; retain: boolean }): Error | null {
    if (!packet.topic.startsWith(TELEMETRY_PREFIX)) return new Error(`devices may publish under ${TELEMETRY_PREFIX} only`);
    if (packet.retain) return new Error('devices may not publish retained messages');
    if (Buffer.byteLength(packet.payload) > this.config.maxPayloadBytes)
      return new Error(`payload over ${this.config.maxPayloadBytes} bytes`);
    const device = client ? this.devices.get(client.id) : undefined;
    if (device) {
      const at = performance.now();
      device.allowance = Math.min(this.config.publishBurst, device.allowance + ((at - device.refilledAt) / 1000) * this.config.publishRate);
      device.refilledAt = at;
      if (device.allowance < 1) return new Error(`over ${this.config.publishRate} publishes per second`);
      device.allowance -= 1;
    }
    return null;
  }

  /**
   * Checks the token of every connected device again and disconnects those whose token was revoked
   * or expired or whose owner was disabled; runs every `revalidateSeconds`. Returns how many it cut
   * off. When the database cannot answer, devices stay connected: an outage is no revocation.
   */
  async revalidate(): Promise<number> {
    const bySecret = new Map<string, DeviceConnection[]>();
    for (const device of this.devices.values()) bySecret.set(device.secret, [...(bySecret.get(device.secret) ?? []), device]);
    let cut = 0;
    for (const [secret, connections] of bySecret) {
      const ok = await authenticateToken(this.db, secret, 'telemetry.publish').catch(() => true);
      if (ok) continue;
      for (const { client } of connections) {
        this.devices.delete(client.id);
        client.close();
        cut++;
      }
    }
    return cut;
  }

  /** The port of the embedded broker (useful when it was started on port 0). */
  get port(): number | null {
    return this.server ? (this.server.address() as net.AddressInfo).port : null;
  }

  async stop(): Promise<void> {
    if (this.revalidation) clearInterval(this.revalidation);
    await this.client?.endAsync().catch(() => undefined);
    // The broker first: closing it disconnects the devices, which the server's close waits for.
    if (this.broker) await new Promise<void>((resolve) => this.broker!.close(() => resolve()));
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
