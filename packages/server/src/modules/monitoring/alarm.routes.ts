import { api, mediaType } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import { sendDownload } from '../../platform/transfer.js';
import * as settings from './alarm-settings.service.js';
import * as service from './alarm.service.js';
import { alarmWorkbook } from './alarm.xlsx.js';

/** Alarms: the scoped list and its export, one alarm, its actions, each person's channels, the settings. */
export function alarmRoutes(app: FastifyInstance, platform: Platform): void {
  const { db } = platform;
  const a = api.monitoringAlarms;
  route(app, platform, a.listAlarms, ({ actor, query }) => service.listAlarms(db, actor, query));
  route(app, platform, a.exportAlarms, async ({ actor, query, reply }) => {
    const doc = await alarmWorkbook(db, actor, query);
    return sendDownload(reply, { name: doc.name, type: mediaType.xlsx, body: doc.bytes });
  });
  route(app, platform, a.getChannelPrefs, ({ actor }) => settings.getChannelPrefs(db, actor));
  route(app, platform, a.updateChannelPrefs, ({ actor, body }) => settings.updateChannelPrefs(db, actor, body.channels));
  route(app, platform, a.getAlarmSettings, ({ actor }) => settings.getAlarmSettings(db, actor));
  route(app, platform, a.updateAlarmSettings, ({ actor, body }) => settings.updateAlarmSettings(platform, actor, body));
  route(app, platform, a.getAlarm, ({ actor, params }) => service.getAlarm(db, actor, params.id));
  route(app, platform, a.alarmAction, ({ actor, params, body }) => service.alarmAction(platform, actor, params.id, params.action, body));
}
