import { AppError, bi, monitoring } from '@citysafe/domain';

/**
 * CAP 1.2 (OASIS) written and read here. The writer escapes every text it places (`xmlText`), so a warning's
 * headline can hold "<", "&" or "]]>" and stay text. The reader is a small XML reader of elements and text only:
 * a DOCTYPE is refused (no entity can be declared, so none can expand or fetch), and a document over 1 MB or 64
 * levels deep is refused before its content is used.
 */

/** XML 1.0 `Char`: what may appear at all; anything else is dropped from text we write. */
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text as XML character data or an attribute value: the five markup characters as entities. */
export const xmlText = (value: string): string =>
  value
    .replace(NOT_XML_CHAR, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

const element = (name: string, value: string | null | undefined, indent: string): string =>
  value === null || value === undefined || value === '' ? '' : `${indent}<${name}>${xmlText(value)}</${name}>\n`;

/** One CAP message as we send it. */
export interface CapMessage {
  identifier: string;
  sender: string;
  sent: Date;
  msgType: monitoring.CapMsgType;
  references: string | null;
  note: string | null;
  info: {
    category: monitoring.CapCategory;
    event: string;
    urgency: monitoring.CapUrgency;
    severity: monitoring.CapSeverity;
    certainty: monitoring.CapCertainty;
    audience: string;
    onset: Date | null;
    expires: Date;
    senderName: string;
    headline: string;
    description: string;
    instruction: string;
    web: string | null;
    areaDesc: string;
    polygons: string[];
  };
}

/**
 * A CAP 1.2 alert document (CAP 1.2 §3.2: alert → info → area), in the order the schema gives, Chinese text
 * (`language` zh-CN), times in Beijing time (+08:00, GB/T 35965.1-2018).
 */
export function writeCap(m: CapMessage): string {
  const i = m.info;
  const area =
    `    <area>\n${element('areaDesc', i.areaDesc || '—', '      ')}` +
    i.polygons.map((p) => element('polygon', p, '      ')).join('') +
    '    </area>\n';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<alert xmlns="${monitoring.capNamespace}">\n` +
    element('identifier', m.identifier, '  ') +
    element('sender', m.sender, '  ') +
    element('sent', monitoring.capTime(m.sent), '  ') +
    element('status', 'Actual', '  ') +
    element('msgType', m.msgType, '  ') +
    element('scope', 'Public', '  ') +
    element('note', m.note, '  ') +
    element('references', m.references, '  ') +
    '  <info>\n' +
    element('language', 'zh-CN', '    ') +
    element('category', i.category, '    ') +
    element('event', i.event, '    ') +
    element('urgency', i.urgency, '    ') +
    element('severity', i.severity, '    ') +
    element('certainty', i.certainty, '    ') +
    element('audience', i.audience, '    ') +
    element('onset', i.onset ? monitoring.capTime(i.onset) : null, '    ') +
    element('expires', monitoring.capTime(i.expires), '    ') +
    element('senderName', i.senderName, '    ') +
    element('headline', i.headline, '    ') +
    element('description', i.description, '    ') +
    element('instruction', i.instruction, '    ') +
    element('web', i.web, '    ') +
    area +
    '  </info>\n' +
    '</alert>\n'
  );
}

/** An element of a document read by `readXml`: its local name (prefix dropped), children and text. */
export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

const MAX_BYTES = 1024 * 1024;
const MAX_DEPTH = 64;

const notCap = (en: string, zh: string) =>
  new AppError('VALIDATION', undefined, {
    fields: [{ field: 'file', message: bi(`不是有效的 CAP 1.2 文档：${zh}`, `Not a valid CAP 1.2 document: ${en}`) }],
  });

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    const known = ENTITIES[ref];
    if (known === undefined) throw notCap(`unknown entity ${whole}`, `未知实体 ${whole}`);
    return known;
  });
}

/** Reads elements and their text; attributes are skipped (CAP carries everything in elements). */
export function readXml(source: string): XmlElement {
  if (source.length > MAX_BYTES) throw notCap('larger than 1 MB', '超过 1 MB');
  let at = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const text = source.replace(/^\uFEFF/, '');
  while (at < text.length) {
    const lt = text.indexOf('<', at);
    const chunk = lt === -1 ? text.slice(at) : text.slice(at, lt);
    if (stack.length > 0) stack.at(-1)!.text += decodeEntities(chunk);
    else if (chunk.trim()) throw notCap('text outside the root element', '根元素外有文本');
    if (lt === -1) break;
    if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt);
      if (end === -1) throw notCap('unterminated declaration', '声明未结束');
      at = end + 2;
    } else if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt);
      if (end === -1) throw notCap('unterminated comment', '注释未结束');
      at = end + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt);
      if (end === -1 || stack.length === 0) throw notCap('misplaced CDATA', 'CDATA 位置错误');
      stack.at(-1)!.text += text.slice(lt + 9, end);
      at = end + 3;
    } else if (text.startsWith('<!', lt)) {
      throw notCap('DOCTYPE and entity declarations are not accepted', '不接受 DOCTYPE 和实体声明');
    } else if (text.startsWith('</', lt)) {
      const end = text.indexOf('>', lt);
      const name = text
        .slice(lt + 2, end)
        .trim()
        .replace(/^.*:/, '');
      const open = stack.pop();
      if (end === -1 || !open || open.name !== name) throw notCap(`unexpected </${name}>`, `结束标签 </${name}> 不匹配`);
      at = end + 1;
    } else {
      const end = text.indexOf('>', lt);
      if (end === -1) throw notCap('unterminated tag', '标签未结束');
      const inner = text.slice(lt + 1, end);
      const selfClosing = inner.endsWith('/');
      const name = (/^[^\s/>]+/.exec(inner)?.[0] ?? '').replace(/^.*:/, '');
      if (!name) throw notCap('empty tag', '空标签');
      const el: XmlElement = { name, children: [], text: '' };
      if (stack.length > 0) stack.at(-1)!.children.push(el);
      else if (root) throw notCap('more than one root element', '多个根元素');
      else root = el;
      if (!selfClosing) {
        stack.push(el);
        if (stack.length > MAX_DEPTH) throw notCap('nested too deep', '嵌套过深');
      }
      at = end + 1;
    }
  }
  if (!root || stack.length > 0) throw notCap('the document ends early', '文档不完整');
  return root;
}

const child = (el: XmlElement | undefined, name: string): XmlElement | undefined => el?.children.find((c) => c.name === name);
const textOf = (el: XmlElement | undefined, name: string): string => child(el, name)?.text.trim() ?? '';

/** What an imported CAP message gives a draft. */
export interface ImportedCap {
  identifier: string;
  sender: string;
  sent: string;
  msgType: string;
  category: string;
  event: string;
  severity: string;
  headline: string;
  description: string;
  instruction: string;
  audience: string;
  areaDesc: string;
  onset: string | null;
  expires: string | null;
  /** The polygons as GeoJSON rings (longitude first). */
  rings: number[][][];
}

/**
 * Reads a CAP 1.2 alert: the alert's identity and its first info block (preferring zh-CN, then the first), with
 * the polygons of all its areas. Refuses a document whose root is not a CAP alert or that lacks the required
 * identifier, sender, sent or an info block.
 */
export function readCap(source: string): ImportedCap {
  const alert = readXml(source);
  if (alert.name !== 'alert') throw notCap(`the root element is <${alert.name}>, not <alert>`, `根元素是 <${alert.name}>，不是 <alert>`);
  const infos = alert.children.filter((c) => c.name === 'info');
  const info = infos.find((i) => textOf(i, 'language').toLowerCase().startsWith('zh')) ?? infos[0];
  const identifier = textOf(alert, 'identifier');
  const sender = textOf(alert, 'sender');
  const sent = textOf(alert, 'sent');
  if (!identifier || !sender || !sent || !info)
    throw notCap('identifier, sender, sent and info are required', '缺少 identifier、sender、sent 或 info');
  const areas = info.children.filter((c) => c.name === 'area');
  const rings: number[][][] = [];
  for (const area of areas)
    for (const polygon of area.children.filter((c) => c.name === 'polygon')) {
      const ring = monitoring.ringOfCapPolygon(polygon.text);
      if (ring) rings.push(ring);
    }
  const validTime = (value: string) => (value && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : null);
  return {
    identifier,
    sender,
    sent,
    msgType: textOf(alert, 'msgType'),
    category: textOf(info, 'category'),
    event: textOf(info, 'event'),
    severity: textOf(info, 'severity'),
    headline: textOf(info, 'headline'),
    description: textOf(info, 'description'),
    instruction: textOf(info, 'instruction'),
    audience: textOf(info, 'audience'),
    areaDesc: areas
      .map((a) => textOf(a, 'areaDesc'))
      .filter(Boolean)
      .join('；'),
    onset: validTime(textOf(info, 'onset') || textOf(info, 'effective')),
    expires: validTime(textOf(info, 'expires')),
    rings,
  };
}

/** An Atom 1.0 feed (RFC 4287) of the warnings in force, each entry linking its CAP document. */
export function writeAtom(feed: {
  id: string;
  title: string;
  self: string;
  updated: Date;
  entries: { id: string; title: string; summary: string; updated: Date; capUrl: string; pageUrl: string }[];
}): string {
  const entries = feed.entries
    .map(
      (e) =>
        '  <entry>\n' +
        element('id', e.id, '    ') +
        element('title', e.title, '    ') +
        element('updated', e.updated.toISOString(), '    ') +
        element('summary', e.summary, '    ') +
        `    <link rel="alternate" type="${monitoring.capMediaType}" href="${xmlText(e.capUrl)}"/>\n` +
        `    <link rel="related" type="text/html" href="${xmlText(e.pageUrl)}"/>\n` +
        '  </entry>\n',
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<feed xmlns="http://www.w3.org/2005/Atom">\n' +
    element('id', feed.id, '  ') +
    element('title', feed.title, '  ') +
    element('updated', feed.updated.toISOString(), '  ') +
    `  <link rel="self" type="application/atom+xml" href="${xmlText(feed.self)}"/>\n` +
    '  <author>\n' +
    element('name', feed.title, '    ') +
    '  </author>\n' +
    entries +
    '</feed>\n'
  );
}
