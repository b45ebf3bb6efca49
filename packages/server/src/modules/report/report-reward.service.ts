import { AppError, type api, bi, report as rules, shanghaiDateOf } from '@citysafe/domain';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, can } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, type Tx } from '../../platform/db.js';
import { listPage } from '../../platform/list.js';
import { orgs } from '../identity/index.js';
import { districtWide, loadReport, type ReportRow } from './report-handling.service.js';
import { reportRewards } from './report-reward.tables.js';
import { reportScope } from './report.scope.js';
import { reportCategories, reports } from './report.tables.js';

type RewardRow = typeof reportRewards.$inferSelect;
type RewardWithReport = RewardRow & { code: string; category: string };

/** What the approver may do next: approve or reject a proposal, record the payment of an approved reward. */
const rewardActionsFor = (actor: Actor, w: RewardRow): api.reportHandling.Reward['allowedActions'] => {
  if (!can(actor, 'report.reward') || !districtWide(actor, 'report.reward')) return [];
  if (w.status === 'proposed') return ['approve', 'reject'];
  if (w.status === 'approved') return ['pay'];
  return [];
};

export function presentReward(actor: Actor, w: RewardWithReport): api.reportHandling.Reward {
  return {
    id: w.id,
    report: { id: w.reportId, code: w.code, category: w.category },
    status: w.status,
    basis: w.basis,
    amount: Number(w.amount),
    note: w.note,
    proposedBy: w.proposedByName,
    proposedAt: w.proposedAt.toISOString(),
    decidedBy: w.decidedByName,
    decidedAt: w.decidedAt?.toISOString() ?? null,
    paidAt: w.paidAt?.toISOString() ?? null,
    paymentRef: w.paymentRef,
    allowedActions: rewardActionsFor(actor, w),
  };
}

const withReport = (tx: Tx) =>
  tx
    .select({ w: reportRewards, code: reports.code, category: reports.category })
    .from(reportRewards)
    .innerJoin(reports, eq(reports.id, reportRewards.reportId));

export async function rewardsOf(tx: Tx, reportId: string): Promise<RewardWithReport[]> {
  const found = await withReport(tx).where(eq(reportRewards.reportId, reportId)).orderBy(asc(reportRewards.proposedAt));
  return found.map((f) => ({ ...f.w, code: f.code, category: f.category }));
}

/**
 * Proposes the reward of a closed report, the amount computed by the 举报奖励办法's arithmetic (rewards.ts): 422 when
 * the report may not be rewarded (a duplicate, not found true, another category, a basis of the wrong kind), 409 when
 * it already has a live reward (only the first valid reporter is rewarded, once). An anonymous reporter may claim
 * with the tracking code and secret (举报奖励办法), so anonymity does not bar a reward.
 */
export async function proposeReward(db: Db, actor: Actor, reportId: string, body: z.output<typeof api.reportHandling.proposeReward.body>) {
  return db.transaction(async (tx) => {
    const loaded = await loadReport(tx, actor, reportId, { lock: true });
    if (!districtWide(actor, 'report.handle')) throw new AppError('FORBIDDEN');
    const row = await insertReward(tx, actor, loaded.r, body);
    return presentReward(actor, { ...row, code: loaded.r.code, category: loaded.r.category });
  });
}

/** The proposal itself, in the caller's transaction (the API and the demo): the rule's checks, the amount, the audit row. */
export async function insertReward(
  tx: Tx,
  actor: Actor,
  r: ReportRow,
  body: z.output<typeof api.reportHandling.proposeReward.body>,
): Promise<RewardRow> {
  const refusal = rules.rewardRefusal({ ...r, basisKind: body.basis.kind });
  if (refusal) throw new AppError('RULE_VIOLATION', refusal);
  const [live] = await tx
    .select({ id: reportRewards.id })
    .from(reportRewards)
    .where(and(eq(reportRewards.reportId, r.id), sql`${reportRewards.status} <> 'rejected'`));
  if (live) throw new AppError('CONFLICT', bi('该举报已有奖励记录', 'This report already has a reward'));
  const [row] = await tx
    .insert(reportRewards)
    .values({
      reportId: r.id,
      status: 'proposed',
      basis: body.basis,
      amount: rules.rewardAmount(body.basis),
      note: body.note ?? null,
      proposedBy: actor.userId,
      proposedByName: actor.displayName,
      proposedAt: now(tx),
    })
    .returning();
  await audit(tx, actor, { action: 'reportReward.propose', entityType: 'reportReward', entityId: row!.id, after: row });
  return row!;
}

