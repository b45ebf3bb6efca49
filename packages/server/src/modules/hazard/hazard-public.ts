import { type api, type EndpointOutput, hazard as rules, type RequestPart, shanghaiDateOf } from '@citysafe/domain';
import { and, eq, gte, inArray, isNotNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { now, type Tx } from '../../platform/db.js';
import { listPage } from '../../platform/list.js';
import { orgs } from '../identity/index.js';
import { hazards } from './hazard.tables.js';

type Query = RequestPart<typeof api.hazardPublic.listListed, 'query'>;
type Page = EndpointOutput<typeof api.hazardPublic.listListed>;

const unit = alias(orgs, 'unit');
const street = alias(orgs, 'street');
const DAY_MS = 86_400_000;

/**
 * The selection names every column the public may read and nothing else: the responsible person, their
 * phone, the reporter and the responsible leader are never read, so no later change to the presenter or
 * the response schema can let them out.
 */
const publicSelection = {
  code: hazards.code,
  title: hazards.title,
  category: hazards.category,
  responsibleOrgName: unit.name,
  placeName: hazards.placeName,
  streetName: street.name,
  supervisingBody: hazards.supervisingBody,
  listedAt: hazards.listedAt,
  deadline: hazards.supervisionDeadline,
  status: hazards.status,
  closedAt: hazards.closedAt,
};

/**
 * GET /api/public/hazards/listed: the major hazards whose listing chose public notice, while under
 * supervision and for `closedDays` after their 销号 (`hazard.publicNoticeClosedDays` unless given), newest
 * listing first.
 */
export async function listPublicHazards(db: Tx, q: Query, closedDays: number = rules.publicNoticeClosedDays): Promise<Page> {
  const closedSince = new Date(now(db).getTime() - closedDays * DAY_MS);
  const open = rules.publicNoticeStatuses.filter((s) => s !== 'closed');
  const found = await listPage(
    db,
    db
      .select(publicSelection)
      .from(hazards)
      .innerJoin(unit, eq(unit.id, hazards.responsibleOrgId))
      .leftJoin(street, eq(street.id, hazards.streetId))
      .$dynamic(),
    {
      where: [
        eq(hazards.publicNotice, true),
        eq(hazards.level, '重大'),
        isNotNull(hazards.listedAt),
        or(inArray(hazards.status, open), and(eq(hazards.status, 'closed'), gte(hazards.closedAt, closedSince))),
        q.streetId ? eq(hazards.streetId, q.streetId) : undefined,
      ],
      search: [hazards.title, hazards.code, hazards.placeName, unit.name],
      sortable: { listedOn: hazards.listedAt, deadline: hazards.supervisionDeadline, code: hazards.code },
      // Those still under supervision first, the newest listing on top; the recently closed after them.
      defaultOrder: [sql`(${hazards.status} = 'closed')`, sql`${hazards.listedAt} desc`],
      tieBreaker: hazards.code,
    },
    q,
  );
  return {
    ...found,
    items: found.rows.map((r) => {
      const status = r.status as rules.PublicNoticeStatus;
      return {
        code: r.code,
        title: r.title,
        category: r.category,
        responsibleOrgName: r.responsibleOrgName,
        placeName: r.placeName,
        streetName: r.streetName,
        supervisingBody: r.supervisingBody,
        listedOn: r.listedAt ? shanghaiDateOf(r.listedAt) : null,
        deadline: r.deadline,
        status,
        statusLabel: rules.publicNoticeStatusLabels[status],
        closedOn: r.closedAt ? shanghaiDateOf(r.closedAt) : null,
      };
    }),
  };
}
