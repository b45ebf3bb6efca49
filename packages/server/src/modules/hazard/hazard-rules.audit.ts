import { bi } from '@citysafe/domain';
import { eq, inArray } from 'drizzle-orm';
import type { AuditObjectView } from '../../platform/audit.js';
import type { Db } from '../../platform/db.js';
import { hazardStandardClauses, hazardStandards } from './hazard-rules.tables.js';

/** The web paths of the rules' pages (one library and one set of settings per installation). */
export const standardsLink = '/hazards/standards';
export const settingsLink = '/hazards/settings';

/** How the audit log names the rules: the settings, a standard by its name, a clause by its number and document. */
export const hazardRulesAuditObjects: Record<string, AuditObjectView> = {
  hazardSettings: {
    describe: async (_db: Db, ids) => new Map(ids.map((id) => [id, { name: bi('隐患规则设置', 'Hazard settings'), link: settingsLink }])),
  },
  hazardStandard: {
    async describe(db: Db, ids) {
      const found = await db
        .select({ id: hazardStandards.id, name: hazardStandards.name })
        .from(hazardStandards)
        .where(inArray(hazardStandards.id, [...ids]));
      return new Map(found.map((s) => [s.id, { name: bi(s.name, s.name), link: standardsLink }]));
    },
  },
  hazardStandardClause: {
    async describe(db: Db, ids) {
      const found = await db
        .select({ id: hazardStandardClauses.id, number: hazardStandardClauses.number, standard: hazardStandards.name })
        .from(hazardStandardClauses)
        .innerJoin(hazardStandards, eq(hazardStandards.id, hazardStandardClauses.standardId))
        .where(inArray(hazardStandardClauses.id, [...ids]));
      return new Map(found.map((c) => [c.id, { name: bi(`${c.standard} ${c.number}`, `${c.standard} ${c.number}`), link: standardsLink }]));
    },
  },
};
