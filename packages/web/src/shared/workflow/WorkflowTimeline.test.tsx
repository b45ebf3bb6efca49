// @vitest-environment jsdom
import { type api, campaign as plan } from '@citysafe/domain';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import { renderWithApp } from '../testing/render';
import { WorkflowTimeline } from './WorkflowTimeline';

afterEach(cleanup);

const entry = (
  id: string,
  action: string,
  fromState: string,
  toState: string,
  actorName: string,
  at: string,
  input = {},
): api.TimelineEntry => ({
  id,
  action,
  fromState,
  toState,
  actorId: null,
  actorName,
  at,
  input,
});

/** A part's history as the API sends it: oldest first. */
const history = [
  entry('1', 'submit', 'in_progress', 'submitted', '王建国', '2026-03-01T02:00:00.000Z', { percent: 100 }),
  entry('2', 'return', 'submitted', 'returned', '李安全', '2026-03-02T06:30:00.000Z', { reason: '缺少验收报告' }),
  entry('3', 'report', 'returned', 'in_progress', '王建国', '2026-03-05T01:00:00.000Z', { percent: 90 }),
];

describe('workflow timeline', () => {
  test('shows the newest first, each with its action, states, actor and time', () => {
    renderWithApp(<WorkflowTimeline entries={history} workflow={plan.assignmentWorkflow} testId="timeline" />);
    const rows = screen.getAllByTestId('timeline-entry').map((row) => row.textContent ?? '');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('报送进展');
    expect(rows[0]).toContain('已退回 → 推进中');
    expect(rows[1]).toContain('退回');
    expect(rows[1]).toContain('已报送 → 已退回');
    expect(rows[1]).toContain('操作人：李安全');
    expect(rows[2]).toContain('提交验收');
    // Asia/Shanghai: 02:00 UTC is 10:00 there.
    expect(rows[2]).toContain('2026/03/01 10:00:00');
  });

  test('shows the reason of an action that had one, and what else the page adds', () => {
    renderWithApp(
      <WorkflowTimeline
        entries={history}
        workflow={plan.assignmentWorkflow}
        details={(e) => typeof e.input.percent === 'number' && <span>进度 {e.input.percent}%</span>}
      />,
    );
    const [newest, returned, oldest] = screen.getAllByTestId('timeline-entry');
    expect(within(returned!).getByText('原因：缺少验收报告')).toBeTruthy();
    expect(newest!.textContent).not.toContain('原因');
    expect(within(oldest!).getByText('进度 100%')).toBeTruthy();
  });

  test('says so when nothing has happened yet', () => {
    renderWithApp(<WorkflowTimeline entries={[]} workflow={plan.assignmentWorkflow} />);
    expect(screen.getByText('暂无办理记录')).toBeTruthy();
    expect(screen.queryAllByTestId('timeline-entry')).toHaveLength(0);
  });
});
