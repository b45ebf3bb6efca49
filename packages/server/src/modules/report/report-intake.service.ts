import { createHmac, randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { AppError, type api, bi, type Bilingual, fieldError, report as rules, shanghaiDateOf } from '@citysafe/domain';
import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { type Actor, can } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { now, type Tx } from '../../platform/db.js';
import { files, workflowTransitions } from '../../platform/platform.tables.js';
import { orgs } from '../identity/index.js';
import { locateAreas } from '../map/index.js';
import { reportScope } from './report.scope.js';
import {
  reportCategories,
  reportChallengeUses,
  reportMessages,
  reportNumbers,
  reportPhotos,
  reportReporters,
  reports,
} from './report.tables.js';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

// ---------------------------------------------------------------------------------------------------
// Categories

/**
 * Adds the built-in categories a database lacks (`report.builtInReportCategories`), at every start: a new release's
 * categories reach an existing installation, while an administrator's changes stay (existing rows are never touched).
 */
export async function seedReportCategories(tx: Tx): Promise<void> {
  await tx
    .insert(reportCategories)
    .values(
      rules.builtInReportCategories.map((c, sort) => ({
        code: c.code,
        nameZh: c.name.zh,
        nameEn: c.name.en,
        open311Description: c.description,
        acceptDays: c.acceptDays,
        handleDays: c.handleDays,
        sort,
      })),
    )
    .onConflictDoNothing({ target: reportCategories.code });
}

/** GET /api/public/reports/categories: the active categories, in the office's order. */
export async function listPublicCategories(tx: Tx): Promise<api.report.PublicCategories> {
  const rows = await tx
    .select({ code: reportCategories.code, nameZh: reportCategories.nameZh, nameEn: reportCategories.nameEn })
    .from(reportCategories)
    .where(eq(reportCategories.active, true))
    .orderBy(asc(reportCategories.sort), asc(reportCategories.code));
  return { items: rows.map((r) => ({ code: r.code, name: bi(r.nameZh, r.nameEn) })) };
}

// ---------------------------------------------------------------------------------------------------
// The follow-up secret

const SCRYPT = { N: 16384, r: 8, p: 1 };

/** A new secret, readable aloud (no 0/O, 1/I/L). */
export function newSecret(): string {
  return Array.from({ length: rules.secretLength }, () => rules.secretAlphabet[randomInt(rules.secretAlphabet.length)]).join('');
}

/** `scrypt$<salt>$<hash>`: slow on purpose, so that a copy of the table does not give the secrets away. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(secret.toUpperCase(), salt, 32, SCRYPT);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

// Compared against when the code is unknown, so that a wrong code and a wrong secret take the same time.
const DECOY_HASH = `scrypt$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(32).toString('base64url')}`;

async function secretMatches(secret: string, stored: string): Promise<boolean> {
  const [, salt, hash] = stored.split('$');
  if (!salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const got = await scryptAsync(secret.trim().toUpperCase(), Buffer.from(salt, 'base64url'), expected.length, SCRYPT);
  return timingSafeEqual(got, expected);
}

// ---------------------------------------------------------------------------------------------------
// Creating a report

/** What creates a report: the contract's fields, with how it came (and, for a photo, where its EXIF placed it). */
export type NewReport = api.report.ReportInputParsed & {
  channel: rules.ReportChannel;
  /** The Open311 app that sent it. */
  open311ClientId?: string | null;
  /** The EXIF location of each photo, read from the stored bytes by the caller that has the file store. */
  photoLocations?: ReadonlyMap<string, { lng: number; lat: number } | null>;
};

export interface CreatedReport {
  id: string;
  code: string;
  /** The follow-up secret in plain: given to the reporter once, stored only hashed. */
  secret: string;
  status: rules.ReportStatus;
  receivedAt: Date;
}

/** The next code of a year, claimed in the database (two reports at once never share one). */
async function nextCode(tx: Tx, receivedAt: Date): Promise<string> {
  const year = Number(shanghaiDateOf(receivedAt).slice(0, 4));
  const [claimed] = await tx
    .insert(reportNumbers)
    .values({ year, last: 1 })
    .onConflictDoUpdate({ target: reportNumbers.year, set: { last: sql`${reportNumbers.last} + 1` } })
    .returning({ last: reportNumbers.last });
  return rules.formatReportCode(year, claimed!.last);
}

/**
 * Photos a report may cite: each must exist, belong to no report yet, and be the caller's own upload (the public's
 * uploads carry no user; a user's, their id). A photo of someone else's report cannot be borrowed.
 */
async function checkPhotos(tx: Tx, actor: Actor, photoIds: readonly string[]): Promise<void> {
  if (photoIds.length === 0) return;
  const found = await tx
    .select({ id: files.id, uploadedBy: files.uploadedBy, mimeType: files.mimeType, linked: reportPhotos.reportId })
    .from(files)
    .leftJoin(reportPhotos, eq(reportPhotos.fileId, files.id))
    .where(inArray(files.id, [...photoIds]));
  for (const [i, fileId] of photoIds.entries()) {
    const f = found.find((r) => r.id === fileId);
    const usable =
      f !== undefined &&
      f.linked === null &&
      (f.uploadedBy === null ? actor.kind !== 'user' : f.uploadedBy === actor.userId) &&
      (rules.reportPhotoTypes as readonly string[]).includes(f.mimeType);
    if (!usable) throw fieldError(`photoIds.${i}`, '照片不存在或已被使用，请重新上传', 'Photo not found or already used; upload it again');
  }
}

/** A category that may be reported now: one of `report_categories`, active. */
async function activeCategory(tx: Tx, code: string) {
  const [category] = await tx.select().from(reportCategories).where(eq(reportCategories.code, code));
  if (!category?.active) throw fieldError('category', '请选择举报类别', 'Choose what you are reporting');
  return category;
}

/**
 * The whole create rule, for the public page, Open311 apps, the office and the demo: the category must be active,
 * the photos the caller's own unused uploads; the areas are computed from the point; the code is numbered per year;
 * the acceptance limit follows the category; the secret is made here and returned once. A real-name reporter's
 * identity goes to `report_reporters` only: neither the audit entry nor anything else written here carries it.
 * The audit entry of a public submission leaves the address out (`ip: null`): an address can name a reporter.
 */
export async function createReport(tx: Tx, actor: Actor, input: NewReport): Promise<CreatedReport> {
  const category = await activeCategory(tx, input.category);
  await checkPhotos(tx, actor, input.photoIds);
  const receivedAt = now(tx);
  const point = input.lng !== undefined && input.lat !== undefined ? { x: input.lng, y: input.lat } : null;
  const areas = point
    ? await locateAreas(tx, { type: 'Point', coordinates: [point.x, point.y] })
    : { streetId: null, communityId: null, gridId: null };
  const code = await nextCode(tx, receivedAt);
  const secret = newSecret();
  const [row] = await tx
    .insert(reports)
    .values({
      code,
      secretHash: await hashSecret(secret),
      category: category.code,
      title: input.title ?? null,
      description: input.description,
      address: input.address ?? null,
      placeName: input.placeName ?? null,
      geom: point,
      ...areas,
      reportedOrgName: input.reportedOrgName ?? null,
      anonymous: input.anonymous,
      channel: input.channel,
      open311ClientId: input.open311ClientId ?? null,
      receivedAt,
      acceptDueAt: rules.acceptDueAt(receivedAt, category.acceptDays),
      createdAt: receivedAt,
      updatedAt: receivedAt,
    })
    .returning({ id: reports.id, status: reports.status });
  if (!input.anonymous && input.reporter) {
    await tx.insert(reportReporters).values({
      reportId: row!.id,
      name: input.reporter.name,
      phone: input.reporter.phone ?? null,
      idNumber: input.reporter.idNumber ?? null,
      contact: input.reporter.contact ?? null,
    });
  }
  if (input.photoIds.length > 0) {
    await tx.insert(reportPhotos).values(
      input.photoIds.map((fileId) => {
        const at = input.photoLocations?.get(fileId) ?? null;
        return { reportId: row!.id, fileId, exifLng: at?.lng ?? null, exifLat: at?.lat ?? null };
      }),
    );
  }
  await audit(tx, actor.kind === 'user' ? actor : { ...actor, ip: null }, {
    action: 'report.create',
    entityType: 'report',
    entityId: row!.id,
    after: {
      code,
      category: category.code,
      channel: input.channel,
      anonymous: input.anonymous,
      streetId: areas.streetId,
      photos: input.photoIds.length,
      open311ClientId: input.open311ClientId ?? null,
    },
  });
  return { id: row!.id, code, secret, status: row!.status, receivedAt };
}

// ---------------------------------------------------------------------------------------------------
// The reporter's identity

export interface ReporterIdentity {
  name: string;
  phone: string | null;
  idNumber: string | null;
  contact: string | null;
}

/**
 * The ONLY reader of `report_reporters` (举报奖励办法: 举报人信息保密): the caller must hold report.identity over the
 * report, and every read, found or not, is audited — naming the report, never the identity itself. Null for an
 * anonymous report. 404 when the report is out of the caller's reach, 403 without the permission.
 */
export async function reporterIdentity(tx: Tx, actor: Actor, reportId: string): Promise<ReporterIdentity | null> {
  if (!can(actor, 'report.identity')) throw new AppError('FORBIDDEN');
  const [found] = await tx
    .select({ id: reports.id, code: reports.code, anonymous: reports.anonymous })
    .from(reports)
    .where(and(eq(reports.id, reportId), reportScope(actor, 'report.identity')));
  if (!found) throw new AppError('NOT_FOUND', bi('举报不存在', 'No such report'));
  const [identity] = await tx
    .select({
      name: reportReporters.name,
      phone: reportReporters.phone,
      idNumber: reportReporters.idNumber,
      contact: reportReporters.contact,
    })
    .from(reportReporters)
    .where(eq(reportReporters.reportId, reportId));
  await audit(tx, actor, {
    action: 'report.identity',
    entityType: 'report',
    entityId: reportId,
    after: { code: found.code, anonymous: found.anonymous },
  });
  return identity ?? null;
}

// ---------------------------------------------------------------------------------------------------
// The offline challenge

/** The key that signs challenges: derived from the audit checkpoint key, kept outside the database. */
export const challengeKey = (auditKey: Buffer): Buffer => createHmac('sha256', auditKey).update('citysafe report challenge v1').digest();

const mac = (key: Buffer, nonce: string, expires: number, answer: string) =>
  createHmac('sha256', key).update(`${nonce}.${expires}.${answer}`).digest('base64url');

/**
 * A new check question and its token `<nonce>.<expires ms>.<mac>`: the mac covers the answer, so the token does not
 * tell it, and only this server can make or check one.
 */
export function issueChallenge(key: Buffer, at: Date): api.report.Challenge {
  const q = rules.challengeQuestion(randomInt(1, 21), randomInt(1, 21), randomInt(2) === 1);
  const nonce = randomBytes(12).toString('base64url');
  const expires = at.getTime() + rules.challengeTtlMinutes * 60_000;
  return {
    question: q.question,
    token: `${nonce}.${expires}.${mac(key, nonce, expires, String(q.answer))}`,
    expiresAt: new Date(expires).toISOString(),
  };
}

/** A failed check, on the answer field (400). */
export const challengeFailed = (message: Bilingual) => fieldError('challenge.answer', message.zh, message.en);

/**
 * Spends a challenge token and checks its answer: null when solved, else why not (wrong answer, expired, forged or
 * already used). The token is spent BEFORE the answer is compared, in a transaction of its own that the caller
 * commits whatever the verdict: one token, one guess, so the small space of answers cannot be tried on one question.
 * A token claiming a later expiry than this server gives is forged (and would never be cleared). Spent tokens past
 * their time are cleared as new ones are spent.
 */
export async function spendChallenge(tx: Tx, key: Buffer, solved: { token: string; answer: string }): Promise<Bilingual | null> {
  const [nonce, expiresText, sent] = solved.token.split('.');
  const expires = Number(expiresText);
  const at = now(tx);
  const invalid = bi('验证题无效，请换一题', 'Invalid check question; get a new one');
  if (!nonce || !sent || !Number.isSafeInteger(expires) || expires > at.getTime() + rules.challengeTtlMinutes * 60_000) return invalid;
  if (expires < at.getTime()) return bi('验证题已过期，请换一题', 'The check question has expired; get a new one');
  await tx.delete(reportChallengeUses).where(lt(reportChallengeUses.expiresAt, at));
  const spent = await tx
    .insert(reportChallengeUses)
    .values({ nonce, expiresAt: new Date(expires) })
    .onConflictDoNothing()
    .returning({ nonce: reportChallengeUses.nonce });
  if (spent.length === 0) return bi('验证题已使用，请换一题', 'This check question was used; get a new one');
  const expected = Buffer.from(mac(key, nonce, expires, solved.answer.trim()));
  const given = Buffer.from(sent);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return bi('验证答案不正确', 'Wrong answer to the check question');
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Public uploads

/**
 * The org that owns the public's uploads: the root of the org tree (the district), so that the offices reading the
 * district's files read them; the public itself reads them only through its report.
 */
export async function publicFilesOrg(tx: Tx): Promise<string> {
  const [root] = await tx.select({ id: orgs.id }).from(orgs).where(isNull(orgs.parentId)).orderBy(asc(orgs.path)).limit(1);
  if (!root) throw new AppError('UNAVAILABLE', bi('系统尚未初始化', 'The platform is not set up yet'));
  return root.id;
}

// ---------------------------------------------------------------------------------------------------
// Tracking by code and secret

const notFound = () => new AppError('NOT_FOUND', bi('查询码或密码不正确', 'The tracking code or the secret is wrong'));

/** The report a code and secret open, or 404 naming neither (a wrong code and a wrong secret look the same). */
async function openBySecret(tx: Tx, code: string, secret: string | undefined) {
  const [row] = await tx.select().from(reports).where(eq(reports.code, code.trim().toUpperCase()));
  const matches = await secretMatches(secret ?? '', row?.secretHash ?? DECOY_HASH);
  if (!row || !secret || !matches) throw notFound();
  return row;
}

type ReportRow = typeof reports.$inferSelect;

/** What the reporter is told at a step, from the transition's input: never the staff member's name. */
function stepNote(action: string, input: Record<string, unknown>): string | null {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);
  switch (action) {
    case 'refuse': {
      const ground = rules.refusalGroundLabels[input.ground as rules.RefusalGround]?.zh ?? null;
      return [ground, text(input.reason)].filter(Boolean).join('：') || null;
    }
    case 'merge':
      return rules.refusalGroundLabels.already_accepted.zh;
    case 'extend':
      return text(input.reason);
    case 'handle':
      return input.outcome === 'transferred'
        ? `转办至 ${text(input.transferredTo) ?? ''}`
        : (rules.reportOutcomeLabels[input.outcome as rules.ReportOutcome]?.zh ?? null);
    default:
      return null;
  }
}

async function presentTracking(tx: Tx, r: ReportRow): Promise<api.report.Tracking> {
  const [category] = await tx.select().from(reportCategories).where(eq(reportCategories.code, r.category));
  const transitions = await tx
    .select({
      action: workflowTransitions.action,
      toState: workflowTransitions.toState,
      at: workflowTransitions.at,
      input: workflowTransitions.input,
    })
    .from(workflowTransitions)
    .where(and(eq(workflowTransitions.entityType, rules.reportWorkflow.entity), eq(workflowTransitions.entityId, r.id)))
    .orderBy(asc(workflowTransitions.id));
  const messages = await tx
    .select({ id: reportMessages.id, author: reportMessages.author, body: reportMessages.body, at: reportMessages.createdAt })
    .from(reportMessages)
    .where(eq(reportMessages.reportId, r.id))
    .orderBy(asc(reportMessages.createdAt), asc(reportMessages.id));
  const [{ photos } = { photos: 0 }] = await tx
    .select({ photos: sql<number>`count(*)::int` })
    .from(reportPhotos)
    .where(eq(reportPhotos.reportId, r.id));
  const label = (s: rules.ReportStatus) => rules.reportWorkflow.states[s].label;
  const steps: api.report.Tracking['steps'] = [
    { status: 'received', label: label('received'), at: r.receivedAt.toISOString(), note: null },
    ...transitions.map((t) => ({
      status: t.toState as rules.ReportStatus,
      label: t.action === 'extend' ? bi('已批准延期', 'Extended') : label(t.toState as rules.ReportStatus),
      at: t.at.toISOString(),
      note: stepNote(t.action, (t.input ?? {}) as Record<string, unknown>),
    })),
  ];
  return {
    code: r.code,
    category: r.category,
    categoryName: category ? bi(category.nameZh, category.nameEn) : bi(r.category, r.category),
    status: r.status,
    statusLabel: label(r.status),
    description: r.description,
    address: r.address,
    anonymous: r.anonymous,
    receivedAt: r.receivedAt.toISOString(),
    acceptDueAt: r.acceptDueAt.toISOString(),
    dueAt: r.dueAt?.toISOString() ?? null,
    extendedUntil: r.extendedUntil?.toISOString() ?? null,
    outcome: r.outcome,
    outcomeLabel: r.outcome ? rules.reportOutcomeLabels[r.outcome] : null,
    transferredTo: r.transferredTo,
    reply: r.reply,
    steps,
    messages: messages.map((m) => ({ id: m.id, author: m.author, body: m.body, at: m.at.toISOString() })),
    awaitingAnswer: messages.at(-1)?.author === 'office',
    photoCount: photos,
  };
}

/** GET /api/public/reports/{code}: the progress the holder of the code and secret may see. */
export async function trackReport(tx: Tx, code: string, secret: string | undefined): Promise<api.report.Tracking> {
  return presentTracking(tx, await openBySecret(tx, code, secret));
}

/**
 * POST /api/public/reports/{code}/messages: the reporter answers a question or adds to the report, while it is open
 * (422 once refused or closed). Audited without the text: what a reporter writes may name them.
 */
export async function postReporterMessage(
  tx: Tx,
  actor: Actor,
  code: string,
  secret: string | undefined,
  body: string,
): Promise<api.report.Tracking> {
  const r = await openBySecret(tx, code, secret);
  if (rules.reportWorkflow.states[r.status].terminal)
    throw new AppError('RULE_VIOLATION', bi('举报已办结或不予受理，不能再补充', 'The report is finished; nothing can be added'));
  const [message] = await tx
    .insert(reportMessages)
    .values({ reportId: r.id, author: 'reporter', body, createdAt: now(tx) })
    .returning({ id: reportMessages.id });
  await audit(
    tx,
    { ...actor, ip: null },
    {
      action: 'report.message',
      entityType: 'report',
      entityId: r.id,
      after: { code: r.code, messageId: message!.id, author: 'reporter' },
    },
  );
  return presentTracking(tx, r);
}
