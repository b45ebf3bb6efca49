import { AppError, type api, bi, type emergency as em } from '@citysafe/domain';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, can } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, type Tx } from '../../platform/db.js';
import { incidentScope } from './incident.scope.js';
import { incidents } from './incident.tables.js';
import { insertMovement, moveStock, shortOfStock } from './resource.service.js';
import {
  emergencyDispatches as dispatches,
  emergencyExperts as experts,
  emergencySupplies as supplies,
  emergencyTeams as teams,
  emergencyVehicles as vehicles,
} from './resource.tables.js';

type Body = z.output<typeof api.emergencyResources.createDispatch.body>;
type Dispatch = api.emergencyResources.Dispatch;

/** Incidents no longer handled take no more resources (处置结束 and later). */
const handledStates = new Set(['reported', 'responding']);

const busy = (name: string) =>
  new AppError('CONFLICT', bi(`“${name}”不在待命状态，已被调派或休整`, `“${name}” is not available: dispatched or off duty`));

/**
 * Claims a team, an expert or a fire engine in one guarded UPDATE (only while available), so two commanders
 * sending the same team at once get one dispatch and one 409. Returns its name, or throws 404/409.
 */
async function claim(tx: Tx, kind: Exclude<em.DispatchKind, 'supply'>, id: string): Promise<string> {
  const at = now(tx);
  if (kind === 'team') {
    const [t] = await tx
      .update(teams)
      .set({ status: 'dispatched', updatedAt: at })
      .where(and(eq(teams.id, id), eq(teams.status, 'available')))
      .returning({ name: teams.name });
    if (t) return t.name;
    const [known] = await tx.select({ name: teams.name }).from(teams).where(eq(teams.id, id));
    throw known ? busy(known.name) : new AppError('NOT_FOUND');
  }
  if (kind === 'expert') {
    const [e] = await tx
      .update(experts)
      .set({ available: false, updatedAt: at })
      .where(and(eq(experts.id, id), eq(experts.available, true)))
      .returning({ name: experts.name });
    if (e) return e.name;
    const [known] = await tx.select({ name: experts.name }).from(experts).where(eq(experts.id, id));
    throw known ? busy(known.name) : new AppError('NOT_FOUND');
  }
  const [v] = await tx
    .update(vehicles)
    .set({ status: 'dispatched', updatedAt: at })
    .where(and(eq(vehicles.id, id), eq(vehicles.status, 'available')))
    .returning({
      name: sql<string>`(select s.name from emergency_fire_stations s where s.id = ${vehicles.stationId}) || ' ' || ${vehicles.plate}`,
    });
  if (v) return v.name;
  const [known] = await tx.select({ plate: vehicles.plate }).from(vehicles).where(eq(vehicles.id, id));
  throw known ? busy(known.plate) : new AppError('NOT_FOUND');
}

async function present(tx: Tx, actor: Actor, where: ReturnType<typeof eq>): Promise<Dispatch[]> {
  const found = await tx
    .select({ d: dispatches, unit: supplies.unit })
    .from(dispatches)
    .leftJoin(supplies, and(eq(dispatches.kind, 'supply'), eq(supplies.id, dispatches.resourceId)))
    .where(where)
    .orderBy(asc(dispatches.dispatchedAt), asc(dispatches.id));
  return found.map(({ d, unit }) => ({
    id: d.id,
    incidentId: d.incidentId,
    kind: d.kind,
    resourceId: d.resourceId,
    resourceName: d.resourceName,
    quantity: d.quantity === null ? null : Number(d.quantity),
    unit: d.kind === 'supply' ? unit : null,
    note: d.note,
    dispatchedAt: d.dispatchedAt.toISOString(),
    dispatchedByName: d.dispatchedByName,
    returnedAt: d.returnedAt?.toISOString() ?? null,
    returnedQuantity: d.returnedQuantity === null ? null : Number(d.returnedQuantity),
    allowedActions: !d.returnedAt && can(actor, 'emergency.command') ? ['return' as const] : [],
  }));
}

/**
 * 调派: sends a resource to an incident being handled. A supply's stock is decremented by one guarded UPDATE
 * (`quantity >= n`) in the same transaction as the dispatch and its 调拨单 movement: concurrent dispatches can
 * never take the stock below zero, and the one that finds it short is refused with 409.
 */
