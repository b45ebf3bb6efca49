import { type Action, api } from '@citysafe/domain';
import type { QueryClient } from '@tanstack/react-query';
import { apiQuery } from '../../shared/query';

/** The campaign under way now: the newest active one (CampaignWidgets). */
export const currentCampaignQuery = { query: { status: 'active', sort: '-issuedOn', pageSize: 1 } } as const;

/**
 * The 工作台's first requests, asked for as soon as the session is known (ModuleRoute.prefetch),
 * with the keys its panels read. Kept out of the page's chunk so that they need not wait for it.
 */
export function prefetchDashboard(client: QueryClient, can: (action: Action) => boolean): Promise<unknown> {
  return Promise.all([
    client.prefetchQuery(apiQuery(api.inbox.getInbox)),
    (can('campaign.manage') || can('campaign.report')) && client.prefetchQuery(apiQuery(api.campaign.listCampaigns, currentCampaignQuery)),
    can('platform.health') && client.prefetchQuery(apiQuery(api.platformHealth)),
  ]);
}
