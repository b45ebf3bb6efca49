/** The monitoring module's endpoints: 预警发布 — warnings drafted, approved, published in CAP 1.2, updated, cancelled. */
import { z } from 'zod';
import { capMediaType, warningLevels, warningTypeCodes } from '../monitoring/cap.js';
import {
  capMsgTypes,
  deliveryStatuses,
  warningArea,
  warningChannels,
  warningContent,
  warningStatuses,
  warningWorkflow,
} from '../monitoring/warning-workflow.js';
import {
  actionBodies,
  actionBody,
  actionParams,
  allowedActions,
  bilingual,
  id,
  idParams,
  listQuery,
  ok,
  page,
  timelineEntry,
  timestamp,
  workflowActions,
} from './common.js';
import { endpoint } from './endpoint.js';
import { nameInput } from '../text.js';

/** What one channel did when a version went out. */
export const warningDelivery = z.object({
  channel: z.enum(warningChannels),
  status: z.enum(deliveryStatuses),
  /** People notified in the app, robots or gateways queued. */
  count: z.number().int(),
  note: z.string().nullable(),
});

/** One published version (CAP message) of a warning. */
export const warningVersion = z.object({
  version: z.number().int(),
  identifier: z.string(),
  msgType: z.enum(capMsgTypes),
  sent: timestamp,
  /** The CAP `references` of an Update or Cancel: "sender,identifier,sent" of the earlier messages. */
  references: z.string().nullable(),
  deliveries: z.array(warningDelivery),
});

/** A warning as the office sees it. */
export const warning = z.object({
  id,
  status: z.enum(warningStatuses),
  statusLabel: bilingual,
  type: z.enum(warningTypeCodes),
  level: z.enum(warningLevels),
  headline: z.string(),
  description: z.string(),
  instruction: z.string(),
  audience: z.string(),
  areaDesc: z.string(),
  area: warningArea.nullable(),
  streetIds: z.array(id),
  onset: timestamp.nullable(),
  expires: timestamp,
  channels: z.array(z.enum(warningChannels)),
  /** A draft made from an imported CAP message: its sender and identifier. */
  importedFrom: z.string().nullable(),
  version: z.number().int(),
  /** The current CAP identifier, once published. */
  identifier: z.string().nullable(),
  publishedAt: timestamp.nullable(),
  createdBy: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
  allowedActions: allowedActions([...workflowActions(warningWorkflow), 'edit']),
  versions: z.array(warningVersion),
  timeline: z.array(timelineEntry),
});
export type Warning = z.infer<typeof warning>;
/** What the editor sends: a warning's content as the client writes it. */
export type WarningContentInput = z.input<typeof warningContent>;

/** A row of the office's list. */
export const warningRow = warning.pick({
  id: true,
  status: true,
  statusLabel: true,
  type: true,
  level: true,
  headline: true,
  areaDesc: true,
  onset: true,
  expires: true,
  version: true,
  publishedAt: true,
  createdAt: true,
});

export const listWarnings = endpoint({
  method: 'GET',
  path: '/api/warnings',
  permission: 'monitoring.read',
  summary: '预警信息列表（草稿和待审批仅起草、审批人员可见） / Warnings (drafts only for those who draft or approve)',
  tags: ['monitoring'],
  query: listQuery({
    sort: ['createdAt', 'expires', 'level', 'publishedAt'],
    filters: {
      status: z.enum(warningStatuses).optional(),
      level: z.enum(warningLevels).optional(),
      type: z.enum(warningTypeCodes).optional(),
    },
  }),
  response: page(warningRow),
});

export const createWarning = endpoint({
  method: 'POST',
  path: '/api/warnings',
  permission: 'monitoring.warn',
  summary: '起草预警信息 / Draft a warning',
  tags: ['monitoring'],
  body: warningContent,
  response: warning,
  status: 201,
  errors: ['RULE_VIOLATION'],
});

export const getWarning = endpoint({
  method: 'GET',
  path: '/api/warnings/:id',
  permission: 'monitoring.read',
  summary: '预警信息详情：版本、发布渠道结果和流转记录 / A warning with its versions, deliveries and timeline',
  tags: ['monitoring'],
  params: idParams,
  response: warning,
});

