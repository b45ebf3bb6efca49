import { emergency } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { statusCheck, statusColumn } from '../../platform/columns.js';
import { orgs, users } from '../identity/identity.tables.js';
import { incidents } from './incident.tables.js';

/** Bytes as PostgreSQL `bytea`; PGlite answers a Uint8Array, node-postgres a Buffer: both become a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/** What a submitted report said (493号令 Art. 12), kept as issued: the record may change afterwards, the report may not. */
export interface ReportContent {
  code: string;
  title: string;
  grade: emergency.AccidentGrade;
  category: emergency.IncidentCategory;
  occurredAt: string;
  learnedAt: string;
  placeName: string | null;
  unitName: string | null;
  deaths: number;
  missing: number;
  seriousInjuries: number;
  minorInjuries: number;
  directLossWan: number;
  sections: Record<emergency.ReportSection, string>;
  reporterName: string;
  reporterPhone: string;
}

/**
 * An incident's statutory reports: those owed (no `submitted_at`; the schedule recomputed by `syncReportSchedule`)
 * and those made. `late` is decided once, when the report is submitted, and never recomputed; the Word document is
 * kept as issued. One row per (incident, kind, level, seq): two submissions of the same report cannot both get in.
 */
export const incidentReports = pgTable(
  'incident_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<emergency.ReportKind>().notNull(),
    level: text('level').$type<emergency.ReportLevel>().notNull(),
    /** The report's number among its kind (续报 1, 2, …). */
    seq: integer('seq').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    late: boolean('late'),
    content: jsonb('content').$type<ReportContent>(),
    document: bytea('document'),
    submittedBy: uuid('submitted_by').references(() => users.id),
    submittedByName: text('submitted_by_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('incident_reports_uq').on(t.incidentId, t.kind, t.level, t.seq),
    check('incident_reports_kind_check', sql`${t.kind} in ('first', 'escalation', 'follow_up', 'supplementary', 'final')`),
    check('incident_reports_level_check', sql`${t.level} in ('district', 'city', 'province', 'state_council')`),
    check(
      'incident_reports_submitted_check',
      sql`(${t.submittedAt} is null) = (${t.late} is null) and (${t.submittedAt} is null) = (${t.document} is null)`,
    ),
    index('incident_reports_due_idx')
      .on(t.dueAt)
      .where(sql`submitted_at is null`),
  ],
);

/** 瞒报/谎报 found by an investigator (emergency.investigate), against the unit when it is registered. */
export const incidentFindings = pgTable(
  'incident_findings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<emergency.FindingKind>().notNull(),
    orgId: uuid('org_id').references(() => orgs.id),
    description: text('description').notNull(),
    foundOn: date('found_on', { mode: 'string' }).notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id),
    recordedByName: text('recorded_by_name').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check('incident_findings_kind_check', sql`${t.kind} in ('concealed', 'false')`),
    index('incident_findings_incident_idx').on(t.incidentId),
  ],
);

/**
 * The accident investigation (493号令 Art. 29, 32): one per incident. `due_on` is 60 days after the accident's day,
 * `extended_to` the one extension; `approval_due_on` 15 (30) days after the report was received, `approval_extended_to`
 * the 特别重大 extension.
 */
export const incidentInvestigations = pgTable(
  'incident_investigations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .unique()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    status: statusColumn(emergency.investigationWorkflow),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    extendedTo: date('extended_to', { mode: 'string' }),
    extensionReason: text('extension_reason'),
    reportSubmittedOn: date('report_submitted_on', { mode: 'string' }),
    reportSummary: text('report_summary'),
    approvalDueOn: date('approval_due_on', { mode: 'string' }),
    approvalExtendedTo: date('approval_extended_to', { mode: 'string' }),
    approvedOn: date('approved_on', { mode: 'string' }),
    approvalNote: text('approval_note'),
    openedBy: uuid('opened_by').references(() => users.id),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [statusCheck('incident_investigations', t.status, emergency.investigationWorkflow)],
);

/** 整改措施 the investigation names for a unit: tracked until that unit says it is done. */
export const incidentMeasures = pgTable(
  'incident_measures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    investigationId: uuid('investigation_id')
      .notNull()
      .references(() => incidentInvestigations.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    text: text('text').notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    status: statusColumn(emergency.measureWorkflow),
    doneAt: timestamp('done_at', { withTimezone: true }),
    doneNote: text('done_note'),
    doneBy: uuid('done_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    statusCheck('incident_measures', t.status, emergency.measureWorkflow),
    index('incident_measures_org_idx').on(t.orgId, t.status),
    index('incident_measures_investigation_idx').on(t.investigationId),
  ],
);

/**
 * The reminders sent, one row per object (a report, an investigation, a measure), deadline and step: inserting the
 * row claims the reminder, so a second run or a second node sends nothing (as hazard_deadline_notices).
 */
export const incidentReportNotices = pgTable(
  'incident_report_notices',
  {
    objectId: uuid('object_id').notNull(),
    due: text('due').notNull(),
    step: text('step').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.objectId, t.due, t.step] })],
);
