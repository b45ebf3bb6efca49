import { bi } from '@citysafe/domain';
import { eq, inArray } from 'drizzle-orm';
import type { AuditObjectRef, AuditObjectView } from '../../platform/audit.js';
import type { Db } from '../../platform/db.js';
import { orgs } from '../identity/index.js';
import {
  campaignAssignments,
  campaignExtensions,
  campaignSupervisions,
  campaignTasks,
  campaigns,
  scoringFindings,
  scoringItems,
} from './campaign.tables.js';

/** A unit's part as people say it: "第42项任务 新筑街办", found on the task's page. */
const partRef = (seq: number, unit: string, taskId: string): AuditObjectRef => ({
  name: bi(`第${seq}项任务 ${unit}`, `No. ${seq}, ${unit}`),
  link: `/campaign/tasks/${taskId}`,
});

const unitName = (o: { shortName: string | null; name: string }) => o.shortName || o.name;

async function assignmentRefs(db: Db, ids: readonly string[]) {
  const found = await db
    .select({ id: campaignAssignments.id, seq: campaignTasks.seq, taskId: campaignTasks.id, shortName: orgs.shortName, name: orgs.name })
    .from(campaignAssignments)
    .innerJoin(campaignTasks, eq(campaignTasks.id, campaignAssignments.taskId))
    .innerJoin(orgs, eq(orgs.id, campaignAssignments.orgId))
    .where(inArray(campaignAssignments.id, [...ids]));
  return new Map(found.map((r) => [r.id, partRef(r.seq, unitName(r), r.taskId)]));
}

/** How the audit log names the campaign's objects and where each lives in the web app. */
export const campaignAuditObjects: Record<string, AuditObjectView> = {
  campaign: {
    async describe(db: Db, ids) {
      const found = await db
        .select({ id: campaigns.id, title: campaigns.title })
        .from(campaigns)
        .where(inArray(campaigns.id, [...ids]));
      return new Map(found.map((c) => [c.id, { name: bi(c.title, c.title), link: `/campaign/${c.id}` }]));
    },
  },
  campaignAssignment: { describe: assignmentRefs },
  campaignExtension: {
    async describe(db: Db, ids) {
      const found = await db
        .select({ id: campaignExtensions.id, assignmentId: campaignExtensions.assignmentId })
        .from(campaignExtensions)
        .where(inArray(campaignExtensions.id, [...ids]));
      const parts = await assignmentRefs(
        db,
        found.map((e) => e.assignmentId),
      );
      return new Map(found.flatMap((e) => (parts.has(e.assignmentId) ? [[e.id, parts.get(e.assignmentId)!] as const] : [])));
    },
  },
  campaignSupervision: {
    async describe(db: Db, ids) {
      const found = await db
        .select({
          id: campaignSupervisions.id,
          year: campaignSupervisions.year,
          number: campaignSupervisions.number,
          seq: campaignTasks.seq,
        })
        .from(campaignSupervisions)
        .innerJoin(campaignTasks, eq(campaignTasks.id, campaignSupervisions.taskId))
        .where(inArray(campaignSupervisions.id, [...ids]));
      return new Map(
        found.map((s) => [
          s.id,
          {
            name: bi(`督〔${s.year}〕${s.number}号（第${s.seq}项任务）`, `No. ${s.number} of ${s.year} (task ${s.seq})`),
            link: `/campaign/supervisions/${s.id}`,
          },
        ]),
      );
    },
  },
  scoringItem: {
    async describe(db: Db, ids) {
      const found = await db
        .select({ id: scoringItems.id, code: scoringItems.code, name: scoringItems.name, campaignId: scoringItems.campaignId })
        .from(scoringItems)
        .where(inArray(scoringItems.id, [...ids]));
      return new Map(
        found.map((i) => [i.id, { name: bi(`${i.code} ${i.name}`, `${i.code} ${i.name}`), link: `/campaign/${i.campaignId}/scoring` }]),
      );
    },
  },
  scoringFinding: {
    async describe(db: Db, ids) {
      const found = await db
        .select({ id: scoringFindings.id, code: scoringItems.code, campaignId: scoringFindings.campaignId })
        .from(scoringFindings)
        .innerJoin(scoringItems, eq(scoringItems.id, scoringFindings.itemId))
        .where(inArray(scoringFindings.id, [...ids]));
      return new Map(
        found.map((f) => [f.id, { name: bi(`评分项 ${f.code}`, `item ${f.code}`), link: `/campaign/${f.campaignId}/scoring` }]),
      );
    },
  },
};
