import { and, eq, sql } from 'drizzle-orm';
import { likePrefix } from '../../platform/actor.js';
import type { Tx } from '../../platform/db.js';
import { orgs, users } from '../identity/identity.tables.js';

/** Active users holding an action through a role whose reach covers the given org. */
async function holders(tx: Tx, org: { id: string; path: string }, action: string): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .where(
      and(
        eq(users.status, 'active'),
        sql`exists (select 1 from user_roles ur join roles r on r.code = ur.role_code
          where ur.user_id = ${users.id} and ${action} = any(r.actions)
            and (r.scope = 'all'
              or (r.scope in ('subtree', 'district') and ${org.path} like ${orgs.path} || '%')
              or (r.scope = 'own' and ${orgs.id} = ${org.id})))`,
      ),
    );
  return rows.map((r) => r.id);
}

/** The people of a unit who report for it (and of the offices above it that report for their units). */
export const unitUsers = (tx: Tx, org: { id: string; path: string }) => holders(tx, org, 'campaign.report');

/** The people who run the campaign for a district (安委办), not the system administrators. */
export async function managerUsers(tx: Tx, district: { id: string; path: string }): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .where(
      and(
        eq(users.status, 'active'),
        sql`${orgs.path} like ${likePrefix(district.path)}`,
        sql`exists (select 1 from user_roles ur join roles r on r.code = ur.role_code where ur.user_id = ${users.id} and 'campaign.manage' = any(r.actions) and r.scope <> 'all')`,
      ),
    );
  return rows.map((r) => r.id);
}
