import { AppError, type api, bi, hazard as rules } from '@citysafe/domain';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, can } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, type Tx } from '../../platform/db.js';
import { allowIf, definePolicy } from '../../platform/policy.js';
import { users } from '../identity/index.js';
import { hazardSettingsTable, hazardStandardClauses, hazardStandards } from './hazard-rules.tables.js';
import { hazards } from './hazard.tables.js';

type StandardRow = typeof hazardStandards.$inferSelect;
type ClauseRow = typeof hazardStandardClauses.$inferSelect;
type StandardView = z.infer<typeof api.hazardRules.hazardStandard>;
type ClauseView = z.infer<typeof api.hazardRules.standardClause>;

const SETTINGS_KEY = 'settings';

const manages = (actor: Actor) => allowIf(can(actor, 'hazard.manage'));

/** The settings and the library have one rule: hazard.manage changes them (safety office by default). */
const settingsPolicy = definePolicy<null, 'update'>({ update: manages });
const libraryPolicy = definePolicy<null, 'create'>({ create: manages });
const standardPolicy = definePolicy<StandardRow, 'update' | 'delete' | 'addClause'>({
  update: manages,
  delete: manages,
  addClause: manages,
});
const clausePolicy = definePolicy<ClauseRow, 'update' | 'delete'>({ update: manages, delete: manages });

// ---------------------------------------------------------------------------------------------------
// Settings

/**
 * The settings in force, in the caller's transaction: the administrator's, each missing key taken from
 * the defaults (a value stored before a setting existed stays valid after an upgrade).
 */
export async function hazardSettings(tx: Tx): Promise<rules.HazardSettings> {
  return (await settingsRow(tx)).settings;
}

