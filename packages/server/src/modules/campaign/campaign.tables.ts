import { campaign as plan } from '@citysafe/domain';
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { listedStatusColumn, statusCheck, statusColumn } from '../../platform/columns.js';
import { orgs } from '../identity/identity.tables.js';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** A campaign runs until it is closed; it has no workflow of its own. */
const campaignStatuses = ['active', 'closed'] as const;

/** 创建工作: one run of the demonstration-city plan (the 2020–2021 campaign, or one three years on). */
export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    documentNo: text('document_no').notNull(),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    planningYear: integer('planning_year'),
    shiftYears: integer('shift_years').notNull().default(0),
    status: listedStatusColumn(campaignStatuses, 'active'),
    /** The district the campaign belongs to; its units are the ones that see it. */
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    createdAt: createdAt(),
  },
  (t) => [statusCheck('campaigns', t.status, campaignStatuses)],
);

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
    responsibleGroups: text('responsible_groups')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
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
    status: statusColumn(plan.assignmentWorkflow),
    percent: integer('percent').notNull().default(0),
    /** A deadline moved by an approved extension. */
    extendedTo: date('extended_to', { mode: 'string' }),
    /** The last deadline state the unit was notified of, so that each change is notified once. */
    notifiedState: text('notified_state'),
    lastReportAt: timestamp('last_report_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('campaign_assignments_uq').on(t.taskId, t.orgId),
    index('campaign_assignments_org_idx').on(t.orgId),
    statusCheck('campaign_assignments', t.status, plan.assignmentWorkflow),
  ],
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
    fileIds: uuid('file_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    authorId: uuid('author_id'),
    authorName: text('author_name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('campaign_reports_assignment_idx').on(t.assignmentId)],
);

/** 延期申请: a unit asks for a later deadline; 安委办 decides. */
export const campaignExtensions = pgTable(
  'campaign_extensions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    assignmentId: uuid('assignment_id')
      .notNull()
      .references(() => campaignAssignments.id, { onDelete: 'cascade' }),
    requestedEnd: date('requested_end', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    status: statusColumn(plan.extensionWorkflow),
    requestedBy: text('requested_by').notNull(),
    decidedBy: text('decided_by'),
    createdAt: createdAt(),
  },
  (t) => [statusCheck('campaign_extensions', t.status, plan.extensionWorkflow)],
);

/** 督办通知: 安委办 presses a unit on a task, with a response deadline, until answered. */
export const campaignSupervisions = pgTable(
  'campaign_supervisions',
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
    /** Running number within the campaign's district and year, printed as 督〔year〕N号. */
    year: integer('year').notNull(),
    number: integer('number').notNull(),
    content: text('content').notNull(),
    responseDue: date('response_due', { mode: 'string' }).notNull(),
    status: statusColumn(plan.supervisionWorkflow),
    response: text('response'),
    responseFileIds: uuid('response_file_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    issuedBy: text('issued_by').notNull(),
    createdAt: createdAt(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('campaign_supervisions_no_uq').on(t.campaignId, t.year, t.number),
    index('campaign_supervisions_org_idx').on(t.orgId),
    statusCheck('campaign_supervisions', t.status, plan.supervisionWorkflow),
  ],
);

/**
 * 工作通报 issued: numbered 第N期 per issuing office (the campaign's district) and year, like 督办 numbers, each about
 * a period whose figures it prints. The document is made again from the history whenever it is downloaded.
 */
export const campaignBulletins = pgTable(
  'campaign_bulletins',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    /** The issuing office: numbers run per office and year across its campaigns. */
    officeOrgId: uuid('office_org_id')
      .notNull()
      .references(() => orgs.id),
    year: integer('year').notNull(),
    number: integer('number').notNull(),
    periodKind: text('period_kind').notNull(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    issuedBy: text('issued_by').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('campaign_bulletins_no_uq').on(t.officeOrgId, t.year, t.number),
    index('campaign_bulletins_campaign_idx').on(t.campaignId),
    check('campaign_bulletins_period_ck', sql`${t.periodKind} in ('month', 'quarter', 'custom') and ${t.periodFrom} <= ${t.periodTo}`),
  ],
);

/**
 * 评分细则: the national evaluation's scoring tree as data an administrator imports and edits
 * (一级项 with points, lower items with full score, deduction per finding and cap, bonus items,
 * veto conditions). Points are kept in hundredths (0.2 分 = 20) so sums stay exact.
 */
export const scoringItems = pgTable(
  'scoring_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    parentId: uuid('parent_id'),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** 'item' scores down from full marks; 'bonus' (鼓励项) scores up to its cap; 'veto' (否决项) voids the result. */
    kind: text('kind').notNull().default('item'),
    fullScoreCenti: integer('full_score_centi').notNull().default(0),
    deductionPerFindingCenti: integer('deduction_per_finding_centi'),
    capCenti: integer('cap_centi'),
    /** V verified / P partly verified / U unverified, as in the reference of the rules. */
    confidence: text('confidence').notNull().default('U'),
    source: text('source'),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [uniqueIndex('scoring_items_code_uq').on(t.campaignId, t.code)],
);

/** Which tasks (and through their reports, which evidence) serve which scoring item. */
export const scoringItemTasks = pgTable(
  'scoring_item_tasks',
  {
    itemId: uuid('item_id')
      .notNull()
      .references(() => scoringItems.id, { onDelete: 'cascade' }),
    taskId: uuid('task_id')
      .notNull()
      .references(() => campaignTasks.id, { onDelete: 'cascade' }),
  },
  (t) => [uniqueIndex('scoring_item_tasks_uq').on(t.itemId, t.taskId)],
);

/** A finding by self-check, expert or reviewer: it deducts (or, on a bonus item, awards) until closed. */
export const scoringFindings = pgTable(
  'scoring_findings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id')
      .notNull()
      .references(() => scoringItems.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    description: text('description').notNull(),
    /** How many instances the finding counts (e.g. 3 hydrants not intact). */
    count: integer('count').notNull().default(1),
    /** Points for this finding when it is not count × the item's per-finding deduction. */
    pointsCenti: integer('points_centi'),
    status: statusColumn(plan.scoringFindingWorkflow),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [index('scoring_findings_item_idx').on(t.itemId), statusCheck('scoring_findings', t.status, plan.scoringFindingWorkflow)],
);

/**
 * 数据核对: an administrator's confirmation of an inconsistency the import found in the plan
 * (a date before the plan was issued, a step due before the one it follows). The plan's data is
 * never changed; the confirmation records that someone looked and what they concluded.
 */
export const campaignFlagReviews = pgTable(
  'campaign_flag_reviews',
  {
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    /** `where:seq:code` of the flag, e.g. `schedule:12:DEADLINE_BEFORE_ISSUE`. */
    flagKey: text('flag_key').notNull(),
    note: text('note'),
    confirmedBy: text('confirmed_by').notNull(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('campaign_flag_reviews_uq').on(t.campaignId, t.flagKey)],
);
