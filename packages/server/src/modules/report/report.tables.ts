import { report } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { pointColumn, statusCheck, statusColumn } from '../../platform/columns.js';
import { files } from '../../platform/platform.tables.js';
import { orgs } from '../identity/identity.tables.js';

/**
 * 举报: one report from the public (web page, Open311 app, hotline or office), followed through HANDLING's workflow
 * until it is closed with a reply. The reporter's identity is NOT here: it lives in `report_reporters`, so that no
 * list, export or join of this table can carry it by accident.
 */
export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The tracking code JB-<year>-<seq>, claimed in `report_numbers`. */
    code: text('code').notNull().unique(),
    /** scrypt hash of the reporter's follow-up secret (shown once, at submission). */
    secretHash: text('secret_hash').notNull(),
    /** A code of `report_categories`. */
    category: text('category')
      .notNull()
      .references(() => reportCategories.code),
    title: text('title'),
    description: text('description').notNull(),
    address: text('address'),
    placeName: text('place_name'),
    geom: pointColumn('geom'),
    /** Computed by the map module's `locateAreas` from the point; never typed. */
    streetId: uuid('street_id').references(() => orgs.id),
    communityId: uuid('community_id').references(() => orgs.id),
    gridId: uuid('grid_id').references(() => orgs.id),
    /** The unit reported, as the reporter named it; `reported_org_id` when an office matched it to an org. */
    reportedOrgName: text('reported_org_name'),
    reportedOrgId: uuid('reported_org_id').references(() => orgs.id),
    anonymous: boolean('anonymous').notNull(),
    channel: text('channel').$type<report.ReportChannel>().notNull(),
    /** The Open311 app that sent it (OPEN311's `open311_clients`, checked by its service). */
    open311ClientId: uuid('open311_client_id'),
    /** HANDLING's workflow `report`. */
    status: statusColumn(report.reportWorkflow),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    /** Receipt plus the category's accept days. */
    acceptDueAt: timestamp('accept_due_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    /** 60 days from acceptance (the category's handle days). */
    dueAt: timestamp('due_at', { withTimezone: true }),
    extendedUntil: timestamp('extended_until', { withTimezone: true }),
    extensionReason: text('extension_reason'),
    assignedOrgId: uuid('assigned_org_id').references(() => orgs.id),
    outcome: text('outcome').$type<report.ReportOutcome>(),
    /** 转办: the unit it was passed to, named for the reporter. */
    transferredTo: text('transferred_to'),
    /** The hazard it became or was linked to (hazard module; no FK across modules' life cycles). */
    hazardId: uuid('hazard_id'),
    duplicateOf: uuid('duplicate_of').references((): AnyPgColumn => reports.id),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** The reply to the reporter on closing (or refusing). */
    reply: text('reply'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    statusCheck('reports', t.status, report.reportWorkflow),
    check('reports_channel_check', sql`${t.channel} in ('web', 'open311', 'hotline', 'office')`),
    check(
      'reports_outcome_check',
      sql`${t.outcome} is null or ${t.outcome} in ('hazard', 'enforcement', 'transferred', 'unresolved', 'not_established', 'resolved')`,
    ),
    index('reports_received_at_idx').on(t.receivedAt),
    index('reports_status_due_idx').on(t.status, t.dueAt),
    index('reports_street_idx').on(t.streetId),
    index('reports_assigned_org_idx').on(t.assignedOrgId),
    index('reports_category_idx').on(t.category),
    index('reports_duplicate_of_idx').on(t.duplicateOf),
    index('reports_geom_idx').using('gist', t.geom),
  ],
);

/**
 * The reporter's identity (举报奖励办法: 举报人信息保密), one row per real-name report, kept apart from `reports`.
 * Read ONLY by `reporterIdentity()`, which requires report.identity and audits every read.
 */
export const reportReporters = pgTable('report_reporters', {
  reportId: uuid('report_id')
    .primaryKey()
    .references(() => reports.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  phone: text('phone'),
  idNumber: text('id_number'),
  /** Another way to reach the reporter (e-mail, address), as given. */
  contact: text('contact'),
});

/** Questions of the office and answers of the reporter, and replies; seen by the reporter when tracking. */
export const reportMessages = pgTable(
  'report_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    author: text('author').$type<report.ReportMessageAuthor>().notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check('report_messages_author_check', sql`${t.author} in ('office', 'reporter')`),
    index('report_messages_report_idx').on(t.reportId, t.createdAt),
  ],
);

/** A photo of a report: one of the platform's files, with the location its EXIF carried (if any). */
export const reportPhotos = pgTable(
  'report_photos',
  {
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    fileId: uuid('file_id')
      .notNull()
      .references(() => files.id),
    exifLng: doublePrecision('exif_lng'),
    exifLat: doublePrecision('exif_lat'),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.fileId] })],
);

/**
 * Where a public upload's EXIF placed it, read at upload before the metadata was stripped from the stored bytes
 * (photo-metadata.ts): the submission copies it into `report_photos`. Only photos that had a GPS position have a row.
 */
export const reportPhotoUploads = pgTable('report_photo_uploads', {
  fileId: uuid('file_id')
    .primaryKey()
    .references(() => files.id, { onDelete: 'cascade' }),
  exifLng: doublePrecision('exif_lng').notNull(),
  exifLat: doublePrecision('exif_lat').notNull(),
});

/** What may be reported: the three statutory categories and those an administrator added (`report.manage`). */
export const reportCategories = pgTable(
  'report_categories',
  {
    code: text('code').primaryKey(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    /** Open311 GeoReport v2 `description` of the service. */
    open311Description: text('open311_description').notNull(),
    acceptDays: integer('accept_days').notNull(),
    handleDays: integer('handle_days').notNull(),
    active: boolean('active').notNull().default(true),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [check('report_categories_days_check', sql`${t.acceptDays} between 1 and 30 and ${t.handleDays} between 1 and 90`)],
);

/** The last tracking number given per year, claimed by an atomic upsert so that two reports never share a code. */
export const reportNumbers = pgTable('report_numbers', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});

/**
 * Challenge tokens already spent on a submission: a solved challenge is good for one report only. Rows past
 * `expires_at` are useless (the token has expired) and are deleted when the next one is spent.
 */
export const reportChallengeUses = pgTable('report_challenge_uses', {
  nonce: text('nonce').primaryKey(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});
