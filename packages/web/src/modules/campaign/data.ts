import { type EndpointOutput, api, campaign as plan } from '@citysafe/domain';
import { useQuery } from '@tanstack/react-query';
import { call } from '../../shared/api';
import { fetchAllPages } from '../../shared/exportXlsx';
import { apiKey } from '../../shared/query';
import type { DeadlineState, TaskStatus } from './labels';

export type Campaign = api.campaign.Campaign;
export type CampaignTask = api.campaign.CampaignTask;
export type TaskDetail = EndpointOutput<typeof api.campaign.getTask>;
export type Assignment = TaskDetail['assignments'][number];
/** What an action answers: the whole task (extensions), or only what changed (an action on a part). */
export type TaskChange = TaskDetail | api.campaign.AssignmentChange;
export type Schedule = EndpointOutput<typeof api.campaign.getSchedule>;

/** Every cached campaign read starts with this, so one invalidation refreshes them all. */
export const campaignPathPrefix = '/api/campaign';

/**
 * Every task of a campaign the caller may see (a campaign has about a hundred, so one or two
 * pages), for the overview's charts and rankings.
 */
export function useAllTasks(campaignId: string) {
  return useQuery({
    queryKey: apiKey(api.campaign.listTasks, { params: { id: campaignId }, query: { all: true } }),
    queryFn: () =>
      fetchAllPages((page, pageSize) => call(api.campaign.listTasks, { params: { id: campaignId }, query: { page, pageSize } })),
  });
}

export const taskStatusOrder: TaskStatus[] = ['accepted', 'submitted', 'in_progress', 'not_started'];

const noCounts = (): plan.StatusCounts => ({ accepted: 0, submitted: 0, in_progress: 0, not_started: 0 });

export interface SectionStat {
  no: number;
  title: string;
  total: number;
  counts: plan.StatusCounts;
}

/** Tasks per section (板块) by status, in the plan's order, leaving out sections with no task in view. */
export function sectionStats(tasks: CampaignTask[]): SectionStat[] {
  return plan.campaignSections
    .map((s) => {
      const mine = tasks.filter((t) => t.section === s.no);
      const counts = noCounts();
      for (const t of mine) counts[t.status]++;
      return { no: s.no, title: s.title, total: mine.length, counts };
    })
    .filter((s) => s.total > 0);
}

/** A phase of 附件1 §三 with its period as days, as the API gives it. */
export type PhaseSpan = Schedule['phases'][number];

/** Where a phase stands today. */
export function phaseState(
  span: { start: string | null; end: string | null },
  today: string,
): 'done' | 'current' | 'upcoming' | 'unscheduled' {
  if (!span.start || !span.end) return 'unscheduled';
  if (today > span.end) return 'done';
  if (today >= span.start) return 'current';
  return 'upcoming';
}

export const isOverdue = (t: { deadlineState: DeadlineState }): boolean => t.deadlineState === 'overdue';

/** Today in Asia/Shanghai, where the plan's dates are civil dates. */
export const shanghaiToday = (): string => plan.shanghaiDateOf(new Date());