async function settingsRow(tx: Tx) {
  const [row] = await tx
    .select({ value: hazardSettingsTable.value, updatedAt: hazardSettingsTable.updatedAt, updatedBy: users.displayName })
    .from(hazardSettingsTable)
    .leftJoin(users, eq(users.id, hazardSettingsTable.updatedBy))
    .where(eq(hazardSettingsTable.key, SETTINGS_KEY));
  if (!row) return { settings: rules.defaultHazardSettings, updatedAt: null, updatedBy: null };
  const settings = { ...rules.defaultHazardSettings, ...(row.value as Partial<rules.HazardSettings>) };
  return { settings, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}

async function presentSettings(tx: Tx, actor: Actor): Promise<api.hazardRules.HazardSettingsView> {
  const { settings, updatedAt, updatedBy } = await settingsRow(tx);
  return {
    settings,
    defaults: rules.defaultHazardSettings,
    updatedAt: updatedAt?.toISOString() ?? null,
    updatedBy,
    allowedActions: settingsPolicy.allowed(actor, null),
  };
}

export const getSettings = (db: Db, actor: Actor) => presentSettings(db, actor);

/** Stores the settings (audited); hazards found and reminders sent afterwards follow them. */
export async function updateSettings(db: Db, actor: Actor, input: rules.HazardSettings) {
  return db.transaction(async (tx) => {
    settingsPolicy.authorize(actor, null, 'update');
    const before = await hazardSettings(tx);
    await tx
      .insert(hazardSettingsTable)
      .values({ key: SETTINGS_KEY, value: input, updatedBy: actor.userId, updatedAt: now(tx) })
      .onConflictDoUpdate({ target: hazardSettingsTable.key, set: { value: input, updatedBy: actor.userId, updatedAt: now(tx) } });
    await audit(tx, actor, { action: 'hazardSettings.update', entityType: 'hazardSettings', entityId: SETTINGS_KEY, before, after: input });
    return presentSettings(tx, actor);
  });
}

// ---------------------------------------------------------------------------------------------------
// Repeated hazards

/** How near two points are to be the same place, when both hazards have one (metres). */
export const SAME_PLACE_METRES = 50;

/** Where and what a new hazard is, for `findRepeatOf`. */
export interface RepeatProbe {
  category: string | null;
  foundAt: Date;
  riskSourceId?: string | null;
  responsibleOrgId: string;
  point?: { lng: number; lat: number } | null;
  /** The hazard itself, when it is already stored (an update must not find itself). */
  excludeId?: string;
}

/**
 * 重复隐患: the earliest earlier hazard of the same category at the same place that is still open or was found
 * within the settings' `repeatWindowDays` before `foundAt` (the window's first instant included). The same
 * place is the same risk source, or the same responsible unit within `SAME_PLACE_METRES` when both hazards
 * have a point. No category, or a window of 0, finds nothing.
 */
export async function findRepeatOf(tx: Tx, probe: RepeatProbe): Promise<{ id: string; code: string } | null> {
  const { repeatWindowDays } = await hazardSettings(tx);
  if (!probe.category || repeatWindowDays === 0) return null;
  const windowStart = new Date(probe.foundAt.getTime() - repeatWindowDays * 86_400_000);
  const samePlace = [
    probe.riskSourceId ? sql`${hazards.riskSourceId} = ${probe.riskSourceId}` : null,
    probe.point
      ? sql`(${hazards.responsibleOrgId} = ${probe.responsibleOrgId} and ${hazards.geom} is not null and ST_DWithin(
          ${hazards.geom}::geography,
          ST_SetSRID(ST_MakePoint(${probe.point.lng}, ${probe.point.lat}), 4326)::geography,
          ${SAME_PLACE_METRES}))`
      : null,
  ].filter((c) => c !== null);
  if (samePlace.length === 0) return null;
  const [found] = await tx
    .select({ id: hazards.id, code: hazards.code })
    .from(hazards)
    .where(
      and(
        eq(hazards.category, probe.category),
        sql`${hazards.foundAt} <= ${probe.foundAt.toISOString()}::timestamptz`,
        sql`(${hazards.status} <> 'closed' or ${hazards.foundAt} >= ${windowStart.toISOString()}::timestamptz)`,
        probe.excludeId ? sql`${hazards.id} <> ${probe.excludeId}` : undefined,
        sql`(${sql.join(samePlace, sql` or `)})`,
      ),
    )
    .orderBy(asc(hazards.foundAt), asc(hazards.id))
    .limit(1);
  return found ?? null;
}

// ---------------------------------------------------------------------------------------------------
// The 判定标准 library

/**
 * Adds the built-in standards and clauses a database lacks (`hazard.builtInHazardStandards`), at every
 * start: a new release's clauses reach an existing installation, while whatever an administrator changed,
 * deactivated or added stays as it is (existing rows are never touched). Safe on several nodes at once.
 */
export async function seedHazardStandards(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    const data = rules.builtInHazardStandards;
    await tx
      .insert(hazardStandards)
      .values(
        data.map((s) => ({
          code: s.code,
          name: s.name,
          nameEn: s.nameEn,
          issuer: s.issuer,
          documentNumber: s.documentNumber,
          sector: s.sector,
          effectiveOn: s.effectiveOn,
          source: s.source,
          confidence: s.confidence,
          builtIn: true,
        })),
      )
      .onConflictDoNothing({ target: hazardStandards.code });
    const ids = new Map(
      (
        await tx
          .select({ id: hazardStandards.id, code: hazardStandards.code })
          .from(hazardStandards)
          .where(
            inArray(
              hazardStandards.code,
              data.map((s) => s.code),
            ),
          )
      ).map((r) => [r.code, r.id]),
    );
    const clauses = data.flatMap((s) =>
      s.clauses.map((c, position) => ({ standardId: ids.get(s.code)!, number: c.number, text: c.text, position, builtIn: true })),
    );
    if (clauses.length > 0)
      await tx
        .insert(hazardStandardClauses)
        .values(clauses)
        .onConflictDoNothing({ target: [hazardStandardClauses.standardId, hazardStandardClauses.number] });
  });
}

const standardNotFound = () => new AppError('NOT_FOUND', bi('判定标准不存在', 'No such criteria document'));
const clauseNotFound = () => new AppError('NOT_FOUND', bi('判定条款不存在', 'No such clause'));

function presentClause(actor: Actor, c: ClauseRow): ClauseView {
  return {
    id: c.id,
    standardId: c.standardId,
    number: c.number,
    text: c.text,
    position: c.position,
    builtIn: c.builtIn,
    active: c.active,
    allowedActions: clausePolicy.allowed(actor, c),
  };
}