/** Approves, rejects or records the payment of a reward already checked for the caller, with its audit row. */
export async function decideReward(
  tx: Tx,
  actor: Actor,
  before: RewardRow,
  action: (typeof api.reportHandling.rewardActionNames)[number],
  body: { note?: string | null; paymentRef?: string },
): Promise<RewardRow> {
  const at = now(tx);
  const set: Partial<RewardRow> =
    action === 'pay'
      ? { status: 'paid', paidAt: at, paymentRef: body.paymentRef! }
      : { status: action === 'approve' ? 'approved' : 'rejected', decidedAt: at, decidedByName: actor.displayName };
  if (body.note) set.note = body.note;
  const [after] = await tx.update(reportRewards).set(set).where(eq(reportRewards.id, before.id)).returning();
  await audit(tx, actor, { action: `reportReward.${action}`, entityType: 'reportReward', entityId: before.id, before, after });
  return after!;
}

export async function rewardAction(
  db: Db,
  actor: Actor,
  id: string,
  action: (typeof api.reportHandling.rewardActionNames)[number],
  body: z.output<typeof api.reportHandling.rewardAction.body>,
) {
  return db.transaction(async (tx) => {
    const [found] = await withReport(tx)
      .where(and(eq(reportRewards.id, id), reportScope(actor, 'report.read')))
      .for('update', { of: reportRewards });
    if (!found) throw new AppError('NOT_FOUND', bi('奖励记录不存在', 'No such reward'));
    const before = found.w;
    if (!rewardActionsFor(actor, before).includes(action)) {
      if (!districtWide(actor, 'report.reward')) throw new AppError('FORBIDDEN');
      throw new AppError(
        'INVALID_TRANSITION',
        bi(
          `奖励当前为“${rules.rewardStatusLabels[before.status].zh}”，不能执行该操作`,
          `The reward is “${rules.rewardStatusLabels[before.status].en}”: that step does not apply`,
        ),
      );
    }
    if (action === 'pay' && !body.paymentRef)
      throw new AppError('VALIDATION', undefined, {
        fields: [{ field: 'paymentRef', message: bi('请填写支付凭证号 / give the payment reference', 'Give the payment reference') }],
      });
    const after = await decideReward(tx, actor, before, action, body);
    return presentReward(actor, { ...after, code: found.code, category: found.category });
  });
}

export async function listRewards(db: Db, actor: Actor, q: z.output<typeof api.reportHandling.listRewards.query>) {
  const found = await listPage(
    db,
    withReport(db).$dynamic(),
    {
      where: [reportScope(actor, 'report.read'), q.status ? eq(reportRewards.status, q.status) : undefined],
      search: [reports.code],
      sortable: { proposedAt: reportRewards.proposedAt, amount: reportRewards.amount },
      defaultOrder: [desc(reportRewards.proposedAt)],
      tieBreaker: reportRewards.id,
    },
    q,
  );
  return {
    total: found.total,
    page: found.page,
    pageSize: found.pageSize,
    items: found.rows.map((f) => presentReward(actor, { ...f.w, code: f.code, category: f.category })),
  };
}

/**
 * 奖励公示: the paid rewards with the report's code, category, amount, the day paid and the street — no name, no
 * contact, no unit reported, no description (the reporter's confidentiality, 举报奖励办法).
 */
export async function publicRewards(db: Db, q: z.output<typeof api.reportHandling.publicRewards.query>) {
  const found = await listPage(
    db,
    db
      .select({
        id: reportRewards.id,
        code: reports.code,
        nameZh: reportCategories.nameZh,
        nameEn: reportCategories.nameEn,
        amount: reportRewards.amount,
        paidAt: reportRewards.paidAt,
        street: orgs.name,
        streetShort: orgs.shortName,
      })
      .from(reportRewards)
      .innerJoin(reports, eq(reports.id, reportRewards.reportId))
      .innerJoin(reportCategories, eq(reportCategories.code, reports.category))
      .leftJoin(orgs, eq(orgs.id, reports.streetId))
      .$dynamic(),
    {
      where: [eq(reportRewards.status, 'paid')],
      search: [reports.code],
      sortable: { paidOn: reportRewards.paidAt },
      defaultOrder: [desc(reportRewards.paidAt)],
      tieBreaker: reportRewards.id,
    },
    q,
  );
  return {
    total: found.total,
    page: found.page,
    pageSize: found.pageSize,
    items: found.rows.map((f) => ({
      code: f.code,
      categoryName: { zh: f.nameZh, en: f.nameEn },
      amount: Number(f.amount),
      paidOn: shanghaiDateOf(f.paidAt!),
      street: f.streetShort || f.street,
    })),
  };
}
