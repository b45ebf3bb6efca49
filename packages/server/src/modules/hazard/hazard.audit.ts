import { bi } from '@citysafe/domain';
import { inArray } from 'drizzle-orm';
import type { AuditObjectView } from '../../platform/audit.js';
import type { Db } from '../../platform/db.js';
import { hazards } from './hazard.tables.js';

/** The web path of a hazard's page. */
export const hazardLink = (id: string): string => `/hazards/${id}`;

/** How the audit log names a hazard: by its code and title, on its page. */
export const hazardAuditObjects: Record<string, AuditObjectView> = {
  hazard: {
    async describe(db: Db, ids) {
      const found = await db
        .select({ id: hazards.id, code: hazards.code, title: hazards.title })
        .from(hazards)
        .where(inArray(hazards.id, [...ids]));
      return new Map(found.map((h) => [h.id, { name: bi(`${h.code} ${h.title}`, `${h.code} ${h.title}`), link: hazardLink(h.id) }]));
    },
  },
};
