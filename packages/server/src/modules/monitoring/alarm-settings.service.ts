import { type api, monitoring as rules } from '@citysafe/domain';
import { and, eq, inArray } from 'drizzle-orm';
import { type Actor, can } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, type Tx } from '../../platform/db.js';
import type { Platform } from '../../platform/platform.js';
import { allowIf, definePolicy } from '../../platform/policy.js';
import { users } from '../identity/index.js';
import { monitoringAlarmChannelPrefs, monitoringAlarmSettings } from './alarm.tables.js';
import { checkSmsGateway, smsGatewayUrlOf, storeSmsGateway } from './warning.service.js';

const SETTINGS_KEY = 'settings';

/** monitoring.rule changes the settings (安委办 and the departments by default): those who set the rules set their follow-up. */
const settingsPolicy = definePolicy<null, 'update'>({ update: (actor: Actor) => allowIf(can(actor, 'monitoring.rule')) });

async function settingsRow(tx: Tx) {
  const [row] = await tx
    .select({ value: monitoringAlarmSettings.value, updatedAt: monitoringAlarmSettings.updatedAt, updatedBy: users.displayName })
    .from(monitoringAlarmSettings)
    .leftJoin(users, eq(users.id, monitoringAlarmSettings.updatedBy))
    .where(eq(monitoringAlarmSettings.key, SETTINGS_KEY));
  // The SMS gateway is the one the warnings send to too: kept with the warning settings, shown and changed here as well.
  const smsGatewayUrl = (await smsGatewayUrlOf(tx)) ?? '';
  if (!row) return { settings: { ...rules.defaultAlarmSettings, smsGatewayUrl }, updatedAt: null, updatedBy: null };
  // A key added to the settings after they were stored takes its default.
  const settings = { ...rules.defaultAlarmSettings, ...(row.value as Partial<rules.AlarmSettings>), smsGatewayUrl };
  return { settings, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}

/** The alarm settings in force (the escalation job, the notices and the pages read them here, in their own transaction). */
export async function alarmSettingsOf(tx: Tx): Promise<rules.AlarmSettings> {
  return (await settingsRow(tx)).settings;
}

async function presentSettings(tx: Tx, actor: Actor): Promise<api.monitoringAlarms.AlarmSettingsView> {
  const { settings, updatedAt, updatedBy } = await settingsRow(tx);
  return {
    settings,
    defaults: rules.defaultAlarmSettings,
    sources: rules.alarmSettingSources,
    updatedAt: updatedAt?.toISOString() ?? null,
    updatedBy,
    allowedActions: settingsPolicy.allowed(actor, null),
  };
}

export const getAlarmSettings = (db: Db, actor: Actor) => presentSettings(db, actor);

/**
 * Stores the settings (audited); escalations and reminders computed afterwards follow them. The SMS gateway goes to
 * the one place both alarms and warnings read it from, checked as the warning settings check it (public or allow-listed).
 */
export async function updateAlarmSettings(platform: Platform, actor: Actor, input: rules.AlarmSettings) {
  settingsPolicy.authorize(actor, null, 'update');
  await checkSmsGateway(platform, input.smsGatewayUrl || null);
  return platform.db.transaction(async (tx) => {
    const before = await alarmSettingsOf(tx);
    const { smsGatewayUrl, ...value } = input;
    await tx
      .insert(monitoringAlarmSettings)
      .values({ key: SETTINGS_KEY, value, updatedBy: actor.userId, updatedAt: now(tx) })
      .onConflictDoUpdate({ target: monitoringAlarmSettings.key, set: { value, updatedBy: actor.userId, updatedAt: now(tx) } });
    await storeSmsGateway(tx, smsGatewayUrl || null);
    await audit(tx, actor, { action: 'alarmSettings.update', entityType: 'alarmSettings', entityId: SETTINGS_KEY, before, after: input });
    return presentSettings(tx, actor);
  });
}

/** What a person who never chose is reached on: the platform's own notifications. */
const defaultChannels: readonly rules.AlarmChannel[] = ['app'];

type PerLevel = Record<rules.AlarmLevel, rules.AlarmChannel[]>;

const requiredOf = (settings: rules.AlarmSettings): PerLevel => ({
  red: [...settings.redRequiredChannels],
  orange: [],
  yellow: [],
  blue: [],
});

/** In a fixed order, each once. */
const ordered = (channels: Iterable<rules.AlarmChannel>): rules.AlarmChannel[] => {
  const set = new Set(channels);
  return rules.alarmChannels.filter((c) => set.has(c));
};

/**
 * The channels each of `userIds` is reached on for an alarm of `level`: their own choice (the platform's
 * notifications when they made none) and, for red, the channels the administrator requires of every red alarm.
 */
export async function channelsOf(tx: Tx, userIds: string[], level: rules.AlarmLevel): Promise<Map<string, rules.AlarmChannel[]>> {
  const result = new Map<string, rules.AlarmChannel[]>();
  if (userIds.length === 0) return result;
  const required = requiredOf(await alarmSettingsOf(tx))[level];
  const chosen = await tx
    .select({ userId: monitoringAlarmChannelPrefs.userId, channels: monitoringAlarmChannelPrefs.channels })
    .from(monitoringAlarmChannelPrefs)
    .where(and(inArray(monitoringAlarmChannelPrefs.userId, userIds), eq(monitoringAlarmChannelPrefs.level, level)));
  const byUser = new Map(chosen.map((c) => [c.userId, c.channels]));
  for (const id of userIds) result.set(id, ordered([...(byUser.get(id) ?? defaultChannels), ...required]));
  return result;
}

async function presentPrefs(tx: Tx, actor: Actor): Promise<api.monitoringAlarms.ChannelPrefsView> {
  const required = requiredOf(await alarmSettingsOf(tx));
  const chosen = await tx.select().from(monitoringAlarmChannelPrefs).where(eq(monitoringAlarmChannelPrefs.userId, actor.userId!));
  const channels = {} as PerLevel;
  for (const level of rules.alarmLevels) {
    const own = chosen.find((c) => c.level === level)?.channels ?? defaultChannels;
    channels[level] = ordered([...own, ...required[level]]);
  }
  return { channels, required };
}

export const getChannelPrefs = (db: Db, actor: Actor) => presentPrefs(db, actor);

/** Stores a person's channels per level; red keeps the required ones whatever was sent (they are shown as fixed). */
export async function updateChannelPrefs(db: Db, actor: Actor, input: PerLevel) {
  return db.transaction(async (tx) => {
    const at = now(tx);
    for (const level of rules.alarmLevels) {
      const channels = ordered(input[level]);
      await tx
        .insert(monitoringAlarmChannelPrefs)
        .values({ userId: actor.userId!, level, channels, updatedAt: at })
        .onConflictDoUpdate({
          target: [monitoringAlarmChannelPrefs.userId, monitoringAlarmChannelPrefs.level],
          set: { channels, updatedAt: at },
        });
    }
    await audit(tx, actor, { action: 'alarmChannelPrefs.update', entityType: 'user', entityId: actor.userId!, after: input });
    return presentPrefs(tx, actor);
  });
}