function presentStandard(actor: Actor, s: StandardRow, clauses: ClauseRow[]): StandardView {
  return {
    id: s.id,
    code: s.code,
    name: s.name,
    nameEn: s.nameEn,
    issuer: s.issuer,
    documentNumber: s.documentNumber,
    sector: s.sector,
    effectiveOn: s.effectiveOn,
    source: s.source,
    confidence: s.confidence,
    builtIn: s.builtIn,
    active: s.active,
    updatedAt: s.updatedAt.toISOString(),
    clauses: clauses.map((c) => presentClause(actor, c)),
    allowedActions: standardPolicy.allowed(actor, s),
  };
}

const clausesOf = (tx: Tx, standardIds: string[]) =>
  standardIds.length === 0
    ? Promise.resolve([])
    : tx
        .select()
        .from(hazardStandardClauses)
        .where(inArray(hazardStandardClauses.standardId, standardIds))
        .orderBy(asc(hazardStandardClauses.position), asc(hazardStandardClauses.number));

/** The whole library with its clauses (a few dozen rows): built-in standards first, then by name. */
export async function listStandards(db: Db, actor: Actor) {
  const standards = await db
    .select()
    .from(hazardStandards)
    .orderBy(sql`${hazardStandards.builtIn} desc`, asc(hazardStandards.name));
  const clauses = await clausesOf(
    db,
    standards.map((s) => s.id),
  );
  return {
    items: standards.map((s) =>
      presentStandard(
        actor,
        s,
        clauses.filter((c) => c.standardId === s.id),
      ),
    ),
    allowedActions: libraryPolicy.allowed(actor, null),
  };
}

async function loadStandard(tx: Tx, id: string): Promise<StandardRow> {
  const [row] = await tx.select().from(hazardStandards).where(eq(hazardStandards.id, id)).for('update');
  if (!row) throw standardNotFound();
  return row;
}

async function loadClause(tx: Tx, id: string): Promise<ClauseRow> {
  const [row] = await tx.select().from(hazardStandardClauses).where(eq(hazardStandardClauses.id, id)).for('update');
  if (!row) throw clauseNotFound();
  return row;
}

async function presentOne(tx: Tx, actor: Actor, id: string) {
  const standard = await loadStandard(tx, id);
  return presentStandard(actor, standard, await clausesOf(tx, [id]));
}

const standardValues = (input: z.output<typeof api.hazardRules.standardFields>) => ({
  name: input.name,
  nameEn: input.nameEn ?? null,
  issuer: input.issuer ?? null,
  documentNumber: input.documentNumber ?? null,
  sector: input.sector ?? null,
  effectiveOn: input.effectiveOn ?? null,
  source: { zh: input.source.zh, en: input.source.en || input.source.zh },
  confidence: input.confidence,
});

export async function createStandard(db: Db, actor: Actor, input: z.output<typeof api.hazardRules.standardCreate>) {
  return db.transaction(async (tx) => {
    libraryPolicy.authorize(actor, null, 'create');
    const [row] = await tx
      .insert(hazardStandards)
      .values({ code: input.code, ...standardValues(input), updatedBy: actor.userId, updatedAt: now(tx) })
      .onConflictDoNothing({ target: hazardStandards.code })
      .returning();
    if (!row)
      throw new AppError(
        'CONFLICT',
        bi(`代码 ${input.code} 已被另一判定标准使用`, `The code ${input.code} is taken by another criteria document`),
        {
          fields: [{ field: 'code', message: bi('代码已被使用', 'Code already taken') }],
        },
      );
    await audit(tx, actor, { action: 'hazardStandard.create', entityType: 'hazardStandard', entityId: row.id, after: row });
    return presentStandard(actor, row, []);
  });
}

export async function updateStandard(db: Db, actor: Actor, id: string, input: z.output<typeof api.hazardRules.standardUpdate>) {
  return db.transaction(async (tx) => {
    const before = await loadStandard(tx, id);
    standardPolicy.authorize(actor, before, 'update');
    const [after] = await tx
      .update(hazardStandards)
      .set({ ...standardValues(input), active: input.active, updatedBy: actor.userId, updatedAt: now(tx) })
      .where(eq(hazardStandards.id, id))
      .returning();
    await audit(tx, actor, { action: 'hazardStandard.update', entityType: 'hazardStandard', entityId: id, before, after });
    return presentOne(tx, actor, id);
  });
}