export const updateWarning = endpoint({
  method: 'PUT',
  path: '/api/warnings/:id',
  permission: 'monitoring.warn',
  summary: '修改预警草稿 / Edit a draft (a published warning changes through the update action)',
  tags: ['monitoring'],
  params: idParams,
  body: warningContent,
  response: warning,
  errors: ['INVALID_TRANSITION', 'RULE_VIOLATION'],
});

/** The body of each action, keyed by the `:action` path parameter. */
export const warningActionBodies = actionBodies(warningWorkflow);

export const warningAction = endpoint({
  method: 'POST',
  path: '/api/warnings/:id/actions/:action',
  permission: 'monitoring.warn',
  summary: '提交、审批发布、退回、更新、解除预警 / Submit, approve (publishes), return, update or cancel a warning',
  tags: ['monitoring'],
  params: actionParams,
  body: actionBody(warningActionBodies),
  response: warning,
  errors: ['RULE_VIOLATION'],
});

export const importWarning = endpoint({
  method: 'POST',
  path: '/api/warnings/import',
  permission: 'monitoring.warn',
  summary: '导入 CAP 1.2 预警信息为草稿（转发） / Import a CAP 1.2 message (file field `file`) as a draft for relay',
  tags: ['monitoring'],
  upload: { accept: [capMediaType] },
  response: warning,
  status: 201,
  errors: ['RULE_VIOLATION'],
});

/** The settings of warning publication: the SMS gateway and the CAP sender. */
export const warningSettings = z.object({
  /** Where the SMS gateway takes a warning (POST JSON); none → the SMS channel is recorded as skipped. */
  smsGatewayUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable(),
  /** CAP `sender` (CAP 1.2: "globally unique", e.g. an e-mail-like address). */
  capSender: z
    .string()
    .trim()
    .min(3)
    .max(200)
    .regex(/^[^\s,<>&]+$/, 'CAP sender 不能含空格、逗号或 <>& / no spaces, commas or <>&'),
  /** GB/T 2260 division code of the issuing district (identifier ZZZZZZ). */
  divisionCode: z.string().regex(/^\d{6}$/, '6 位行政区划代码 / a 6-digit division code'),
  /** GB/T 4657 agency code (identifier DDD). */
  agencyCode: z.string().regex(/^\d{3}$/, '3 位机构编码 / a 3-digit agency code'),
  /** Where each default comes from and whether it was checked (`monitoring.warningSettingSources`). */
  sources: z.record(z.string(), z.object({ source: bilingual, confidence: z.string() })),
});
export type WarningSettings = z.infer<typeof warningSettings>;

export const getWarningSettings = endpoint({
  method: 'GET',
  path: '/api/warnings/settings',
  permission: 'monitoring.warn.approve',
  summary: '预警发布设置（短信网关、CAP 发送方） / Warning settings (SMS gateway, CAP sender)',
  tags: ['monitoring'],
  response: warningSettings,
});

export const putWarningSettings = endpoint({
  method: 'PUT',
  path: '/api/warnings/settings',
  permission: 'monitoring.warn.approve',
  summary: '修改预警发布设置 / Change the warning settings',
  tags: ['monitoring'],
  body: warningSettings.omit({ sources: true }),
  response: warningSettings,
  errors: ['RULE_VIOLATION'],
});

/**
 * A CAP source an approver subscribed to (e.g. the provincial 突发事件预警信息发布 feed on the intranet): a URL that
 * answers one CAP 1.2 `<alert>`. Its host must be public or on the platform's egress allow-list
 * (`CITYSAFE_WEBHOOK_ALLOW_HOSTS`), checked when it is saved and again on every fetch.
 */
