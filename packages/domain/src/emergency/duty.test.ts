import { describe, expect, it } from 'vitest';
import { daysOfMonth, handoverSummary, rosterProblems } from './duty.js';

const leader = { userId: 'u-leader', name: '王主任', phone: '13800000001' };

describe('duty roster rules', () => {
  it('accepts a leader and distinct staff', () => {
    expect(
      rosterProblems({
        leader,
        staff: [
          { userId: 'u-1', name: '李值班', phone: '13800000002' },
          { name: '赵值班', phone: '13800000003' },
        ],
      }),
    ).toEqual([]);
  });

  it('refuses the leader listed again as staff, by user or by name and phone', () => {
    expect(rosterProblems({ leader, staff: [{ userId: 'u-leader', name: '王主任', phone: '13800000001' }] })).toMatchObject([
      { field: 'staff.0' },
    ]);
    expect(
      rosterProblems({ leader: { name: '王主任', phone: '13800000001' }, staff: [{ name: '王主任', phone: '13800000001' }] }),
    ).toHaveLength(1);
    // Same name, another phone: two people.
    expect(rosterProblems({ leader, staff: [{ name: '王主任', phone: '13900000009' }] })).toEqual([]);
  });

  it('refuses a person listed twice, naming the second', () => {
    const li = { userId: 'u-1', name: '李值班', phone: '13800000002' };
    expect(rosterProblems({ leader, staff: [li, { name: '赵值班', phone: '1' }, li] })).toMatchObject([{ field: 'staff.2' }]);
  });

  it('lists the days of a month, leap February included', () => {
    expect(daysOfMonth('2026-03')).toHaveLength(31);
    expect(daysOfMonth('2026-04').at(-1)).toBe('2026-04-30');
    expect(daysOfMonth('2026-02')).toHaveLength(28);
    expect(daysOfMonth('2028-02').at(-1)).toBe('2028-02-29');
    expect(daysOfMonth('2026-12')[0]).toBe('2026-12-01');
  });

  it('summarises what a handover passes on', () => {
    expect(handoverSummary({ openIncidents: [], openLogEntries: [] }).zh).toBe('无未办结事项');
    const s = handoverSummary({
      openIncidents: [{ id: 'i', code: 'SG-2026-0001', title: '火情', status: 'responding' }],
      openLogEntries: [
        { id: 'a', kind: 'call', summary: '来电', at: '2026-03-02T01:00:00Z' },
        { id: 'b', kind: 'event', summary: '事件', at: '2026-03-02T02:00:00Z' },
      ],
    });
    expect(s.zh).toBe('未结事故 1 起，待处理值班记录 2 条');
    expect(s.en).toBe('1 open incident(s), 2 open log entries');
  });
});
