import dns, { type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { type Bilingual, bi } from '@citysafe/domain';

/**
 * Requests the server makes on an administrator's behalf to an address someone typed (the group
 * robots' webhooks) must not reach the server's own machine or the intranet behind it (SSRF): the
 * database, the MQTT broker, a cloud metadata service. Only public addresses are reached, unless
 * the host is on the allow-list an administrator configured (`CITYSAFE_WEBHOOK_ALLOW_HOSTS`), for
 * a robot gateway inside the intranet.
 */

/** IPv4 ranges that are not the public internet, as [first address, prefix length] (RFC 6890 and others). */
const privateV4: [string, number][] = [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the local machine
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

const v4Number = (address: string): number => address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);

const privateV4Ranges = privateV4.map(([first, bits]) => ({ first: v4Number(first), size: 2 ** (32 - bits) }));

function isPublicV4(address: string): boolean {
  const n = v4Number(address);
  return !privateV4Ranges.some((r) => n >= r.first && n < r.first + r.size);
}

/** The eight 16-bit words of an IPv6 address (`::` expanded, a trailing dotted IPv4 part read, a zone dropped). */
function v6Words(address: string): number[] {
  let text = address.replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const n = v4Number(dotted[1]!);
    text = `${text.slice(0, -dotted[1]!.length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const part = (s: string | undefined) => (s ? s.split(':').map((w) => parseInt(w, 16)) : []);
  const start = part(head);
  const end = part(tail);
  return [...start, ...Array<number>(8 - start.length - end.length).fill(0), ...end];
}

const v4Of = (high: number, low: number): string => [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');

function isPublicV6(address: string): boolean {
  const w = v6Words(address);
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d, which covers :: and ::1) and NAT64
  // (64:ff9b::a.b.c.d) carry an IPv4 address that the connection in effect reaches.
  if (w.slice(0, 5).every((x) => x === 0) && (w[5] === 0xffff || w[5] === 0)) return isPublicV4(v4Of(w[6]!, w[7]!));
  if (w[0] === 0x64 && w[1] === 0xff9b && w.slice(2, 6).every((x) => x === 0)) return isPublicV4(v4Of(w[6]!, w[7]!));
  if (w[0] === 0x64 && w[1] === 0xff9b && w[2] === 1) return false; // local-use NAT64
  if (w[0] === 0x2002) return isPublicV4(v4Of(w[1]!, w[2]!)); // 6to4 carries an IPv4 address too
  const first = w[0]!;
  if ((first & 0xfe00) === 0xfc00) return false; // unique local fc00::/7
  if ((first & 0xffc0) === 0xfe80 || (first & 0xffc0) === 0xfec0) return false; // link-local, old site-local
  if ((first & 0xff00) === 0xff00) return false; // multicast
  if (first === 0x2001 && (w[1] === 0 || w[1] === 0xdb8)) return false; // Teredo, documentation
  if (first === 0x100 && w.slice(1, 4).every((x) => x === 0)) return false; // discard-only
  return true;
}

/** Whether an IP address lies on the public internet (not loopback, private, link-local, CGNAT, ULA, …). */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return isPublicV4(address);
  if (family === 6) return isPublicV6(address);
  return false;
}

/** The host of a URL as `new URL()` normalises it (`http://2130706433/` is 127.0.0.1), IPv6 without brackets. */
const hostOf = (url: URL): string => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();

/** Whether an administrator allow-listed the URL's host (`CITYSAFE_WEBHOOK_ALLOW_HOSTS`). */
const allowListed = (url: URL, allowHosts: readonly string[]): boolean => allowHosts.includes(hostOf(url));

const refusal = (what: string): Bilingual =>
  bi(
    `不能推送到 ${what}：只能推送到公网地址。内网地址须由系统管理员加入 CITYSAFE_WEBHOOK_ALLOW_HOSTS`,
    `Cannot send to ${what}: only public addresses are reached. An intranet host must be allow-listed by the administrator in CITYSAFE_WEBHOOK_ALLOW_HOSTS`,
  );

/**
 * Why an outgoing URL may not be used, or null: checked when a webhook is saved. An address in
 * the URL is checked as written; a name is resolved and every address it has is checked. A name
 * that does not resolve now is accepted: every send resolves and checks it again (`postJson`).
 */
export async function outboundUrlProblem(raw: string, allowHosts: readonly string[]): Promise<Bilingual | null> {
  const url = new URL(raw);
  if (allowListed(url, allowHosts)) return null;
  const host = hostOf(url);
  if (net.isIP(host)) return isPublicAddress(host) ? null : refusal(host);
  const addresses = await dns.promises.lookup(host, { all: true }).catch(() => []);
  const inside = addresses.find((a) => !isPublicAddress(a.address));
  return inside ? refusal(`${host}（${inside.address}）`) : null;
}

/** A send refused because the host resolved to an address that is not public. */
export class EgressRefused extends Error {}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * The `lookup` a request uses instead of the system's: it resolves the name once, checks every
 * address, and hands exactly those checked addresses to the socket, so that a name re-pointed at
 * an inside address between the check and the connection (DNS rebinding) is not followed.
 */
function checkedLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { all: true, family: options.family ?? 0, hints: options.hints }, (err, addresses) => {
    if (err) return callback(err, []);
    const inside = addresses.find((a) => !isPublicAddress(a.address));
    if (inside) return callback(new EgressRefused(`${hostname} resolves to ${inside.address}, which is not a public address`), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

/** A webhook's answer is only logged: its first 64 KB are enough. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** An answer longer than the caller's limit: the download was cut off, not read whole. */
export class EgressTooLarge extends Error {}

interface Exchange {
  method: 'GET' | 'POST';
  headers: http.OutgoingHttpHeaders;
  body?: Buffer;
  allowHosts: readonly string[];
  timeoutMs: number;
  maxBytes: number;
  /** Past `maxBytes`: keep the first `maxBytes` and read on (`cut`), or abort with `EgressTooLarge` (`refuse`). */
  overLimit: 'cut' | 'refuse';
}

/**
 * The one way the server reaches an address someone typed: the host must be public (checked on the addresses actually
 * connected to) or allow-listed; redirects are not followed, so an answer cannot send the request on to an inside
 * address either; no answer within `timeoutMs` fails; at most `maxBytes` of the answer are kept in memory.
 */
function exchange(raw: string, o: Exchange): Promise<{ status: number; contentType: string; bytes: Buffer }> {
  const url = new URL(raw);
  const host = hostOf(url);
  const trusted = allowListed(url, o.allowHosts);
  // An address written in the URL is connected to without a lookup: check it here.
  if (!trusted && net.isIP(host) && !isPublicAddress(host)) {
    return Promise.reject(new EgressRefused(`${host} is not a public address`));
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    // Destroying the request also fails the response: the first reason given is the one reported.
    let failure: Error | null = null;
    const fail = (error: Error) => {
      failure ??= error;
      request.destroy();
      reject(failure);
    };
    const tooLarge = (what: string) => fail(new EgressTooLarge(`${what}, the limit is ${o.maxBytes}`));
    const request = client.request(
      url,
      {
        method: o.method,
        headers: o.body ? { ...o.headers, 'content-length': o.body.length } : o.headers,
        timeout: o.timeoutMs,
        ...(trusted ? {} : { lookup: checkedLookup as unknown as typeof dns.lookup }),
      },
      (response) => {
        const declared = Number(response.headers['content-length'] ?? 0);
        if (o.overLimit === 'refuse' && declared > o.maxBytes) return tooLarge(`${declared} bytes announced`);
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < o.maxBytes) chunks.push(chunk);
          size += chunk.length;
          if (o.overLimit === 'refuse' && size > o.maxBytes) tooLarge(`more than ${o.maxBytes} bytes`);
        });
        response.on('end', () => {
          if (!failure)
            resolve({
              status: response.statusCode ?? 0,
              contentType: String(response.headers['content-type'] ?? ''),
              bytes: Buffer.concat(chunks).subarray(0, o.maxBytes),
            });
        });
        response.on('error', fail);
      },
    );
    request.on('timeout', () => fail(new Error(`no answer within ${o.timeoutMs} ms`)));
    request.on('error', fail);
    request.end(o.body);
  });
}

/** POSTs JSON (a webhook, an SMS gateway) and returns the status and the first 64 KB of the answer. */
export async function postJson(
  raw: string,
  body: unknown,
  { allowHosts, timeoutMs }: { allowHosts: readonly string[]; timeoutMs: number },
): Promise<{ status: number; text: string }> {
  const answer = await exchange(raw, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: Buffer.from(JSON.stringify(body)),
    allowHosts,
    timeoutMs,
    maxBytes: MAX_ANSWER_BYTES,
    overLimit: 'cut',
  });
  return { status: answer.status, text: answer.bytes.toString('utf8') };
}

/**
 * GETs a document (a CAP feed an administrator configured): a longer answer than `maxBytes` is aborted with
 * `EgressTooLarge` rather than kept in memory.
 */
export function getText(
  raw: string,
  { allowHosts, timeoutMs, maxBytes, accept }: { allowHosts: readonly string[]; timeoutMs: number; maxBytes: number; accept: string },
): Promise<{ status: number; contentType: string; bytes: Buffer }> {
  return exchange(raw, { method: 'GET', headers: { accept }, allowHosts, timeoutMs, maxBytes, overLimit: 'refuse' });
}