export const capFeedInput = z.object({
  name: nameInput().min(1).max(100),
  url: z.url({ protocol: /^https?$/, error: '订阅源地址须为 http(s) 网址 / the feed URL must be an http(s) URL' }).max(2000),
});
export type CapFeedInput = z.infer<typeof capFeedInput>;
export const capFeed = capFeedInput.extend({
  id,
  createdAt: timestamp,
  lastFetchedAt: timestamp.nullable(),
  /** What the last fetch did: imported drafts, identifiers already imported, or why it failed. */
  lastResult: z.object({ imported: z.number().int(), duplicates: z.number().int(), error: bilingual.nullable() }).nullable(),
});
export type CapFeed = z.infer<typeof capFeed>;

export const listCapFeeds = endpoint({
  method: 'GET',
  path: '/api/warnings/feeds',
  permission: 'monitoring.warn',
  summary: 'CAP 订阅源 / The CAP feeds warnings are imported from',
  tags: ['monitoring'],
  response: z.array(capFeed),
});

export const createCapFeed = endpoint({
  method: 'POST',
  path: '/api/warnings/feeds',
  permission: 'monitoring.warn.approve',
  summary: '添加 CAP 订阅源（地址须为公网或已列入出站白名单） / Subscribe to a CAP feed (a public or allow-listed host)',
  tags: ['monitoring'],
  body: capFeedInput,
  response: capFeed,
  status: 201,
  errors: ['RULE_VIOLATION'],
});

export const deleteCapFeed = endpoint({
  method: 'DELETE',
  path: '/api/warnings/feeds/:id',
  permission: 'monitoring.warn.approve',
  summary: '删除 CAP 订阅源 / Remove a CAP feed (the drafts it made stay)',
  tags: ['monitoring'],
  params: idParams,
  response: ok,
});

/** A fetch of one feed: the drafts it made; an identifier already imported is counted, not drafted again. */
export const capFeedImport = z.object({ feed: capFeed, imported: z.array(warning), duplicates: z.number().int() });
export type CapFeedImport = z.infer<typeof capFeedImport>;

export const importCapFeed = endpoint({
  method: 'POST',
  path: '/api/warnings/feeds/:id/import',
  permission: 'monitoring.warn',
  summary:
    '从订阅源导入 CAP 预警为草稿（超时 10 秒、最大 1 MB、同一 CAP 标识只导入一次） / Fetch a feed and draft its CAP warning (10 s timeout, 1 MB, each identifier once)',
  tags: ['monitoring'],
  params: idParams,
  response: capFeedImport,
  errors: ['RULE_VIOLATION'],
});

/** A warning in force as the public sees it: no drafter, no internal fields. */
export const publicWarning = z.object({
  id,
  type: z.enum(warningTypeCodes),
  typeLabel: bilingual,
  level: z.enum(warningLevels),
  levelLabel: bilingual,
  headline: z.string(),
  description: z.string(),
  instruction: z.string(),
  audience: z.string(),
  areaDesc: z.string(),
  area: warningArea.nullable(),
  onset: timestamp.nullable(),
  expires: timestamp,
  sent: timestamp,
  version: z.number().int(),
  identifier: z.string(),
  /** The CAP 1.2 document of this warning. */
  capUrl: z.string(),
});
export type PublicWarning = z.infer<typeof publicWarning>;

export const listPublicWarnings = endpoint({
  method: 'GET',
  path: '/api/public/warnings',
  permission: 'public',
  summary: '生效中的预警信息（免登录） / Warnings in force (public, no login)',
  tags: ['monitoring'],
  response: z.object({ items: z.array(publicWarning), updatedAt: timestamp }),
});

export const publicWarningCap = endpoint({
  method: 'GET',
  path: '/api/public/warnings/:id.cap',
  permission: 'public',
  summary: '预警信息的 CAP 1.2 文档（最新版本） / The CAP 1.2 document of a published warning (its latest version)',
  tags: ['monitoring'],
  params: z.object({ id }),
  produces: [capMediaType],
});

export const publicWarningsAtom = endpoint({
  method: 'GET',
  path: '/api/public/warnings.atom',
  permission: 'public',
  summary: '预警信息 Atom 订阅（链接 CAP 文档） / Atom feed of the warnings in force, linking their CAP documents',
  tags: ['monitoring'],
  produces: ['application/atom+xml'],
});
