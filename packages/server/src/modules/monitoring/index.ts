import { monitoring as rules, monitoringModule } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../platform/actor.js';
import type { Tx } from '../../platform/db.js';
import { type DemoCounts, type ServerModule, defineServerModule } from '../../platform/module.js';
import { onAreasChanged } from '../map/index.js';
import type { Platform } from '../../platform/platform.js';
import { alarmRulesRoutes } from './alarm-rules.routes.js';
import * as alarmRuleTables from './alarm-rules.tables.js';
import { alarmInbox } from './alarm.inbox.js';
import { registerAlarmJobs, scheduleAlarmEscalationCheck } from './alarm.jobs.js';
import { alarmRoutes } from './alarm.routes.js';
import * as alarmTables from './alarm.tables.js';
import { deviceRoutes } from './device.routes.js';
import { relocateDevices } from './device.service.js';
import * as deviceTables from './device.tables.js';
import { registerReadingsJobs } from './readings.jobs.js';
import * as readingsTables from './readings.tables.js';
import { scheduleOfflineCheck, startRuleEvaluation } from './rule-eval.service.js';
import { fillMonitoringDemo } from './monitoring.demo.js';
import { subscribeTelemetry, telemetryGuard } from './telemetry.service.js';
import { fillWarningDemo } from './warning.demo.js';
import { warningInbox } from './warning.inbox.js';
import { warningRoutes } from './warning.routes.js';
import { registerWarningJobs } from './warning.service.js';
import * as warningTables from './warning.tables.js';

export { simulateCommand } from './simulate.js';
// DEVICES: the devices' reach and loading (RULES, ALARMS), the ingest and its hook (RULES, SIM).
export { deviceScope, loadDevice, type LoadedDevice } from './device.service.js';
export { ingestOf, ingestReadings, onReadingsStored, type StoredReading } from './telemetry.service.js';

// A device's street, community and grid follow the boundaries.
onAreasChanged(relocateDevices);
// ALARMS: what RULES (raise, clear), DEVICES (the open count behind a device's state) and SIM's demo call.
export {
  alarmScope,
  announceAlarms,
  clearAlarm,
  openAlarmCountOf,
  raiseAlarm,
  type RaiseAlarmInput,
  type RaisedAlarm,
} from './alarm.service.js';

/** Each part's demonstration data, in the order they build on each other (DEVICES → RULES → ALARMS → WARNINGS → SIM). Each part adds its line. */
const demoParts: ((platform: Platform) => Promise<DemoCounts>)[] = [fillWarningDemo, fillMonitoringDemo];

/** Each part's 待办. Each part adds its line. */
const inboxParts: NonNullable<ServerModule['inbox']>[] = [alarmInbox, warningInbox];

/** 监测预警: devices and their readings over MQTT, rules and alarms in a closed loop, warnings to the public in CAP 1.2. */
export const monitoring = defineServerModule({
  domain: monitoringModule,
  tables: { ...deviceTables, ...readingsTables, ...alarmRuleTables, ...alarmTables, ...warningTables },
  workflows: [rules.alarmWorkflow, rules.warningWorkflow],
  routes: (app: FastifyInstance, platform: Platform) => {
    deviceRoutes(app, platform);
    alarmRulesRoutes(app, platform);
    alarmRoutes(app, platform);
    warningRoutes(app, platform);
  },
  mqtt: async (platform, mqtt) => {
    mqtt.telemetryGuard = telemetryGuard(platform);
    if (mqtt.client) await subscribeTelemetry(platform, mqtt.client);
  },
  inbox: async (tx: Tx, actor: Actor, platform: Platform) => {
    const items = [];
    for (const part of inboxParts) items.push(...(await part(tx, actor, platform)));
    return items;
  },
  demo: async (platform: Platform) => {
    const counts: DemoCounts = {};
    for (const part of demoParts) Object.assign(counts, await part(platform));
    return counts;
  },
  jobs: async (platform: Platform) => {
    await registerReadingsJobs(platform);
    startRuleEvaluation(platform);
    await scheduleOfflineCheck(platform);
    registerAlarmJobs(platform);
    await scheduleAlarmEscalationCheck(platform);
    registerWarningJobs(platform);
  },
});
