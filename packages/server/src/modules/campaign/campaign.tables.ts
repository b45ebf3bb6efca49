import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { orgs } from '../identity/identity.tables.js';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** 创建工作: one run of the demonstration-city plan (the 2020–2021 campaign, or one three years on). */
export const campaigns = pgTable('campaigns', {
  id: uuid('id').primaryKey().defaultRandom(),
  title: text('title').notNull(),
  documentNo: text('document_no').notNull(),
  issuedOn: date('issued_on', { mode: 'string' }).notNull(),
  planningYear: integer('planning_year'),
  shiftYears: integer('shift_years').notNull().default(0),
  status: text('status').notNull().default('active'),
  /** The district the campaign belongs to; its units are the ones that see it. */
  orgId: uuid('org_id')
    .notNull()
    .references(() => orgs.id),
  createdAt: createdAt(),
});

/** 任务分解表: one row per task of the plan, with its deadline read into dates. */
export const campaignTasks = pgTable(
  'campaign_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    section: integer('section').notNull(),
    sectionTitle: text('section_title').notNull(),
    content: text('content').notNull(),
    responsibleText: text('responsible_text').notNull(),
    /** Groups named in the 责任单位 cell that are no single org, e.g. 负有安全生产监管职责的部门. */
    responsibleGroups: text('responsible_groups').array().notNull().default(sql`'{}'::text[]`),
    deadlineText: text('deadline_text').notNull(),
    deadlineKind: text('deadline_kind').notNull(),
    deadlineStart: date('deadline_start', { mode: 'string' }),
    deadlineEnd: date('deadline_end', { mode: 'string' }),
    targets: jsonb('targets').notNull().default([]),
  },
  (t) => [uniqueIndex('campaign_tasks_seq_uq').on(t.campaignId, t.seq)],
);

/** One responsible unit's part of one task; the unit of reporting and acceptance. */
export const campaignAssignments = pgTable(
  'campaign_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    taskId: uuid('task_id')
      .notNull()
      .references(() => campaignTasks.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    /** 对接联系 org (平安办 for 各派出所, 城管局 for 交警一中队). */
    viaOrgId: uuid('via_org_id').references(() => orgs.id),
    status: text('status').notNull().default('not_started'),
    percent: integer('percent').notNull().default(0),
    /** A deadline moved by an approved extension. */
    extendedTo: date('extended_to', { mode: 'string' }),
    /** The last deadline state the unit was notified of, so that each change is notified once. */
    notifiedState: text('notified_state'),
    lastReportAt: timestamp('last_report_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('campaign_assignments_uq').on(t.taskId, t.orgId), index('campaign_assignments_org_idx').on(t.orgId)],
);

/** A progress report or submission of a unit, with its 佐证资料 (evidence attachments). */
export const campaignReports = pgTable(
  'campaign_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    assignmentId: uuid('assignment_id')
      .notNull()
      .references(() => campaignAssignments.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    percent: integer('percent').notNull(),
    indicatorValues: jsonb('indicator_values').notNull().default([]),
    fileIds: uuid('file_ids').array().notNull().default(sql`'{}'::uuid[]`),
    authorId: uuid('author_id'),
    authorName: text('author_name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('campaign_reports_assignment_idx').on(t.assignmentId)],
);

/** 延期申请: a unit asks for a later deadline; 安委办 decides. */
export const campaignExtensions = pgTable('campaign_extensions', {
  id: uuid('id').primaryKey().defaultRandom(),
  assignmentId: uuid('assignment_id')
    .notNull()
    .references(() => campaignAssignments.id, { onDelete: 'cascade' }),
  requestedEnd: date('requested_end', { mode: 'string' }).notNull(),
  reason: text('reason').notNull(),
  status: text('status').notNull().default('requested'),
  requestedBy: text('requested_by').notNull(),
  decidedBy: text('decided_by'),
  createdAt: createdAt(),
});