/** Whether a hazard cites any of these clauses as its basis: such a clause must stay readable. */
async function cited(tx: Tx, clauseIds: string[]): Promise<boolean> {
  if (clauseIds.length === 0) return false;
  const [hit] = await tx.select({ id: hazards.id }).from(hazards).where(inArray(hazards.standardClauseId, clauseIds)).limit(1);
  return hit !== undefined;
}

/** Deletes a standard, or deactivates it when it is built-in (the seed would bring it back) or a hazard cites it. */
export async function deleteStandard(db: Db, actor: Actor, id: string) {
  return db.transaction(async (tx) => {
    const before = await loadStandard(tx, id);
    standardPolicy.authorize(actor, before, 'delete');
    const clauseIds = (
      await tx.select({ id: hazardStandardClauses.id }).from(hazardStandardClauses).where(eq(hazardStandardClauses.standardId, id))
    ).map((c) => c.id);
    if (before.builtIn || (await cited(tx, clauseIds))) {
      const [after] = await tx
        .update(hazardStandards)
        .set({ active: false, updatedBy: actor.userId, updatedAt: now(tx) })
        .where(eq(hazardStandards.id, id))
        .returning();
      await audit(tx, actor, { action: 'hazardStandard.deactivate', entityType: 'hazardStandard', entityId: id, before, after });
      return { outcome: 'deactivated' as const };
    }
    await tx.delete(hazardStandards).where(eq(hazardStandards.id, id));
    await audit(tx, actor, { action: 'hazardStandard.delete', entityType: 'hazardStandard', entityId: id, before });
    return { outcome: 'deleted' as const };
  });
}

const numberTaken = (number: string) =>
  new AppError('CONFLICT', bi(`该标准已有条款 ${number}`, `The document already has a clause ${number}`), {
    fields: [{ field: 'number', message: bi('条款号已存在', 'Clause number already used') }],
  });

export async function addClause(db: Db, actor: Actor, standardId: string, input: z.output<typeof api.hazardRules.clauseInput>) {
  return db.transaction(async (tx) => {
    const standard = await loadStandard(tx, standardId);
    standardPolicy.authorize(actor, standard, 'addClause');
    const [{ next }] = (await tx
      .select({ next: sql<number>`coalesce(max(${hazardStandardClauses.position}) + 1, 0)::int` })
      .from(hazardStandardClauses)
      .where(eq(hazardStandardClauses.standardId, standardId))) as [{ next: number }];
    const [row] = await tx
      .insert(hazardStandardClauses)
      .values({ standardId, number: input.number, text: input.text, position: next, updatedBy: actor.userId, updatedAt: now(tx) })
      .onConflictDoNothing({ target: [hazardStandardClauses.standardId, hazardStandardClauses.number] })
      .returning();
    if (!row) throw numberTaken(input.number);
    await audit(tx, actor, { action: 'hazardStandardClause.create', entityType: 'hazardStandardClause', entityId: row.id, after: row });
    return presentClause(actor, row);
  });
}

export async function updateClause(db: Db, actor: Actor, id: string, input: z.output<typeof api.hazardRules.clauseUpdate>) {
  return db.transaction(async (tx) => {
    const before = await loadClause(tx, id);
    clausePolicy.authorize(actor, before, 'update');
    // A built-in clause is found again by its number at every start: renamed, the seed would add it twice.
    if (before.builtIn && input.number !== before.number)
      throw new AppError(
        'RULE_VIOLATION',
        bi('内置条款的条款号不可修改，可修改其内容或停用', 'A built-in clause keeps its number; edit its text or deactivate it'),
        {
          fields: [{ field: 'number', message: bi('内置条款的条款号不可修改', 'A built-in clause keeps its number') }],
        },
      );
    if (input.number !== before.number) {
      const [taken] = await tx
        .select({ id: hazardStandardClauses.id })
        .from(hazardStandardClauses)
        .where(and(eq(hazardStandardClauses.standardId, before.standardId), eq(hazardStandardClauses.number, input.number)));
      if (taken) throw numberTaken(input.number);
    }
    const [after] = await tx
      .update(hazardStandardClauses)
      .set({ number: input.number, text: input.text, active: input.active, updatedBy: actor.userId, updatedAt: now(tx) })
      .where(eq(hazardStandardClauses.id, id))
      .returning();
    await audit(tx, actor, { action: 'hazardStandardClause.update', entityType: 'hazardStandardClause', entityId: id, before, after });
    return presentClause(actor, after!);
  });
}

