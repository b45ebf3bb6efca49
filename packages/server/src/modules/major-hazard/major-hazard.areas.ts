import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db.js';
import { type AreasChange, areaIdSql, extentSql } from '../map/index.js';
import { majorHazardInstallations as t } from './major-hazard.tables.js';

/**
 * After boundaries changed, the street, community and grid of every unit within the change's extent
 * are computed again, in the transaction that changed them: an area is never typed, so a redrawn
 * street takes its units with it (and its street office's view of them).
 */
export async function relocateInstallations(tx: Tx, change: AreasChange): Promise<void> {
  await tx
    .update(t)
    .set({
      streetId: areaIdSql('street', t.location),
      communityId: areaIdSql('community', t.location),
      gridId: areaIdSql('grid', t.location),
    })
    .where(sql`ST_Intersects(${t.location}, ${extentSql(change)})`);
}