export async function createDispatch(db: Db, actor: Actor, body: Body): Promise<Dispatch> {
  if (body.kind === 'supply' && body.quantity === undefined)
    throw new AppError('VALIDATION', undefined, { fields: [{ field: 'quantity', message: bi('请填写调拨数量', 'Give the quantity') }] });
  if (body.kind !== 'supply' && body.quantity !== undefined)
    throw new AppError('VALIDATION', undefined, {
      fields: [{ field: 'quantity', message: bi('只有物资有调拨数量', 'Only supplies are dispatched by quantity') }],
    });
  return db.transaction(async (tx) => {
    // An incident outside the caller's command reach is answered as one that does not exist.
    const [incident] = await tx
      .select({ status: incidents.status })
      .from(incidents)
      .where(and(eq(incidents.id, body.incidentId), incidentScope(actor, 'emergency.command')));
    if (!incident)
      throw new AppError('VALIDATION', undefined, { fields: [{ field: 'incidentId', message: bi('事故不存在', 'No such incident') }] });
    if (!handledStates.has(incident.status))
      throw new AppError('RULE_VIOLATION', bi('事故已处置结束，不能再调派资源', 'The incident is no longer being handled'));
    let name: string;
    let quantity: number | null = null;
    if (body.kind === 'supply') {
      const [item] = await tx.select({ name: supplies.name, unit: supplies.unit }).from(supplies).where(eq(supplies.id, body.resourceId));
      if (!item) throw new AppError('NOT_FOUND');
      quantity = body.quantity!;
      const after = await moveStock(tx, body.resourceId, -quantity);
      if (after === null) throw shortOfStock(item.name, item.unit);
      name = item.name;
      const [row] = await insertDispatch(tx, actor, body, name, quantity);
      await insertMovement(tx, actor, {
        supplyId: body.resourceId,
        kind: 'dispatch',
        quantity,
        quantityAfter: after,
        dispatchId: row!.id,
        note: body.note,
      });
      return finish(tx, actor, row!.id, body);
    }
    name = await claim(tx, body.kind, body.resourceId);
    const [row] = await insertDispatch(tx, actor, body, name, quantity);
    return finish(tx, actor, row!.id, body);
  });
}

const insertDispatch = (tx: Tx, actor: Actor, body: Body, name: string, quantity: number | null) =>
  tx
    .insert(dispatches)
    .values({
      incidentId: body.incidentId,
      kind: body.kind,
      resourceId: body.resourceId,
      resourceName: name,
      quantity,
      note: body.note ?? null,
      dispatchedAt: now(tx),
      dispatchedBy: actor.userId,
      dispatchedByName: actor.displayName,
    })
    .returning({ id: dispatches.id });

async function finish(tx: Tx, actor: Actor, id: string, body: Body): Promise<Dispatch> {
  await audit(tx, actor, { action: 'emergencyDispatch.create', entityType: 'emergencyDispatch', entityId: id, after: body });
  const [d] = await present(tx, actor, eq(dispatches.id, id));
  return d!;
}

/** The resources dispatched to an incident, in the order they were sent. */
export async function listDispatches(db: Db, actor: Actor, incidentId: string) {
  // The register is the district's, but what was sent where tells of the incident: only within the incident's reach.
  const [seen] = await db
    .select({ id: incidents.id })
    .from(incidents)
    .where(and(eq(incidents.id, incidentId), incidentScope(actor, 'emergency.read')));
  if (!seen) throw new AppError('NOT_FOUND');
  return { items: await present(db, actor, eq(dispatches.incidentId, incidentId)) };
}

/**
 * 归队/归还: a team, expert or engine becomes available again; an unused quantity of a supply goes back into its
 * store (at most what was sent), with a 归还 movement. A second return of the same dispatch is a 409.
 */
export async function returnDispatch(db: Db, actor: Actor, id: string, returnedQuantity: number | undefined): Promise<Dispatch> {
  return db.transaction(async (tx) => {
    const at = now(tx);
    const [d] = await tx
      .update(dispatches)
      .set({ returnedAt: at, returnedQuantity: returnedQuantity ?? null })
      .where(and(eq(dispatches.id, id), sql`${dispatches.returnedAt} is null`))
      .returning();
    if (!d) {
      const [known] = await tx.select({ id: dispatches.id }).from(dispatches).where(eq(dispatches.id, id));
      throw known ? new AppError('CONFLICT', bi('该调派已归还', 'This dispatch has already been returned')) : new AppError('NOT_FOUND');
    }
    if (d.kind === 'supply') {
      const back = returnedQuantity ?? 0;
      if (back > Number(d.quantity))
        throw new AppError('VALIDATION', undefined, {
          fields: [{ field: 'returnedQuantity', message: bi('归还数量不能超过调拨数量', 'Cannot return more than was dispatched') }],
        });
      if (back > 0) {
        const after = await moveStock(tx, d.resourceId, back);
        await insertMovement(tx, actor, {
          supplyId: d.resourceId,
          kind: 'return',
          quantity: back,
          quantityAfter: after ?? 0,
          dispatchId: d.id,
        });
      }
    } else if (returnedQuantity !== undefined) {
      throw new AppError('VALIDATION', undefined, {
        fields: [{ field: 'returnedQuantity', message: bi('只有物资有归还数量', 'Only supplies are returned by quantity') }],
      });
    } else if (d.kind === 'team') {
      await tx.update(teams).set({ status: 'available', updatedAt: at }).where(eq(teams.id, d.resourceId));
    } else if (d.kind === 'expert') {
      await tx.update(experts).set({ available: true, updatedAt: at }).where(eq(experts.id, d.resourceId));
    } else {
      await tx.update(vehicles).set({ status: 'available', updatedAt: at }).where(eq(vehicles.id, d.resourceId));
    }
    await audit(tx, actor, {
      action: 'emergencyDispatch.return',
      entityType: 'emergencyDispatch',
      entityId: id,
      after: { returnedQuantity },
    });
    const [out] = await present(tx, actor, eq(dispatches.id, id));
    return out!;
  });
}
