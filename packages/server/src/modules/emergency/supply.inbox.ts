import { type api, type Bilingual, bi, shanghaiDateOf } from '@citysafe/domain';
import { and, eq, sql } from 'drizzle-orm';
import { type Actor, can, scopeCondition, scopeOf } from '../../platform/actor.js';
import { now, type Tx } from '../../platform/db.js';
import { emergencySettingsOf } from './emergency-settings.service.js';
import { emergencyStores as stores, emergencySupplies as supplies } from './resource.tables.js';

type InboxItem = api.inbox.InboxItem;

/** The supplies part's kinds of 待办. */
export const supplyInboxKinds = {
  'emergency.supplyLow': bi('应急物资库存不足', 'Supplies below their minimum stock'),
  'emergency.supplyExpiry': bi('应急物资临期或过期', 'Supplies expiring or expired'),
} as const satisfies Record<string, Bilingual>;

/** At most this many items of one kind: the rest are on the supplies page, filtered the same way. */
const PER_KIND = 50;

/**
 * Stock to replenish and goods to rotate, for whoever keeps the store (emergency.resource within its owner org's
 * reach): an item at or below its minimum (库存不足), and an item expired or expiring within
 * settings.supplyExpiryNoticeDays (due: its expiry date). An installation-wide administrator is left out, as
 * for the other registers: the work is the keeping unit's. Two queries whatever the count.
 */
export async function supplyInbox(tx: Tx, actor: Actor): Promise<InboxItem[]> {
  if (!can(actor, 'emergency.resource') || scopeOf(actor, 'emergency.resource').kind === 'all') return [];
  const { supplyExpiryNoticeDays } = await emergencySettingsOf(tx);
  const at = now(tx);
  const today = shanghaiDateOf(at);
  const soon = shanghaiDateOf(new Date(at.getTime() + supplyExpiryNoticeDays * 86_400_000));
  const reach = scopeCondition(actor, 'emergency.resource', stores.orgId);
  const select = (where: ReturnType<typeof and>) =>
    tx
      .select({
        id: supplies.id,
        name: supplies.name,
        unit: supplies.unit,
        quantity: supplies.quantity,
        minQuantity: supplies.minQuantity,
        expiresOn: supplies.expiresOn,
        store: stores.name,
        updatedAt: supplies.updatedAt,
      })
      .from(supplies)
      .innerJoin(stores, eq(stores.id, supplies.storeId))
      .where(where)
      .orderBy(supplies.expiresOn, supplies.id)
      .limit(PER_KIND);
  const low = await select(and(reach, sql`${supplies.minQuantity} > 0 and ${supplies.quantity} <= ${supplies.minQuantity}`));
  const expiring = await select(and(reach, sql`${supplies.expiresOn} <= ${soon}::date`));
  const item = (kind: keyof typeof supplyInboxKinds, s: (typeof low)[number], title: Bilingual, due: string | null): InboxItem => ({
    key: `${kind}:${s.id}`,
    kind,
    kindLabel: supplyInboxKinds[kind],
    title,
    objectType: 'emergencySupply',
    objectId: s.id,
    due,
    dueState: due === null ? null : due < today ? 'overdue' : 'due_soon',
    reason: null,
    since: s.updatedAt.toISOString(),
    link: `/emergency/resources?tab=supplies&supply=${s.id}`,
  });
  return [
    ...low.map((s) =>
      item(
        'emergency.supplyLow',
        s,
        bi(
          `${s.store} · ${s.name}：库存 ${Number(s.quantity)}${s.unit}（最低 ${Number(s.minQuantity)}）`,
          `${s.store} · ${s.name}: ${Number(s.quantity)} ${s.unit} in stock (minimum ${Number(s.minQuantity)})`,
        ),
        null,
      ),
    ),
    ...expiring.map((s) =>
      item(
        'emergency.supplyExpiry',
        s,
        bi(`${s.store} · ${s.name}：有效期至 ${s.expiresOn}`, `${s.store} · ${s.name}: expires on ${s.expiresOn}`),
        s.expiresOn,
      ),
    ),
  ];
}
