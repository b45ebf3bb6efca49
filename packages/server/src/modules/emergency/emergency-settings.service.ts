import { type api, emergency as rules } from '@citysafe/domain';
import { eq } from 'drizzle-orm';
import { type Actor, can } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, type Tx } from '../../platform/db.js';
import { allowIf, definePolicy } from '../../platform/policy.js';
import { users } from '../identity/index.js';
import { emergencySettingsTable } from './incident.tables.js';

const SETTINGS_KEY = 'settings';

/** emergency.manage changes the settings (安委办 by default). */
const settingsPolicy = definePolicy<null, 'update'>({ update: (actor: Actor) => allowIf(can(actor, 'emergency.manage')) });

async function settingsRow(tx: Tx) {
  const [row] = await tx
    .select({ value: emergencySettingsTable.value, updatedAt: emergencySettingsTable.updatedAt, updatedBy: users.displayName })
    .from(emergencySettingsTable)
    .leftJoin(users, eq(users.id, emergencySettingsTable.updatedBy))
    .where(eq(emergencySettingsTable.key, SETTINGS_KEY));
  if (!row) return { settings: rules.defaultEmergencySettings, updatedAt: null, updatedBy: null };
  // A key added to the settings after they were stored takes its default.
  const settings = { ...rules.defaultEmergencySettings, ...(row.value as Partial<rules.EmergencySettings>) };
  return { settings, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}

/** The emergency settings in force (every part of the module reads them here, in its own transaction). */
export async function emergencySettingsOf(tx: Tx): Promise<rules.EmergencySettings> {
  return (await settingsRow(tx)).settings;
}

async function presentSettings(tx: Tx, actor: Actor): Promise<api.emergency.EmergencySettingsView> {
  const { settings, updatedAt, updatedBy } = await settingsRow(tx);
  return {
    settings,
    defaults: rules.defaultEmergencySettings,
    updatedAt: updatedAt?.toISOString() ?? null,
    updatedBy,
    allowedActions: settingsPolicy.allowed(actor, null),
  };
}

export const getEmergencySettings = (db: Db, actor: Actor) => presentSettings(db, actor);

/** Stores the settings (audited); reminders and checks computed afterwards follow them. */
export async function updateEmergencySettings(db: Db, actor: Actor, input: rules.EmergencySettings) {
  return db.transaction(async (tx) => {
    settingsPolicy.authorize(actor, null, 'update');
    const before = await emergencySettingsOf(tx);
    await tx
      .insert(emergencySettingsTable)
      .values({ key: SETTINGS_KEY, value: input, updatedBy: actor.userId, updatedAt: now(tx) })
      .onConflictDoUpdate({ target: emergencySettingsTable.key, set: { value: input, updatedBy: actor.userId, updatedAt: now(tx) } });
    await audit(tx, actor, {
      action: 'emergencySettings.update',
      entityType: 'emergencySettings',
      entityId: SETTINGS_KEY,
      before,
      after: input,
    });
    return presentSettings(tx, actor);
  });
}
