import { bi } from '@citysafe/domain';
import { inArray } from 'drizzle-orm';
import type { AuditObjectView } from '../../platform/audit.js';
import type { Db } from '../../platform/db.js';
import { riskSources } from './risk.tables.js';

/** The web path of a risk source's page. */
export const sourceLink = (id: string): string => `/risk/sources/${id}`;

/** The web path of the grading rules' page (one set of rules per installation). */
export const settingsLink = '/risk/settings';

/** How the audit log names the risk module's objects: a source by its code and name, on its page. */
export const riskAuditObjects: Record<string, AuditObjectView> = {
  riskSource: {
    async describe(db: Db, ids) {
      const found = await db
        .select({ id: riskSources.id, code: riskSources.code, name: riskSources.name })
        .from(riskSources)
        .where(inArray(riskSources.id, [...ids]));
      return new Map(found.map((s) => [s.id, { name: bi(`${s.code} ${s.name}`, `${s.code} ${s.name}`), link: sourceLink(s.id) }]));
    },
  },
  riskSettings: {
    describe: async (_db: Db, ids) =>
      new Map(ids.map((id) => [id, { name: bi('风险分级规则', 'Risk grading rules'), link: settingsLink }])),
  },
};
