/**
 * What the monitoring benchmarks share: a logged-in JSON client of the real server, devices registered through
 * the API (`POST /api/devices`), a gateway token holding telemetry.publish and the simulator's device shape.
 */
import type { MetricStream, SimDevice } from '../packages/server/src/modules/monitoring/simulate.ts';
import { ADMIN_PASSWORD, loginSession } from './server.ts';

export interface ApiClient {
  url: string;
  cookie: string;
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

/** Logs in as the administrator; requests carry the session cookie and the CSRF token. */
export async function adminClient(url: string): Promise<ApiClient> {
  const { cookie, csrfToken } = await loginSession(url, 'admin', ADMIN_PASSWORD);
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    // A saturated server answers 503 with Retry-After: reads wait and ask again.
    if (res.status === 503 && method === 'GET') {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return call<T>(method, path, body);
    }
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
  return { url, cookie, get: (path) => call('GET', path), post: (path, body) => call('POST', path, body) };
}

/** The id of an org of the seed tree by its code (the devices' responsible unit). */
export async function orgIdOf(api: ApiClient, code: string): Promise<string> {
  const { items } = await api.get<{ items: { id: string; code: string }[] }>('/api/orgs?pageSize=200');
  const org = items.find((o) => o.code === code);
  if (!org) throw new Error(`no org ${code}`);
  return org.id;
}

/** A token holding telemetry.publish and bound to no device: a gateway that publishes for many devices. */
export async function gatewayToken(api: ApiClient, name: string): Promise<string> {
  return (await api.post<{ token: string }>('/api/tokens', { name, actions: ['telemetry.publish'] })).token;
}

const stream = (key: string, unit: string, base: number, noise: number): MetricStream => ({
  key,
  unit,
  base,
  daily: 0,
  peakHour: 0,
  noise,
  decimals: 3,
  min: 0,
});

/** A gas monitoring point as the benchmarks use it: concentration, pressure and temperature, all ordinary. */
export const benchMetrics = [
  stream('gas_lel', '%LEL', 0.6, 0.3),
  stream('pressure', 'MPa', 0.3, 0.004),
  stream('temperature', '℃', 18, 0.2),
];

/** Registers `count` devices `<prefix>-<n>` of a type with the given metrics; returns them with their ids. */
export async function registerDevices(
  api: ApiClient,
  options: { prefix: string; count: number; type: string; orgId: string; metrics: MetricStream[] },
): Promise<(SimDevice & { id: string; name: string })[]> {
  const devices: (SimDevice & { id: string; name: string })[] = [];
  for (let i = 0; i < options.count; i++) {
    const code = `${options.prefix}-${String(i).padStart(4, '0')}`;
    const name = `压测设备 ${code}`;
    const { id } = await api.post<{ id: string }>('/api/devices', {
      code,
      name,
      type: options.type,
      orgId: options.orgId,
      lng: 109.06 + (i % 20) * 0.001,
      lat: 34.37 + Math.floor(i / 20) * 0.0005,
      intervalSeconds: 60,
      metrics: options.metrics.map((m) => ({ key: m.key, unit: m.unit })),
    });
    devices.push({ id, code, name, type: options.type, metrics: options.metrics });
  }
  return devices;
}

/** The number of stored readings of one device's metric over the last 24 hours (the readings list's total). */
export async function storedOf(api: ApiClient, deviceId: string, metric: string): Promise<number> {
  const { total } = await api.get<{ total: number }>(`/api/devices/${deviceId}/readings?metric=${metric}&pageSize=1`);
  return total;
}

/** Waits until a device's stored count stops growing (the ingest has drained its buffer). */
export async function drained(api: ApiClient, deviceId: string, metric: string, quietMs = 2000, timeoutMs = 300_000): Promise<void> {
  const started = Date.now();
  let last = -1;
  let since = Date.now();
  for (;;) {
    const n = await storedOf(api, deviceId, metric);
    if (n !== last) {
      last = n;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
    if (Date.now() - started > timeoutMs) throw new Error(`ingest still storing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
