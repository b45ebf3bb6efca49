import { z } from 'zod';
import { alarmChannels, alarmLevels, alarmSettings } from '../monitoring/alarm-levels.js';
import { alarmStatuses, alarmWorkflow, openHazardAction, openHazardInput } from '../monitoring/alarm-workflow.js';
import {
  actionBodies,
  actionBody,
  actionParams,
  allowedActions,
  id,
  idParams,
  listQuery,
  page,
  timelineEntry,
  timestamp,
  workflowActions,
} from './common.js';
import { endpoint, mediaType } from './endpoint.js';

export const alarmLevel = z.enum(alarmLevels, { error: '报警级别为 red、orange、yellow 或 blue / level is red, orange, yellow or blue' });
export const alarmStatus = z.enum(alarmStatuses);
export const alarmChannel = z.enum(alarmChannels);

/** The actions an alarm offers: the workflow's, and opening a hazard beside it. */
export const alarmActionNames = [...workflowActions(alarmWorkflow), openHazardAction.name] as const;

/** One alarm as the lists show it, with the device it concerns. */
export const alarm = z.object({
  id,
  code: z.string(),
  level: alarmLevel,
  status: alarmStatus,
  ruleId: id.nullable(),
  ruleName: z.string().nullable(),
  deviceId: id,
  deviceCode: z.string(),
  deviceName: z.string(),
  deviceType: z.string(),
  orgId: id,
  orgName: z.string(),
  placeName: z.string().nullable(),
  streetName: z.string().nullable(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  metric: z.string(),
  unit: z.string().nullable(),
  firstValue: z.number(),
  lastValue: z.number(),
  threshold: z.number().nullable(),
  /** How many crossings of the same rule on the same device folded into this alarm. */
  count: z.number().int(),
  raisedAt: timestamp,
  lastRaisedAt: timestamp,
  /** The values returned to normal; the alarm stays open until a person closes it. */
  clearedAt: timestamp.nullable(),
  acknowledgedAt: timestamp.nullable(),
  escalationLevel: z.number().int(),
  dispatchOrgId: id.nullable(),
  dispatchOrgName: z.string().nullable(),
  dispatchDeadline: timestamp.nullable(),
  hazardId: id.nullable(),
  hazardCode: z.string().nullable(),
  riskSourceId: id.nullable(),
  closedAt: timestamp.nullable(),
  allowedActions: allowedActions(alarmActionNames),
});
export type Alarm = z.infer<typeof alarm>;

/** One alarm with its history (raised, folded, escalated, each step of the loop). */
export const alarmDetail = alarm.extend({
  acknowledgedBy: z.string().nullable(),
  escalatedAt: timestamp.nullable(),
  nextReminderAt: timestamp.nullable(),
  timeline: z.array(timelineEntry),
});
export type AlarmDetail = z.infer<typeof alarmDetail>;

export const alarmFilters = {
  deviceId: id.optional(),
  status: alarmStatus.optional(),
  level: alarmLevel.optional(),
  /** `true`: every alarm not yet closed. */
  open: z.enum(['true', 'false']).optional(),
  streetId: id.optional(),
};
export const alarmSorts = ['raisedAt', 'lastRaisedAt', 'level', 'code'] as const;

export const listAlarms = endpoint({
  method: 'GET',
  path: '/api/alarms',
  permission: 'monitoring.read',
  summary: '报警列表 / Alarms within reach (an enterprise its own devices; a street the devices in its area)',
  tags: ['monitoring'],
  query: listQuery({ sort: alarmSorts, filters: alarmFilters }),
  response: page(alarm),
});

export const getAlarm = endpoint({
  method: 'GET',
  path: '/api/alarms/:id',
  permission: 'monitoring.read',
  summary: '报警详情 / One alarm with its level, status, count, allowed actions and history',
  tags: ['monitoring'],
  params: idParams,
  response: alarmDetail,
});

export const alarmActionBodies = { ...actionBodies(alarmWorkflow), openHazard: openHazardInput };

export const alarmAction = endpoint({
  method: 'POST',
  path: '/api/alarms/:id/actions/:action',
  permission: 'monitoring.read',
  summary:
    '报警处置 / A step of the loop: acknowledge, confirm, dismiss, dispatch {orgId, deadline, instructions}, answer {feedback}, close {note}, openHazard',
  tags: ['monitoring'],
  params: actionParams,
  body: actionBody(alarmActionBodies),
  response: alarmDetail,
  errors: ['RULE_VIOLATION'],
});

export const exportAlarms = endpoint({
  method: 'GET',
  path: '/api/alarms.xlsx',
  permission: 'monitoring.read',
  summary: '导出报警记录 / The alarms within reach as xlsx, with the list filters',
  tags: ['monitoring'],
  query: listQuery({ sort: alarmSorts, filters: alarmFilters }).omit({ page: true, pageSize: true }),
  produces: [mediaType.xlsx],
  errors: ['RULE_VIOLATION'],
});

const perLevelChannels = z.object({
  red: z.array(alarmChannel).max(alarmChannels.length),
  orange: z.array(alarmChannel).max(alarmChannels.length),
  yellow: z.array(alarmChannel).max(alarmChannels.length),
  blue: z.array(alarmChannel).max(alarmChannels.length),
});

/** A person's channels per level; `required` are those the administrator set for every red alarm. */
export const channelPrefsView = z.object({
  channels: perLevelChannels,
  required: perLevelChannels,
});
export type ChannelPrefsView = z.infer<typeof channelPrefsView>;

export const getChannelPrefs = endpoint({
  method: 'GET',
  path: '/api/alarms/channel-prefs',
  permission: 'monitoring.read',
  summary: '我的报警通知渠道 / The channels I am reached on per level, with those required for red',
  tags: ['monitoring'],
  response: channelPrefsView,
});

export const updateChannelPrefs = endpoint({
  method: 'PUT',
  path: '/api/alarms/channel-prefs',
  permission: 'monitoring.read',
  summary: '设置我的报警通知渠道 / Choose the channels per level (red keeps the required ones)',
  tags: ['monitoring'],
  body: z.object({ channels: perLevelChannels }),
  response: channelPrefsView,
});

/** The settings in force, the defaults beside them, each default's source, and who changed them last. */
export const alarmSettingsView = z.object({
  settings: alarmSettings,
  defaults: alarmSettings,
  sources: z.record(
    z.string(),
    z.object({
      label: z.object({ zh: z.string(), en: z.string() }),
      source: z.object({ zh: z.string(), en: z.string() }),
      confidence: z.string(),
    }),
  ),
  updatedAt: timestamp.nullable(),
  updatedBy: z.string().nullable(),
  allowedActions: allowedActions(['update']),
});
export type AlarmSettingsView = z.infer<typeof alarmSettingsView>;

export const getAlarmSettings = endpoint({
  method: 'GET',
  path: '/api/alarms/settings',
  // Not every reader: the SMS gateway's address may carry its key.
  permission: 'monitoring.rule',
  summary: '报警设置（升级时限、重复提醒、红色必选渠道、短信网关） / The alarm settings',
  tags: ['monitoring'],
  response: alarmSettingsView,
});

export const updateAlarmSettings = endpoint({
  method: 'PUT',
  path: '/api/alarms/settings',
  permission: 'monitoring.rule',
  summary: '修改报警设置 / Change the alarm settings',
  tags: ['monitoring'],
  body: alarmSettings,
  response: alarmSettingsView,
});