/** Deletes a clause, or deactivates it when it is built-in or a hazard cites it. */
export async function deleteClause(db: Db, actor: Actor, id: string) {
  return db.transaction(async (tx) => {
    const before = await loadClause(tx, id);
    clausePolicy.authorize(actor, before, 'delete');
    if (before.builtIn || (await cited(tx, [id]))) {
      const [after] = await tx
        .update(hazardStandardClauses)
        .set({ active: false, updatedBy: actor.userId, updatedAt: now(tx) })
        .where(eq(hazardStandardClauses.id, id))
        .returning();
      await audit(tx, actor, {
        action: 'hazardStandardClause.deactivate',
        entityType: 'hazardStandardClause',
        entityId: id,
        before,
        after,
      });
      return { outcome: 'deactivated' as const };
    }
    await tx.delete(hazardStandardClauses).where(eq(hazardStandardClauses.id, id));
    await audit(tx, actor, { action: 'hazardStandardClause.delete', entityType: 'hazardStandardClause', entityId: id, before });
    return { outcome: 'deleted' as const };
  });
}

/** A clause as a hazard cites it: its number, text and document. */
export interface CitedClause {
  id: string;
  number: string;
  text: string;
  standardId: string;
  standardName: string;
  documentNumber: string | null;
}

/**
 * The clause a hazard names as the basis of 重大 (`standardClauseId`), in the caller's transaction; 422 naming
 * the field when there is no such clause or it (or its document) is deactivated. For HAZ's create and
 * INSPECT's checklists.
 */
export async function checkStandardClause(tx: Tx, clauseId: string, field = 'standardClauseId'): Promise<CitedClause> {
  const [row] = await tx
    .select({
      id: hazardStandardClauses.id,
      number: hazardStandardClauses.number,
      text: hazardStandardClauses.text,
      active: sql<boolean>`${hazardStandardClauses.active} and ${hazardStandards.active}`,
      standardId: hazardStandards.id,
      standardName: hazardStandards.name,
      documentNumber: hazardStandards.documentNumber,
    })
    .from(hazardStandardClauses)
    .innerJoin(hazardStandards, eq(hazardStandards.id, hazardStandardClauses.standardId))
    .where(eq(hazardStandardClauses.id, clauseId));
  if (!row?.active)
    throw new AppError('RULE_VIOLATION', bi('判定条款不存在或已停用', 'The clause does not exist or is deactivated'), {
      fields: [{ field, message: bi('请选择判定标准库中在用的条款', 'Choose an active clause of the criteria library') }],
    });
  return {
    id: row.id,
    number: row.number,
    text: row.text,
    standardId: row.standardId,
    standardName: row.standardName,
    documentNumber: row.documentNumber,
  };
}

/** Several clauses at once (a detail page, a checklist), active or not: what a stored hazard cites stays readable. */
export async function clausesById(tx: Tx, ids: readonly string[]): Promise<Map<string, CitedClause>> {
  if (ids.length === 0) return new Map();
  const found = await tx
    .select({
      id: hazardStandardClauses.id,
      number: hazardStandardClauses.number,
      text: hazardStandardClauses.text,
      standardId: hazardStandards.id,
      standardName: hazardStandards.name,
      documentNumber: hazardStandards.documentNumber,
    })
    .from(hazardStandardClauses)
    .innerJoin(hazardStandards, eq(hazardStandards.id, hazardStandardClauses.standardId))
    .where(inArray(hazardStandardClauses.id, [...ids]));
  return new Map(found.map((c) => [c.id, c]));
}
