import { bi } from '@citysafe/domain';
import { inArray } from 'drizzle-orm';
import type { AuditObjectView } from '../../platform/audit.js';
import type { Db } from '../../platform/db.js';
import { orgs, users } from './identity.tables.js';

/** How the audit log names people and orgs, and the pages that show them. */
export const identityAuditObjects: Record<string, AuditObjectView> = {
  user: {
    async describe(db: Db, ids) {
      const found = await db
        .select({ id: users.id, username: users.username, displayName: users.displayName })
        .from(users)
        .where(inArray(users.id, [...ids]));
      return new Map(
        found.map((u) => [
          u.id,
          {
            name: bi(`${u.displayName}（${u.username}）`, `${u.displayName} (${u.username})`),
            link: `/users?q=${encodeURIComponent(u.username)}`,
          },
        ]),
      );
    },
  },
  org: {
    async describe(db: Db, ids) {
      const found = await db
        .select({ id: orgs.id, name: orgs.name })
        .from(orgs)
        .where(inArray(orgs.id, [...ids]));
      return new Map(found.map((o) => [o.id, { name: bi(o.name, o.name), link: `/orgs?id=${o.id}` }]));
    },
  },
};
