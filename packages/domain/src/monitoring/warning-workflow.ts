import { z } from 'zod';
import { type Bilingual, bi } from '../i18n.js';
import { nameInput, textInput } from '../text.js';
import { defineWorkflow } from '../workflow/engine.js';
import { warningLevels, warningTypeCodes } from './cap.js';

/** How a published warning reaches people (issue #12 预警发布: the platform, the robots, the public page, an SMS gateway). */
export const warningChannels = ['app', 'robot', 'public', 'sms'] as const;
export type WarningChannel = (typeof warningChannels)[number];
export const warningChannelLabels: Record<WarningChannel, Bilingual> = {
  app: bi('平台通知', 'In-app notification'),
  robot: bi('企业微信/钉钉机器人', 'WeCom / DingTalk robots'),
  public: bi('公众预警页面', 'Public warnings page'),
  sms: bi('短信网关', 'SMS gateway'),
};

/** What became of one channel when a version was published: `skipped` says why nothing was sent (not configured). */
export const deliveryStatuses = ['sent', 'queued', 'skipped'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];
/** One channel's outcome for one published version. */
export interface WarningDeliveryRecord {
  channel: WarningChannel;
  status: DeliveryStatus;
  count: number;
  note: string | null;
}

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).rest(z.number());
const ring = z.array(position).min(4, '面的每个环至少 4 个点且首尾相同 / a ring needs at least 4 positions, first = last').max(10_000);

/** A warning's area as drawn: a GeoJSON polygon or multipolygon in WGS-84 (longitude first). */
export const warningArea = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1).max(50) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1).max(50)).min(1).max(100) }),
]);

/**
 * What a warning says (the editor's fields and the `update` action's): type, level, area (a polygon and/or the
 * streets it covers — at least one), validity, the texts and the channels. Checked again as a whole by
 * `warningContentProblem` (expires after onset).
 */
export const warningContent = z.object({
  type: z.enum(warningTypeCodes),
  level: z.enum(warningLevels),
  headline: nameInput().min(2).max(160),
  description: textInput().min(2).max(4000),
  instruction: textInput().max(4000).default(''),
  /** 发布对象: who it is addressed to, in words (CAP info/audience). */
  audience: textInput().max(500).default(''),
  /** 预警区域 in words (CAP area/areaDesc); filled from the streets when empty. */
  areaDesc: textInput().max(500).default(''),
  area: warningArea.nullable().default(null),
  streetIds: z.array(z.uuid()).max(200).default([]),
  onset: z.iso.datetime({ offset: true }).nullable().default(null),
  expires: z.iso.datetime({ offset: true }),
  channels: z.array(z.enum(warningChannels)).max(warningChannels.length).default(['app', 'public']),
});
export type WarningContent = z.output<typeof warningContent>;

/** The rules across fields: an area to warn, and a validity that ends after it starts. Null when all is well. */
export function warningContentProblem(
  c: Pick<WarningContent, 'area' | 'streetIds' | 'onset' | 'expires'>,
): { field: string; message: Bilingual } | null {
  if (!c.area && c.streetIds.length === 0)
    return { field: 'area', message: bi('请在地图上画出预警区域或选择街道', 'Draw the area on the map or choose the streets') };
  if (c.onset && Date.parse(c.expires) <= Date.parse(c.onset))
    return { field: 'expires', message: bi('失效时间须晚于生效时间', 'The warning must expire after its onset') };
  return null;
}

const reason = z.object({ reason: textInput().min(2, '请填写原因 / give a reason').max(2000) });

/**
 * 预警发布: drafted (monitoring.warn) → submitted for approval → approved and published at once by the holder of
 * monitoring.warn.approve (or returned to the drafter) → updated while in force (each update a new version, CAP
 * msgType Update referencing the previous one) → cancelled (CAP Cancel) or expired when its time is over (the
 * platform's job). Every step is audited through the timeline.
 */
export const warningWorkflow = defineWorkflow({
  entity: 'warning',
  initial: 'draft',
  states: {
    draft: { label: bi('草稿', 'Draft') },
    pending: { label: bi('待审批', 'Awaiting approval') },
    published: { label: bi('已发布', 'Published') },
    cancelled: { label: bi('已解除', 'Cancelled'), terminal: true },
    expired: { label: bi('已过期', 'Expired'), terminal: true },
  },
  actions: {
    submit: { label: bi('提交审批', 'Submit for approval'), from: ['draft'], to: 'pending', permission: 'monitoring.warn' },
    approve: { label: bi('审批发布', 'Approve and publish'), from: ['pending'], to: 'published', permission: 'monitoring.warn.approve' },
    return: {
      label: bi('退回修改', 'Return for changes'),
      from: ['pending'],
      to: 'draft',
      permission: 'monitoring.warn.approve',
      input: reason,
    },
    update: {
      label: bi('更新预警', 'Update'),
      from: ['published'],
      to: 'published',
      permission: 'monitoring.warn.approve',
      input: warningContent,
    },
    cancel: {
      label: bi('解除预警', 'Cancel'),
      from: ['draft', 'pending', 'published'],
      to: 'cancelled',
      permission: 'monitoring.warn.approve',
      input: reason,
    },
    expire: { label: bi('到期失效', 'Expire'), from: ['published'], to: 'expired', permission: 'system' },
  },
});
export type WarningStatus = keyof typeof warningWorkflow.states;
export const warningStatuses = Object.keys(warningWorkflow.states) as [WarningStatus, ...WarningStatus[]];

/** The CAP msgType of a version: the first publication, an update, or the cancellation (CAP 1.2 §3.2.1). */
export const capMsgTypes = ['Alert', 'Update', 'Cancel'] as const;
export type CapMsgType = (typeof capMsgTypes)[number];
