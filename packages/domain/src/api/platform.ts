import { z } from 'zod';
import { nameInput, textInput } from '../text.js';
import { bilingual, id, idParams, listQuery, ok, page, timestamp } from './common.js';
import { endpoint, mediaType } from './endpoint.js';

export const health = endpoint({
  method: 'GET',
  path: '/api/health',
  permission: 'public',
  summary:
    '健康检查（数据库无法连接时返回 503，status 为 down）/ Liveness, database kind and PostGIS version (503 with status `down` while the database cannot be reached)',
  tags: ['platform'],
  response: z.object({
    /** `degraded`: PostGIS missing; `down`: the database cannot be reached (answered with 503). */
    status: z.enum(['ok', 'degraded', 'down']),
    database: z.enum(['pglite', 'postgres']),
    postgis: z.string().nullable(),
    version: z.string(),
  }),
});

/** One kind of job with attempts failing: failed for good, or waiting to try again after an error. */
export const failingJobKind = z.object({
  kind: z.string(),
  failed: z.number().int(),
  retrying: z.number().int(),
  lastError: z.string().nullable(),
  lastAt: timestamp.nullable(),
});

/** The kind of job that delivers a message to a 企业微信 / 钉钉 robot. */
export const WEBHOOK_DELIVERY_JOB = 'webhook.deliver';

export const platformHealth = endpoint({
  method: 'GET',
  path: '/api/platform/health',
  permission: 'platform.health',
  summary: '平台运行状况 / Failing jobs and webhook deliveries, disk use of the data folder, age of the last backup',
  tags: ['platform'],
  response: z.object({
    checkedAt: timestamp,
    /** Jobs failed within the last 7 days or waiting to retry after an error, by kind (webhook deliveries among them). */
    jobs: z.object({ failed: z.number().int(), retrying: z.number().int(), byKind: z.array(failingJobKind) }),
    webhookDeliveries: z.object({ failed: z.number().int(), retrying: z.number().int() }),
    /** The data folder (embedded database, attachments, keys) and the file system it lives on. */
    disk: z.object({ usedBytes: z.number(), freeBytes: z.number().nullable(), totalBytes: z.number().nullable() }),
    /** Written by `citysafe backup`; null when no backup was ever recorded. */
    lastBackup: z.object({ at: timestamp, file: z.string() }).nullable(),
  }),
});

// ---- audit ----

/** One field an edit changed, as it was and as it became. */
export const auditChange = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });

