import { userAccountWorkflow } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { pointColumn, statusCheck, statusColumn } from '../../platform/columns.js';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** The org tree: district, committees, departments, streets, communities, grids, groups, enterprises. */
export const orgs = pgTable(
  'orgs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    shortName: text('short_name'),
    type: text('type').notNull(),
    parentId: uuid('parent_id'),
    /**
     * Materialised path of ids from the root, `/root/…/self/`: a subtree is one LIKE on an index,
     * which every scoped query in every module uses.
     */
    path: text('path').notNull(),
    aliases: text('aliases')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    divisionCode: text('division_code'),
    gridCode: text('grid_code'),
    liaisonOrgId: uuid('liaison_org_id'),
    note: text('note'),
    sortOrder: integer('sort_order').notNull().default(0),
    location: pointColumn('location'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('orgs_code_uq').on(t.code),
    index('orgs_parent_idx').on(t.parentId),
    index('orgs_path_idx').on(t.path.op('text_pattern_ops')),
  ],
);

/** Roles and the actions they grant: permissions as data, seeded from the domain defaults. */
export const roles = pgTable('roles', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  scope: text('scope').notNull(),
  actions: text('actions').array().notNull(),
  builtIn: boolean('built_in').notNull().default(false),
  updatedAt: updatedAt(),
});

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    passwordHash: text('password_hash').notNull(),
    displayName: text('display_name').notNull(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    phone: text('phone'),
    status: statusColumn(userAccountWorkflow),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    /** Failed logins from any address since `failedLoginsSince` (the account-wide count of the lockout policy). */
    failedLogins: integer('failed_logins').notNull().default(0),
    /** Start of the window the account-wide count covers; a failure after the window starts a new one. */
    failedLoginsSince: timestamp('failed_logins_since', { withTimezone: true }),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
    locale: text('locale').notNull().default('zh-CN'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_username_uq').on(sql`lower(${t.username})`),
    index('users_org_idx').on(t.orgId),
    statusCheck('users', t.status, userAccountWorkflow),
  ],
);

export const userRoles = pgTable(
  'user_roles',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    roleCode: text('role_code')
      .notNull()
      .references(() => roles.code),
  },
  (t) => [primaryKey({ columns: [t.userId, t.roleCode] })],
);

/**
 * Failed logins per account and source address (an IPv6 /64 counts as one): the per-address
 * lockout, which shuts one address out of an account without locking the account for everyone.
 */
export const loginFailures = pgTable(
  'login_failures',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    /** Failures in a row from this address (a success from it, or the end of its lock, starts over). */
    failures: integer('failures').notNull().default(0),
    lastFailedAt: timestamp('last_failed_at', { withTimezone: true }).notNull(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.source] })],
);

/** Server-side sessions: the cookie holds a random token, the table holds its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Bearer tokens for integrating systems (enterprise systems, sensors). */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    actions: text('actions').array().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)],
);
