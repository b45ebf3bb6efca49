import { monitoring } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { geometryColumn, statusCheck, statusColumn } from '../../platform/columns.js';
import { orgs, users } from '../identity/identity.tables.js';

/**
 * 预警信息: a warning to units and the public. Its content is what the editor and the `update` action write; each
 * publication (approve, update, cancel) adds a row to `monitoring_warning_versions` with the CAP identifier it was
 * sent under, so that an Update or Cancel references the messages before it.
 */
export const monitoringWarnings = pgTable(
  'monitoring_warnings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    status: statusColumn(monitoring.warningWorkflow),
    type: text('type').$type<monitoring.WarningTypeCode>().notNull(),
    level: text('level').$type<monitoring.WarningLevel>().notNull(),
    headline: text('headline').notNull(),
    description: text('description').notNull(),
    instruction: text('instruction').notNull().default(''),
    audience: text('audience').notNull().default(''),
    areaDesc: text('area_desc').notNull().default(''),
    /** The area as drawn (null when given by streets only). */
    area: geometryColumn('MultiPolygon', 'area'),
    /** The streets it covers, as chosen; their boundaries make the CAP polygons when nothing was drawn. */
    streetIds: uuid('street_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    onset: timestamp('onset', { withTimezone: true }),
    expires: timestamp('expires', { withTimezone: true }).notNull(),
    channels: text('channels').array().$type<monitoring.WarningChannel[]>().notNull(),
    /** "sender,identifier,sent" of the CAP message a draft was imported from. */
    importedFrom: text('imported_from'),
    /** The number of the latest published version; 0 while never published. */
    version: integer('version').notNull().default(0),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    statusCheck('monitoring_warnings', t.status, monitoring.warningWorkflow),
    statusCheck('monitoring_warnings', t.level, monitoring.warningLevels),
    statusCheck('monitoring_warnings', t.type, monitoring.warningTypeCodes),
    check('monitoring_warnings_expires_check', sql`${t.onset} is null or ${t.expires} > ${t.onset}`),
    index('monitoring_warnings_status_idx').on(t.status, t.expires),
  ],
);

/**
 * One CAP message of a warning: its version number, identifier, msgType, sent time, references, the content as
 * sent (so the CAP document of a version never changes afterwards) and what each channel did with it.
 */
export const monitoringWarningVersions = pgTable(
  'monitoring_warning_versions',
  {
    warningId: uuid('warning_id')
      .notNull()
      .references(() => monitoringWarnings.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    identifier: text('identifier').notNull(),
    sender: text('sender').notNull(),
    msgType: text('msg_type').$type<monitoring.CapMsgType>().notNull(),
    sent: timestamp('sent', { withTimezone: true }).notNull(),
    references: text('references'),
    /** The warning's content as published, with the CAP polygons (lat,lon rings) of its area. */
    content: jsonb('content').$type<PublishedContent>().notNull(),
    deliveries: jsonb('deliveries').$type<monitoring.WarningDeliveryRecord[]>().notNull().default([]),
  },
  (t) => [
    primaryKey({ columns: [t.warningId, t.version] }),
    uniqueIndex('monitoring_warning_versions_identifier_uq').on(t.identifier),
    statusCheck('monitoring_warning_versions', t.msgType, monitoring.capMsgTypes),
  ],
);

/** What a version carries of the warning, frozen when it was sent. */
export interface PublishedContent {
  type: monitoring.WarningTypeCode;
  level: monitoring.WarningLevel;
  headline: string;
  description: string;
  instruction: string;
  audience: string;
  areaDesc: string;
  onset: string | null;
  expires: string;
  /** CAP polygons ("lat,lon lat,lon …", closed): the drawn area's outer rings, else the streets' boundaries. */
  polygons: string[];
  senderName: string;
}

/** The publication settings: one row (id 1), written by the approvers. */
export const monitoringWarningSettings = pgTable(
  'monitoring_warning_settings',
  {
    id: integer('id').primaryKey().default(1),
    smsGatewayUrl: text('sms_gateway_url'),
    capSender: text('cap_sender').notNull(),
    divisionCode: text('division_code').notNull(),
    agencyCode: text('agency_code').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('monitoring_warning_settings_one_row', sql`${t.id} = 1`)],
);

/** The CAP feeds an approver subscribed to; the drafts they make are ordinary imported drafts. */
export const monitoringCapFeeds = pgTable('monitoring_cap_feeds', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  url: text('url').notNull(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  lastFetchedAt: timestamp('last_fetched_at', { withTimezone: true }),
  lastResult: jsonb('last_result').$type<{ imported: number; duplicates: number; error: { zh: string; en: string } | null }>(),
});

/**
 * Each CAP message imported, by its sender and identifier (unique together, CAP 1.2 §3.2.1): a feed that still
 * carries a message already drafted — by the feed or from a file — does not draft it again.
 */
export const monitoringCapImports = pgTable(
  'monitoring_cap_imports',
  {
    sender: text('sender').notNull(),
    identifier: text('identifier').notNull(),
    warningId: uuid('warning_id').references(() => monitoringWarnings.id, { onDelete: 'set null' }),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.sender, t.identifier] })],
);
