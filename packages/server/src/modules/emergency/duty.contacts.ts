import type { api } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { type Actor, likePrefix, scopeCondition } from '../../platform/actor.js';
import { type Db, rows } from '../../platform/db.js';
import { containsPattern } from '../../platform/list.js';
import { dutyToday } from './duty.service.js';

/** Org kinds every emergency reader may call within their district: the bodies an emergency is reported to. */
const publicBodies = ['district', 'government', 'committee', 'committee_office', 'department', 'agency', 'street'];

/** At most this many people: a directory for calling, not an export of the user table. */
const MAX_PEOPLE = 500;

/**
 * 通讯录: people by org and role, with their phones for click-to-call (those without one are listed by name). Reach: the orgs of the caller's emergency.read
 * scope (a street its communities, grids and enterprises; an enterprise itself), and the district's government
 * bodies — departments, committee offices, agencies and streets — which anyone may need to call in an emergency.
 * Only name, phone and role names leave the server; disabled accounts are left out.
 */
export async function contacts(db: Db, actor: Actor, q: { q?: string | undefined; orgId?: string | undefined }) {
  const bodies = actor.districtPath
    ? sql`(o.type in (${sql.join(
        publicBodies.map((t) => sql`${t}`),
        sql`, `,
      )}) and o.path like ${likePrefix(actor.districtPath)})`
    : sql`false`;
  const search = q.q
    ? sql`and (o.name ilike ${containsPattern(q.q)} or u.display_name ilike ${containsPattern(q.q)} or u.phone like ${containsPattern(q.q)})`
    : sql``;
  const under = q.orgId ? sql`and starts_with(o.path, (select path from orgs where id = ${q.orgId}))` : sql``;
  const found = await rows<{
    org_id: string;
    org_name: string;
    org_type: string;
    parent_id: string | null;
    user_id: string;
    name: string;
    phone: string | null;
    roles: { code: string; name: string }[] | null;
    on_duty: boolean;
  }>(
    db,
    sql`select o.id as org_id, o.name as org_name, o.type as org_type, o.parent_id, u.id as user_id, u.display_name as name, u.phone,
        (select json_agg(json_build_object('code', r.code, 'name', ${actor.locale === 'en-US' ? sql`r.name_en` : sql`r.name_zh`}) order by r.code)
          from user_roles ur join roles r on r.code = ur.role_code where ur.user_id = u.id) as roles,
        exists (select 1 from duty_rosters d where d.duty_date = ${dutyToday(db)}
          and (d.leader_user_id = u.id or d.staff @> json_build_array(json_build_object('userId', u.id))::jsonb)) as on_duty
      from users u join orgs o on o.id = u.org_id
      where u.status <> 'disabled'
        and (${scopeCondition(actor, 'emergency.read', sql`o.id`)} or ${bodies}) ${under} ${search}
      order by o.path, o.sort_order, u.display_name
      limit ${MAX_PEOPLE}`,
  );
  const orgs = new Map<string, api.emergencyDuty.ContactOrg>();
  for (const r of found) {
    let org = orgs.get(r.org_id);
    if (!org) {
      org = { id: r.org_id, name: r.org_name, type: r.org_type, parentId: r.parent_id, people: [] };
      orgs.set(r.org_id, org);
    }
    org.people.push({ userId: r.user_id, name: r.name, phone: r.phone, roles: r.roles ?? [], onDutyToday: r.on_duty });
  }
  return { orgs: [...orgs.values()] };
}
