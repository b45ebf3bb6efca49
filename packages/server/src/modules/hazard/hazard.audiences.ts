import type { hazard as rules } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { holdersOf } from '../../platform/actor.js';
import { rows, type Tx } from '../../platform/db.js';

/** The fields of a hazard that say who answers for it and who oversees it. */
export interface HazardParties {
  responsibleOrgId: string;
  departmentId: string | null;
  supervisingOrgId: string | null;
  streetId: string | null;
}

const unique = (ids: string[][]): string[] => [...new Set(ids.flat())];

/** Of `ids`, those whose own org is `orgId`. */
async function homeIn(tx: Tx, ids: string[], orgId: string): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = await rows<{ id: string }>(
    tx,
    sql`select id from users where org_id = ${orgId} and id in (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )}) order by id`,
  );
  return found.map((r) => r.id);
}

/**
 * The people of one rung of the escalation ladder (domain `hazard.escalationAudiences`):
 * - `responsiblePerson`: the responsible unit's own people who rectify (its accounts holding hazard.rectify;
 *   the 责任人 named on a hazard is a name and phone, not an account);
 * - `unit`: everyone who rectifies for the unit: its people and the offices above it in the org tree that
 *   answer for it (a street for a shop in it, a group for its enterprise) — district-wide holders excepted;
 * - `department`: the supervising side below the district: the 挂牌督办 body's and the sector department's
 *   people holding hazard.supervise, or, for a hazard no department supervises, the street's verifiers;
 * - `safetyOffice`: 安委办, the district-wide holders of hazard.supervise (installation administrators are not
 *   the office that answers, as in the campaign module).
 */
export async function audienceOf(tx: Tx, h: HazardParties, audience: rules.EscalationAudience): Promise<string[]> {
  switch (audience) {
    case 'responsiblePerson':
      return homeIn(tx, await holdersOf(tx, 'hazard.rectify', h.responsibleOrgId, { scopes: ['own', 'subtree'] }), h.responsibleOrgId);
    case 'unit':
      return holdersOf(tx, 'hazard.rectify', h.responsibleOrgId, { scopes: ['own', 'subtree'] });
    case 'department': {
      const overseers = [h.supervisingOrgId, h.departmentId].filter((id): id is string => id !== null);
      if (overseers.length > 0) {
        const found: string[][] = [];
        for (const id of overseers) found.push(await holdersOf(tx, 'hazard.supervise', id, { scopes: ['own', 'subtree'] }));
        return unique(found);
      }
      return h.streetId ? holdersOf(tx, 'hazard.verify', h.streetId, { scopes: ['own', 'subtree'] }) : [];
    }
    case 'safetyOffice':
      return holdersOf(tx, 'hazard.supervise', h.responsibleOrgId, { scopes: ['district'] });
  }
}

/** Several rungs at once, each person once (one statement at a time: a transaction has one connection). */
export async function audiencesOf(tx: Tx, h: HazardParties, audiences: readonly rules.EscalationAudience[]): Promise<string[]> {
  const found: string[][] = [];
  for (const a of audiences) found.push(await audienceOf(tx, h, a));
  return unique(found);
}
