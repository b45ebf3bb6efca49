import { doublePrecision, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * One reading of one metric of one device. Idempotent by (device, metric, ts): a gateway resending after a
 * reconnect stores nothing twice. On both PostgreSQL and PGlite the table is PARTITIONED BY RANGE (ts), one
 * partition a month plus a default one (hand-written migration `monitoring_readings_partitioned`); a job
 * creates partitions ahead and drops those older than the retention. No foreign key: partitions of a year of
 * readings are dropped whole, and the ingest checks the device before buffering.
 */
export const monitoringReadings = pgTable(
  'monitoring_readings',
  {
    deviceId: uuid('device_id').notNull(),
    metric: text('metric').notNull(),
    ts: timestamp('ts', { withTimezone: true }).notNull(),
    value: doublePrecision('value').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.deviceId, t.metric, t.ts] })],
);

const rollupColumns = () => ({
  deviceId: uuid('device_id').notNull(),
  metric: text('metric').notNull(),
  /** The start of the minute or hour (UTC). */
  bucket: timestamp('bucket', { withTimezone: true }).notNull(),
  count: integer('count').notNull(),
  sum: doublePrecision('sum').notNull(),
  min: doublePrecision('min').notNull(),
  max: doublePrecision('max').notNull(),
});

/** Per-minute roll-up of the readings, kept by the ingest flush (insert … on conflict do update). */
export const monitoringReadingsMinute = pgTable('monitoring_readings_minute', rollupColumns(), (t) => [
  primaryKey({ columns: [t.deviceId, t.metric, t.bucket] }),
]);

/** Per-hour roll-up: a year's chart reads at most 8 784 rows of it per metric. */
export const monitoringReadingsHour = pgTable('monitoring_readings_hour', rollupColumns(), (t) => [
  primaryKey({ columns: [t.deviceId, t.metric, t.bucket] }),
]);
