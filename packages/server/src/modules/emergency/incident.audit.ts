import { bi } from '@citysafe/domain';
import { inArray } from 'drizzle-orm';
import type { AuditObjectView } from '../../platform/audit.js';
import type { Db } from '../../platform/db.js';
import { incidents } from './incident.tables.js';

/** The web path of an incident's page. */
export const incidentLink = (id: string): string => `/emergency/incidents/${id}`;

/** How the audit log names an incident: by its code and title, on its page. */
export const incidentAuditObjects: Record<string, AuditObjectView> = {
  incident: {
    async describe(db: Db, ids) {
      const found = await db
        .select({ id: incidents.id, code: incidents.code, title: incidents.title })
        .from(incidents)
        .where(inArray(incidents.id, [...ids]));
      return new Map(found.map((i) => [i.id, { name: bi(`${i.code} ${i.title}`, `${i.code} ${i.title}`), link: incidentLink(i.id) }]));
    },
  },
};
