import { bi } from '@citysafe/domain';
import type { AuditObjectView } from '../../platform/audit.js';
import type { Db } from '../../platform/db.js';
import { installationNames } from './major-hazard.service.js';

/** How the audit log names an installation and where its page is. */
export const majorHazardAuditObjects: Record<string, AuditObjectView> = {
  majorHazardInstallation: {
    async describe(db: Db, ids) {
      const names = await installationNames(db, [...ids]);
      return new Map([...names].map(([id, name]) => [id, { name: bi(name, name), link: `/major-hazards/${id}` }]));
    },
  },
};
