import type { monitoring } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { pointColumn } from '../../platform/columns.js';
import { apiTokens, orgs } from '../identity/identity.tables.js';
import { riskSources } from '../risk/risk.tables.js';

/**
 * 监测设备: a gateway or sensor registered against a place, risk source or major-hazard unit. Its `code` is the
 * last segment of its MQTT topic `citysafe/telemetry/<code>`; its `metrics` are what it may report.
 */
export const monitoringDevices = pgTable(
  'monitoring_devices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    /** A code of `monitoring.deviceTypes`. */
    type: text('type').$type<monitoring.DeviceType>().notNull(),
    /** The responsible unit: the org scope column (an enterprise sees its own devices). */
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    geom: pointColumn('geom'),
    /** Computed by the map module's `locateAreas` from the point; recomputed when boundaries change. */
    streetId: uuid('street_id').references(() => orgs.id),
    communityId: uuid('community_id').references(() => orgs.id),
    gridId: uuid('grid_id').references(() => orgs.id),
    placeName: text('place_name'),
    riskSourceId: uuid('risk_source_id').references(() => riskSources.id),
    /** A major-hazard installation (major-hazard module), linked by id only. */
    majorHazardUnitId: uuid('major_hazard_unit_id'),
    metrics: jsonb('metrics').$type<monitoring.DeviceMetric[]>().notNull(),
    /** The expected reporting interval; offline after `OFFLINE_AFTER_INTERVALS` of them in silence. */
    intervalSeconds: integer('interval_seconds').notNull().default(60),
    status: text('status').$type<monitoring.DeviceStatus>().notNull().default('active'),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    /** Payloads refused by the ingest (not JSON, unknown metric, bad time …), the last one's reason. */
    malformedCount: integer('malformed_count').notNull().default(0),
    lastMalformedAt: timestamp('last_malformed_at', { withTimezone: true }),
    lastMalformedReason: text('last_malformed_reason'),
    /** The API token bound to this device (`telemetry.publish` for its own topic only). */
    tokenId: uuid('token_id').references(() => apiTokens.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('monitoring_devices_status_check', sql`${t.status} in ('active', 'disabled')`),
    check('monitoring_devices_code_check', sql`${t.code} ~ '^[A-Za-z0-9_-]{1,64}$'`),
    check('monitoring_devices_interval_check', sql`${t.intervalSeconds} > 0`),
    index('monitoring_devices_org_idx').on(t.orgId),
    index('monitoring_devices_street_idx').on(t.streetId),
    index('monitoring_devices_geom_idx').using('gist', t.geom),
    index('monitoring_devices_token_idx').on(t.tokenId),
    index('monitoring_devices_risk_source_idx').on(t.riskSourceId),
  ],
);
