import { seedOrgs } from '../identity/orgs.js';
import { campaignTemplate } from './template.data.js';
import { type CampaignTemplate, responsibleGroups } from './types.js';

/** A unit the plan names, as the plan names it: what a new campaign's `orgMapping` maps to today's org tree. */
export interface PlanUnit {
  code: string;
  name: string;
}

/**
 * Every unit a campaign made from the plan gives a part to: each task's responsible units, the units they are reached
 * through (对接联系), and the members a group lists by code (各街办) — the codes campaign creation looks up in the org
 * tree, in the plan's order. A code missing from today's tree must be mapped, or creation is refused (422 orgMapping).
 */
export function planUnits(template: CampaignTemplate = campaignTemplate): PlanUnit[] {
  const codes = new Set<string>();
  for (const task of template.tasks) {
    for (const r of task.responsible) {
      if ('orgCode' in r) {
        codes.add(r.orgCode);
        if (r.via) codes.add(r.via);
      } else {
        const group = responsibleGroups[r.group];
        if ('orgCodes' in group) for (const code of group.orgCodes) codes.add(code);
      }
    }
  }
  const names = new Map(seedOrgs.map((o) => [o.code, o.name]));
  return [...codes].map((code) => ({ code, name: names.get(code) ?? code }));
}
