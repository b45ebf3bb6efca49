import { z } from 'zod';
import { type Bilingual, bi } from '../i18n.js';
import type { Confidence } from '../risk/grading.js';

/**
 * The four alarm levels, the statutory warning colours (红 一级 / 橙 二级 / 黄 三级 / 蓝 四级, 《突发事件应对法》
 * (2007) Art. 42, renumbered in the 2024 revision; regulations.md §7.1 and §2.3), from the highest down. Codes are what the database stores.
 */
export const alarmLevels = ['red', 'orange', 'yellow', 'blue'] as const;
export type AlarmLevel = (typeof alarmLevels)[number];

export const alarmLevelInfo: Record<AlarmLevel, { label: Bilingual; hex: string; rank: number }> = {
  red: { label: bi('红色（一级）', 'Red (level 1)'), hex: '#cf1322', rank: 4 },
  orange: { label: bi('橙色（二级）', 'Orange (level 2)'), hex: '#fa8c16', rank: 3 },
  yellow: { label: bi('黄色（三级）', 'Yellow (level 3)'), hex: '#fadb14', rank: 2 },
  blue: { label: bi('蓝色（四级）', 'Blue (level 4)'), hex: '#1677ff', rank: 1 },
};

/** The kind of risk raiser an active alarm of this level opens on its device's risk source (risk/dynamic-level.ts). */
export const alarmRaiseKind = (level: AlarmLevel) => `monitoring.alarm.${level}`;

/** The new red and orange alarms sound on the situation page (态势); yellow and blue only appear. */
export const soundingLevels: readonly AlarmLevel[] = ['red', 'orange'];

/** How a person is reached: the platform's notifications (站内), the org's 企业微信/钉钉 robot, an SMS gateway. */
export const alarmChannels = ['app', 'robot', 'sms'] as const;
export type AlarmChannel = (typeof alarmChannels)[number];
export const alarmChannelLabels: Record<AlarmChannel, Bilingual> = {
  app: bi('站内消息', 'In-app'),
  robot: bi('群机器人', 'Group robot'),
  sms: bi('短信', 'SMS'),
};

const channelList = z.array(z.enum(alarmChannels)).max(alarmChannels.length);
const minutes = z.number().int().min(1).max(1440);
const perLevel = <T extends z.ZodType>(schema: T) => z.object({ red: schema, orange: schema, yellow: schema, blue: schema });

/**
 * The alarm settings an administrator with monitoring.rule may change (`PUT /api/alarms/settings`): how long an
 * alarm may stay unacknowledged before it escalates to the next circle, how often the reminders repeat, and the
 * channels a red alarm reaches everybody on whatever their own choice.
 */
export const alarmSettings = z.object({
  /** Minutes without acknowledgement before each escalation step, per level. */
  escalateAfterMinutes: perLevel(minutes),
  /** Minutes between reminders while an alarm stays unacknowledged, per level. */
  remindEveryMinutes: perLevel(minutes),
  /** The channels every red alarm reaches, added to each person's own choice. */
  redRequiredChannels: channelList,
  /**
   * The SMS gateway's URL (an HTTP POST of { phone, text }); empty when none: SMS are recorded as skipped. The same
   * gateway as the warning settings' `smsGatewayUrl`: one value, stored once, that both pages change.
   */
  smsGatewayUrl: z.union([z.url({ protocol: /^https?$/ }), z.literal('')]),
});
export type AlarmSettings = z.infer<typeof alarmSettings>;

export const defaultAlarmSettings: AlarmSettings = {
  escalateAfterMinutes: { red: 5, orange: 15, yellow: 30, blue: 120 },
  remindEveryMinutes: { red: 5, orange: 10, yellow: 30, blue: 120 },
  redRequiredChannels: ['app', 'robot'],
  smsGatewayUrl: '',
};

/** Where a setting's default comes from and how sure we are of it ([V]/[P]/[U] as in risk/grading.ts). */
export const alarmSettingSources: Record<keyof AlarmSettings, { label: Bilingual; source: Bilingual; confidence: Confidence }> = {
  escalateAfterMinutes: {
    label: bi('未确认升级时限（分钟，按级别）', 'Minutes unacknowledged before escalating, per level'),
    source: bi(
      '本地选择：指南要求“快处置”，其处置时限未检索到（regulations.md §2.3），按级别由高到低放宽',
      'Local choice: the guide asks for fast handling; its time limits were not retrieved (regulations.md §2.3), so higher levels escalate sooner',
    ),
    confidence: 'U',
  },
  remindEveryMinutes: {
    label: bi('未确认重复提醒间隔（分钟，按级别）', 'Minutes between reminders while unacknowledged, per level'),
    source: bi('本地选择', 'Local choice'),
    confidence: 'U',
  },
  redRequiredChannels: {
    label: bi('红色报警必选通知渠道', 'Channels every red alarm reaches'),
    source: bi(
      '本地选择：红色为最高级别，不得只依赖个人设置（regulations.md §7.1 预警级别）',
      'Local choice: red is the highest level and must not depend on personal choices alone (regulations.md §7.1)',
    ),
    confidence: 'U',
  },
  smsGatewayUrl: {
    label: bi('短信网关地址', 'SMS gateway URL'),
    source: bi(
      '本地配置：与预警发布共用同一短信网关，在任一设置页修改即对两者生效',
      'Local configuration: the one gateway warnings use too; changed on either settings page, it changes for both',
    ),
    confidence: 'U',
  },
};

/** Who is told at each escalation step after the first notice (the device's unit and those over its area). */
export const escalationCircles = ['parentOrg', 'safetyOffice', 'robot'] as const;
export type EscalationCircle = (typeof escalationCircles)[number];
export const escalationCircleLabels: Record<EscalationCircle, Bilingual> = {
  parentOrg: bi('设备责任单位的上级单位', 'The parent of the device’s unit'),
  safetyOffice: bi('安委办', 'Safety committee office'),
  robot: bi('订阅报警升级的群机器人', 'The group robots subscribed to escalations'),
};
