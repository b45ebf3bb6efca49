import { monitoring as rules } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { holdersOf } from '../../platform/actor.js';
import { rows, type Tx } from '../../platform/db.js';
import type { Platform } from '../../platform/platform.js';
import { notify } from '../notifications/index.js';
import { alarmSettingsOf, channelsOf } from './alarm-settings.service.js';

/** The job that hands one SMS to the configured gateway (retried with back-off by the job runner). */
export const ALARM_SMS_JOB = 'monitoring.alarmSms';

type NotificationRow = Awaited<ReturnType<typeof notify>>[number];

/** Where an alarm is and who answers for it: what decides who hears of it. */
export interface AlarmParties {
  deviceOrgId: string;
  streetId: string | null;
}

const unique = (ids: string[][]): string[] => [...new Set(ids.flat())].sort();

const inList = (ids: string[]) =>
  sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );

/** Of `ids`, those whose own org is `orgId`. */
async function homeIn(tx: Tx, ids: string[], orgId: string): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = await rows<{ id: string }>(tx, sql`select id from users where org_id = ${orgId} and id in (${inList(ids)}) order by id`);
  return found.map((r) => r.id);
}

/** Of `ids`, those holding the 值班 role (the duty desk watching the situation page). */
async function onDuty(tx: Tx, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = await rows<{ id: string }>(
    tx,
    sql`select distinct user_id as id from user_roles where role_code = 'duty_officer' and user_id in (${inList(ids)}) order by 1`,
  );
  return found.map((r) => r.id);
}

/**
 * Who hears of an alarm at each step (`escalationLevel`):
 * - 0, when raised: the device's unit (its own people who handle alarms), the street it lies in (those who handle
 *   alarms for that street), and the 值班 desk of the district (duty officers, who watch the situation page);
 * - 1 `parentOrg`: those above the unit in the org tree who handle its alarms (a group for its enterprise, the
 *   street or department it sits under) — district-wide holders excepted;
 * - 2 `safetyOffice`: 安委办, the district-wide holders of monitoring.alarm;
 * - 3 `robot`: nobody by name; the group robots of the unit and of the orgs above it that subscribe to escalations.
 */
export async function circleOf(tx: Tx, p: AlarmParties, escalationLevel: number): Promise<string[]> {
  switch (escalationLevel) {
    case 0: {
      const unit = await homeIn(tx, await holdersOf(tx, 'monitoring.alarm', p.deviceOrgId, { scopes: ['own', 'subtree'] }), p.deviceOrgId);
      const area = p.streetId
        ? await homeIn(tx, await holdersOf(tx, 'monitoring.alarm', p.streetId, { scopes: ['subtree'] }), p.streetId)
        : [];
      const duty = await onDuty(tx, await holdersOf(tx, 'monitoring.alarm', p.deviceOrgId, { scopes: ['district'] }));
      return unique([unit, area, duty]);
    }
    case 1: {
      const above = await holdersOf(tx, 'monitoring.alarm', p.deviceOrgId, { scopes: ['subtree'] });
      const unit = new Set(await homeIn(tx, above, p.deviceOrgId));
      return above.filter((id) => !unit.has(id));
    }
    case 2:
      return holdersOf(tx, 'monitoring.alarm', p.deviceOrgId, { scopes: ['district'] });
    default:
      return [];
  }
}

/** The last escalation step: after it, nobody further is told. */
export const LAST_ESCALATION = rules.escalationCircles.length;

/** What a message about an alarm says, and where it links. */
export interface AlarmMessage {
  kind: string;
  title: string;
  body: string;
  link: string;
}

/** What reached whom, kept on the alarm's timeline. */
export interface Delivery {
  app: number;
  robot: boolean;
  sms: { queued: number; skipped: number };
}

/**
 * Tells people of an alarm on the channels each chose for its level (red: with the required ones), in the caller's
 * transaction: in-app notifications (returned, to be pushed to open browsers after the commit), the group robots of
 * the unit and those above it when anyone told chose them (`forceRobot`: the last escalation step), and an SMS per
 * person with a phone through the configured gateway (none configured: counted as skipped).
 */
export async function tell(
  tx: Tx,
  platform: Platform,
  userIds: string[],
  level: rules.AlarmLevel,
  orgId: string,
  message: AlarmMessage,
  options: { forceRobot?: boolean } = {},
): Promise<{ rows: NotificationRow[]; delivery: Delivery }> {
  const channels = await channelsOf(tx, userIds, level);
  const app = userIds.filter((id) => channels.get(id)!.includes('app'));
  const sms = userIds.filter((id) => channels.get(id)!.includes('sms'));
  const robot = options.forceRobot === true || userIds.some((id) => channels.get(id)!.includes('robot'));
  const delivered = app.length > 0 || robot ? await notify(tx, platform, app, { ...message, orgId, robots: robot }) : [];
  const delivery: Delivery = { app: delivered.length, robot, sms: { queued: 0, skipped: 0 } };
  if (sms.length > 0) {
    const gateway = (await alarmSettingsOf(tx)).smsGatewayUrl;
    const phones = await rows<{ phone: string | null }>(tx, sql`select phone from users where id in (${inList(sms)}) order by id`);
    for (const { phone } of phones) {
      if (!gateway || !phone) {
        delivery.sms.skipped++;
        continue;
      }
      await platform.jobs.schedule(
        tx,
        ALARM_SMS_JOB,
        { url: gateway, phone, text: `${message.title}${message.body ? `：${message.body}` : ''}` },
        platform.clock.now(),
      );
      delivery.sms.queued++;
    }
  }
  return { rows: delivered, delivery };
}
