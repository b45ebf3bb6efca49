import { describe, expect, it } from 'vitest';
import {
  open311DateTime,
  open311Request,
  open311StatusOf,
  open311Window,
  open311Xml,
  parseOpen311DateTime,
  parseOpen311Statuses,
  redactContacts,
} from './open311.js';
import { reportStatuses } from './workflow.js';

describe('Open311 statuses', () => {
  it('are closed exactly in the workflow’s terminal states (refused, closed), open in every other', () => {
    expect(reportStatuses.filter((s) => open311StatusOf(s) === 'closed').sort()).toEqual(['closed', 'refused']);
    expect(reportStatuses.filter((s) => open311StatusOf(s) === 'open').sort()).toEqual([
      'accepted',
      'assigned',
      'handled',
      'received',
      'verified',
    ]);
  });

  it('are read from a comma list of open/closed only', () => {
    expect(parseOpen311Statuses('open, closed')).toEqual(['open', 'closed']);
    expect(parseOpen311Statuses('open,pending')).toBeNull();
  });
});

describe('Open311 datetimes', () => {
  it('are written in +08:00 with whole seconds, also across midnight UTC', () => {
    expect(open311DateTime(new Date('2026-03-01T17:30:05.789Z'))).toBe('2026-03-02T01:30:05+08:00');
    expect(open311DateTime(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01T00:00:00+08:00');
  });

  it('are read with their zone, or as a bare date in Asia/Shanghai; a datetime without zone is refused', () => {
    expect(parseOpen311DateTime('2010-01-01T00:00:00Z')?.toISOString()).toBe('2010-01-01T00:00:00.000Z');
    expect(parseOpen311DateTime('1994-11-05T08:15:30-05:00')?.toISOString()).toBe('1994-11-05T13:15:30.000Z');
    expect(parseOpen311DateTime('2026-03-02')?.toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(parseOpen311DateTime('2026-03-02T10:00:00')).toBeNull();
    expect(parseOpen311DateTime('2026-13-40T10:00:00Z')).toBeNull();
    expect(parseOpen311DateTime('yesterday')).toBeNull();
  });
});

describe('the GET /requests window (at most 90 days)', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const day = 86_400_000;
  it('is the last 90 days by default, 90 days from a start or up to an end', () => {
    expect(open311Window(null, null, now)).toEqual({ from: new Date(now.getTime() - 90 * day), to: now });
    const start = new Date('2026-01-01T00:00:00Z');
    expect(open311Window(start, null, now)).toEqual({ from: start, to: new Date(start.getTime() + 90 * day) });
    expect(open311Window(new Date('2026-05-01T00:00:00Z'), null, now)).toEqual({ from: new Date('2026-05-01T00:00:00Z'), to: now });
    const end = new Date('2026-02-01T00:00:00Z');
    expect(open311Window(null, end, now)).toEqual({ from: new Date(end.getTime() - 90 * day), to: end });
  });

  it('refuses a span of more than 90 days, and a start after the end', () => {
    const start = new Date('2026-01-01T00:00:00Z');
    expect(open311Window(start, new Date(start.getTime() + 90 * day), now)).not.toHaveProperty('error');
    expect(open311Window(start, new Date(start.getTime() + 90 * day + 1000), now)).toHaveProperty('error');
    expect(open311Window(start, new Date(start.getTime() - 1000), now)).toHaveProperty('error');
  });
});

describe('contact details in a published description', () => {
  it('are replaced: mobile and landline numbers, ID numbers, e-mail addresses', () => {
    expect(redactContacts('联系 13912345678 或 +86 139-1234-5678，座机 029-86661234，身份证 61010219900101123X，邮箱 a.b@x.cn')).toBe(
      '联系 *** 或 ***，座机 ***，身份证 ***，邮箱 ***',
    );
    // Quantities and dates stay.
    expect(redactContacts('堆放了 200 桶油漆，2026-03-01 起')).toBe('堆放了 200 桶油漆，2026-03-01 起');
  });
});

describe('a report as an Open311 request', () => {
  const facts = {
    code: 'JB-2026-000007',
    status: 'assigned' as const,
    category: 'fire_exit',
    categoryName: '消防通道堵塞 / Blocked fire exit or lane',
    description: '后门堵塞，联系 13912345678',
    address: '新兴路 18 号',
    placeName: '新兴商场',
    lng: 109.08,
    lat: 34.39,
    assignedOrgName: '新筑街道办事处',
    outcome: null,
    transferredTo: null,
    duplicate: false,
    receivedAt: new Date('2026-03-01T02:00:00Z'),
    updatedAt: new Date('2026-03-02T02:00:00Z'),
    closedAt: null,
    acceptDueAt: new Date('2026-03-04T02:00:00Z'),
    dueAt: new Date('2026-04-30T02:00:00Z'),
    extendedUntil: null,
  };

  it('expects it by the limit in force (the extension over the 60 days over the acceptance limit); none once closed', () => {
    expect(open311Request(facts)).toMatchObject({
      service_request_id: 'JB-2026-000007',
      status: 'open',
      status_notes: '已交办 / Assigned',
      agency_responsible: '新筑街道办事处',
      description: '后门堵塞，联系 ***',
      address: '新兴路 18 号 新兴商场',
      requested_datetime: '2026-03-01T10:00:00+08:00',
      expected_datetime: '2026-04-30T10:00:00+08:00',
    });
    expect(open311Request({ ...facts, extendedUntil: new Date('2026-05-30T02:00:00Z') }).expected_datetime).toBe(
      '2026-05-30T10:00:00+08:00',
    );
    expect(open311Request({ ...facts, status: 'received', dueAt: null }).expected_datetime).toBe('2026-03-04T10:00:00+08:00');
    const closed = open311Request({
      ...facts,
      status: 'closed',
      outcome: 'transferred',
      transferredTo: '区市场监管局',
      closedAt: new Date('2026-03-20T02:00:00Z'),
    });
    expect(closed).toMatchObject({
      status: 'closed',
      status_notes: '已办结 / Closed: 已转办 / Transferred → 区市场监管局',
      updated_datetime: '2026-03-20T10:00:00+08:00',
      expected_datetime: null,
    });
    expect(open311Request({ ...facts, status: 'refused', duplicate: true }).status_notes).toMatch(/^重复举报.*Duplicate request/);
  });
});

describe('Open311 XML', () => {
  it('names list items as the spec does, escapes text, drops characters XML cannot carry', () => {
    expect(open311Xml('errors', [{ code: 400, description: 'a < b & c > d\u0001' }])).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<errors>\n  <error>\n    <code>400</code>\n    <description>a &lt; b &amp; c &gt; d</description>\n  </error>\n</errors>\n',
    );
    expect(open311Xml('service_requests', [{ account_id: null, metadata: true }])).toContain(
      '<account_id></account_id>\n    <metadata>true</metadata>',
    );
    expect(() => open311Xml('things', [1])).toThrow(/no XML item element/);
  });
});