export const auditEntry = z.object({
  id: z.string(),
  at: timestamp,
  actorId: z.string().nullable(),
  actorName: z.string(),
  /** The org the actor belongs to now; null for the platform itself and for removed accounts. */
  actorOrgName: z.string().nullable(),
  ip: z.string().nullable(),
  action: z.string(),
  actionLabel: bilingual,
  entityType: z.string(),
  entityLabel: bilingual,
  entityId: z.string().nullable(),
  /** The module that writes this kind of object, by key; null for rows no module names. */
  module: z.string().nullable(),
  /** What happened as a sentence: "张三（应急管理局）退回 第42项任务 新筑街办：理由…". */
  sentence: bilingual,
  /** Where the object lives in the web app, when its module says so. */
  link: z.string().nullable(),
  /** The fields an edit changed (empty for a creation, a deletion or a row without both snapshots). */
  changes: z.array(auditChange),
  before: z.unknown(),
  after: z.unknown(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

/** The filters of the audit log, shared by the list and its xlsx export. */
const auditFilters = {
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  /** 操作人 */
  actorId: id.optional(),
  /** 单位: rows by people of this org and the orgs under it. */
  orgId: id.optional(),
  /** 模块, by key (`campaign`). */
  module: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
};

export const listAudit = endpoint({
  method: 'GET',
  path: '/api/audit',
  permission: 'audit.read',
  summary: '审计日志 / The audit log, newest first, filtered by person, org, module, action, object or time',
  tags: ['audit'],
  query: listQuery({ sort: ['at', 'actorName', 'action', 'entityType'], filters: auditFilters }),
  response: page(auditEntry),
});

/** The most rows one export holds; a wider selection is refused so that the reader narrows it. */
export const AUDIT_EXPORT_MAX_ROWS = 10_000;

export const auditXlsx = endpoint({
  method: 'GET',
  path: '/api/audit.xlsx',
  permission: 'audit.read',
  summary: `导出审计日志 / The filtered audit log as xlsx (at most ${AUDIT_EXPORT_MAX_ROWS} rows)`,
  tags: ['audit'],
  query: listQuery({ sort: ['at', 'actorName', 'action', 'entityType'], filters: auditFilters }).omit({ page: true, pageSize: true }),
  produces: [mediaType.xlsx],
  errors: ['RULE_VIOLATION'],
});

/** What the audit log's filters offer: every module, object type and action with its labels. */
export const auditLabels = endpoint({
  method: 'GET',
  path: '/api/audit/labels',
  permission: 'audit.read',
  summary: '审计日志的模块、对象和操作名称 / The modules, object types and actions the audit log names',
  tags: ['audit'],
  response: z.object({
    modules: z.array(z.object({ key: z.string(), label: bilingual })),
    objects: z.array(z.object({ key: z.string(), label: bilingual, module: z.string().nullable() })),
    actions: z.array(z.object({ key: z.string(), label: bilingual, module: z.string().nullable() })),
  }),
});

export const verifyAudit = endpoint({
  method: 'GET',
  path: '/api/audit/verify',
  permission: 'audit.read',
  summary: '校验审计链 / Check the hash chain; reports the first broken row',
  tags: ['audit'],
  response: z.object({ ok: z.boolean(), rows: z.number(), firstBrokenId: z.string().nullable(), reason: z.string().nullable() }),
});

// ---- files ----

export const fileMeta = z.object({
  id,
  name: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  orgId: id,
  uploadedBy: id.nullable(),
  createdAt: timestamp,
});
export type FileMeta = z.infer<typeof fileMeta>;

export const uploadFile = endpoint({
  method: 'POST',
  path: '/api/files',
  permission: 'file.upload',
  summary: '上传附件 / Upload one attachment (multipart field `file`); type checked by content',
  tags: ['files'],
  response: fileMeta,
  status: 201,
  upload: {},
});

export const getFileMeta = endpoint({
  method: 'GET',
  path: '/api/files/:id/meta',
  permission: 'file.read',
  summary: '附件信息 / Metadata of an attachment',
  tags: ['files'],
  params: idParams,
  response: fileMeta,
});

export const downloadFile = endpoint({
  method: 'GET',
  path: '/api/files/:id',
  permission: 'file.read',
  summary: '下载附件 / Download an attachment',
  tags: ['files'],
  params: idParams,
  produces: [mediaType.binary],
});

// ---- notifications ----

export const notification = z.object({
  id,
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  kind: z.string(),
  createdAt: timestamp,
  readAt: timestamp.nullable(),
});
export type Notification = z.infer<typeof notification>;

export const listNotifications = endpoint({
  method: 'GET',
  path: '/api/notifications',
  permission: 'authenticated',
  summary: '我的通知 / The caller’s notifications, newest first',
  tags: ['notifications'],
  query: listQuery({
    sort: ['createdAt', 'title'],
    filters: {
      unread: z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .optional(),
      kind: z.string().max(64).optional(),
    },
  }),
  response: page(notification).extend({ unread: z.number().int() }),
});

export const markNotificationRead = endpoint({
  method: 'POST',
  path: '/api/notifications/:id/read',
  permission: 'authenticated',
  summary: '标为已读 / Mark one notification read',
  tags: ['notifications'],
  params: idParams,
  response: ok,
});

export const markAllNotificationsRead = endpoint({
  method: 'POST',
  path: '/api/notifications/read-all',
  permission: 'authenticated',
  summary: '全部已读 / Mark all the caller’s notifications read',
  tags: ['notifications'],
  response: z.object({ updated: z.number().int() }),
});

export const notificationStream = endpoint({
  method: 'GET',
  path: '/api/notifications/stream',
  permission: 'authenticated',
  summary: '通知推送 / Server-Sent Events: `notification` events as they arrive',
  tags: ['notifications'],
  produces: [mediaType.eventStream],
});

export const sendNotification = endpoint({
  method: 'POST',
  path: '/api/notifications',
  permission: 'notification.send',
  summary: '发送通知 / Notify users or whole orgs in the caller’s scope',
  tags: ['notifications'],
  body: z
    .object({
      title: nameInput().min(1).max(200),
      body: textInput().max(5000).default(''),
      link: z.string().max(500).nullable().optional(),
      userIds: z.array(id).max(1000).optional(),
      orgIds: z.array(id).max(200).optional(),
    })
    .refine((v) => (v.userIds?.length ?? 0) + (v.orgIds?.length ?? 0) > 0, {
      message: '请选择接收人或机构 / choose recipients',
      path: ['userIds'],
    }),
  response: z.object({ recipients: z.number().int() }),
  status: 201,
});

// ---- webhooks (企业微信 / 钉钉 group robots) ----

export const webhookKinds = ['wecom', 'dingtalk'] as const;

export const webhook = z.object({
  id,
  name: z.string(),
  kind: z.enum(webhookKinds),
  url: z.string(),
  hasSecret: z.boolean(),
  /** Notification kinds forwarded; empty = all. */
  kinds: z.array(z.string()),
  orgId: id,
  enabled: z.boolean(),
  createdAt: timestamp,
});

const webhookFields = z.object({
  name: nameInput().min(1).max(100),
  kind: z.enum(webhookKinds),
  url: z.url({ protocol: /^https?$/ }).max(1000),
  /** 钉钉 加签 secret (SEC…); ignored for 企业微信. */
  secret: z.string().max(200).nullable().optional(),
  kinds: z.array(z.string().max(64)).max(50).default([]),
  enabled: z.boolean().default(true),
});

export const listWebhooks = endpoint({
  method: 'GET',
  path: '/api/webhooks',
  permission: 'webhook.manage',
  summary: '消息推送 / Outgoing webhooks to 企业微信 / 钉钉 group robots',
  tags: ['webhooks'],
  query: listQuery({
    sort: ['createdAt', 'name', 'kind'],
    filters: {
      kind: z.enum(webhookKinds).optional(),
      enabled: z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .optional(),
    },
  }),
  response: page(webhook),
});

export const createWebhook = endpoint({
  method: 'POST',
  path: '/api/webhooks',
  permission: 'webhook.manage',
  summary: '新建消息推送 / Add a group robot',
  tags: ['webhooks'],
  body: webhookFields,
  response: webhook,
  status: 201,
});

export const updateWebhook = endpoint({
  method: 'PATCH',
  path: '/api/webhooks/:id',
  permission: 'webhook.manage',
  summary: '修改消息推送 / Change a group robot',
  tags: ['webhooks'],
  params: idParams,
  body: webhookFields.partial(),
  response: webhook,
});

export const deleteWebhook = endpoint({
  method: 'DELETE',
  path: '/api/webhooks/:id',
  permission: 'webhook.manage',
  summary: '删除消息推送 / Remove a group robot',
  tags: ['webhooks'],
  params: idParams,
  response: ok,
});

export const testWebhook = endpoint({
  method: 'POST',
  path: '/api/webhooks/:id/test',
  permission: 'webhook.manage',
  summary: '测试消息推送 / Queue a test message to the robot',
  tags: ['webhooks'],
  params: idParams,
  response: z.object({ jobId: z.string() }),
  status: 201,
});

// ---- the daily digest of one's 待办 through a group robot ----

/** The job kind of the daily digest run: one a day at `CITYSAFE_DIGEST_HOUR` (Asia/Shanghai). */
export const INBOX_DIGEST_JOB = 'notifications.inboxDigest';
/** The notification kind a robot's `kinds` names to carry digests (an empty `kinds` carries them too). */
export const INBOX_DIGEST_KIND = 'inbox.digest';

/** A group robot a person may have their digest sent to: enabled, of their org or one above it. */
export const digestRobot = z.object({
  id,
  name: z.string(),
  kind: z.enum(webhookKinds),
  orgId: id,
  orgName: z.string(),
});

export const digestSetting = z.object({
  enabled: z.boolean(),
  webhookId: id.nullable(),
  /** The hour (Asia/Shanghai) at which digests go out, from the server's configuration. */
  hour: z.number().int(),
  /** The last day (Asia/Shanghai) a digest was sent to this person. */
  lastSentOn: z.iso.date().nullable(),
  /** Whether the digest can @-mention the person: their phone is a mobile number. */
  mentionable: z.boolean(),
  robots: z.array(digestRobot),
});

export const getDigest = endpoint({
  method: 'GET',
  path: '/api/me/digest',
  permission: 'authenticated',
  summary: '每日待办推送 / The caller’s daily digest of their 待办 through a group robot, and the robots they may choose',
  tags: ['notifications'],
  response: digestSetting,
});

export const updateDigest = endpoint({
  method: 'PUT',
  path: '/api/me/digest',
  permission: 'authenticated',
  summary: '设置每日待办推送 / Turn one’s daily digest on or off and choose its robot (one of the caller’s reach: 422 otherwise)',
  tags: ['notifications'],
  body: z.object({ enabled: z.boolean(), webhookId: id.nullable() }).refine((b) => !b.enabled || b.webhookId !== null, {
    path: ['webhookId'],
    message: '开启每日推送需选择群机器人 / choose a robot to turn the digest on',
  }),
  response: digestSetting,
  errors: ['RULE_VIOLATION'],
});

// ---- settings shown to the browser ----

/**
 * The base map's PMTiles archive, read by the browser in pieces: answers a `Range: bytes=a-b`
 * with 206 and `Content-Range`, honours `If-Range` against the ETag, 416 for a range past the end.
 */
export const getBasemap = endpoint({
  method: 'GET',
  path: '/api/map/basemap.pmtiles',
  permission: 'authenticated',
  summary: '底图（PMTiles，支持 Range 分段读取）/ The base map as a PMTiles archive, read with range requests',
  tags: ['map'],
  produces: ['application/vnd.pmtiles'],
  // 404 while no base map is in place.
  errors: ['NOT_FOUND'],
});

export const clientConfig = endpoint({
  method: 'GET',
  path: '/api/config',
  permission: 'public',
  summary: '前端配置 / Map tiles and other settings the web app needs',
  tags: ['platform'],
  response: z.object({
    map: z.object({
      /** Raster tile URL template set by the administrator; null = offline base map only. */
      tileUrl: z.string().nullable(),
      /** GCJ-02 for 天地图/AMap-style tiles, WGS-84 otherwise. */
      tileCrs: z.enum(['wgs84', 'gcj02']),
      attribution: z.string().nullable(),
      center: z.tuple([z.number(), z.number()]),
      zoom: z.number(),
      /** The PMTiles base map an administrator put in place (served by getBasemap); null = the district's own layers only. */
      basemap: z
        .object({
          url: z.string(),
          kind: z.enum(['raster', 'vector']),
          tileType: z.enum(['mvt', 'png', 'jpg', 'webp', 'avif']),
          minZoom: z.number().int(),
          maxZoom: z.number().int(),
          /** [west, south, east, north], WGS-84. */
          bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
        })
        .nullable(),
    }),
    districtName: z.string(),
    passwordPolicySource: bilingual,
  }),
});
