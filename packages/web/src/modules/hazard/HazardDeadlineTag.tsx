import { type api, hazard } from '@citysafe/domain';
import { dateStamp } from '../../shared/exportXlsx';
import { HazardDeadline } from './HazardDeadline';

/**
 * A row's 整改期限 with its countdown (DEADLINES' `HazardDeadline`), counted on today's Asia/Shanghai day.
 * A list row carries the deadline and the server's `overdue`, not the whole standing: the server decides
 * overdue, the days left are counted here against the default due-soon window.
 */
export function HazardDeadlineTag({ item }: { item: Pick<api.hazard.Hazard, 'deadline' | 'overdue' | 'status'> }) {
  const standing = hazard.hazardDeadlineStanding(dateStamp(), item.deadline, {
    closed: item.status === 'closed',
    dueSoonDays: hazard.defaultHazardSettings.dueSoonDays,
  });
  // Past the 整改期限 but not overdue by the server: a 挂牌督办 deadline binds instead, which a row does not carry.
  // A closed hazard's status says so already: its deadline is shown without a second 已闭环.
  const state = item.overdue ? 'overdue' : standing.state === 'overdue' || standing.state === 'closed' ? 'none' : standing.state;
  const daysOverdue = item.overdue ? Math.max(standing.daysOverdue, 1) : 0;
  return <HazardDeadline standing={{ ...standing, state, daysOverdue, deadline: item.deadline, field: 'deadline' }} />;
}
