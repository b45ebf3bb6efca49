import type { api } from '@citysafe/domain';
import { HazardDeadline } from './HazardDeadline';

/**
 * A row's binding deadline with its countdown, as the server stands it (`deadlineStanding`: the 挂牌督办 deadline
 * once listed, due soon by the settings' `dueSoonDays`), so the list agrees with the reminders. A closed hazard's
 * status says so already: its deadline is shown without a second 已闭环.
 */
export function HazardDeadlineTag({ item }: { item: Pick<api.hazard.Hazard, 'deadlineStanding'> }) {
  const standing = item.deadlineStanding;
  return <HazardDeadline standing={standing.state === 'closed' ? { ...standing, state: 'none' } : standing} />;
}
