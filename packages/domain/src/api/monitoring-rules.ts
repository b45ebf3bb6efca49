import { z } from 'zod';
import { alarmLevels } from '../monitoring/alarm-levels.js';
import { deviceTypeCodes, METRIC_KEY_PATTERN } from '../monitoring/metrics.js';
import { comparisonOps, ruleKinds } from '../monitoring/rules.js';
import { nameInput } from '../text.js';
import { allowedActions, bilingual, id, idParams, listQuery, page, timestamp } from './common.js';
import { endpoint } from './endpoint.js';

/** A stored rule as the API answers it, with its condition in words. */
export const alarmRule = z.object({
  id,
  name: z.string(),
  kind: z.enum(ruleKinds),
  metric: z.string(),
  deviceId: id.nullable(),
  /** The device's code and name when the rule is for one device. */
  deviceCode: z.string().nullable(),
  deviceName: z.string().nullable(),
  deviceType: z.enum(deviceTypeCodes).nullable(),
  op: z.enum(comparisonOps).nullable(),
  threshold: z.number().nullable(),
  forSeconds: z.number().int(),
  /** The band the rule names; null when it takes the default share of the line (`hysteresisInForce` says which). */
  hysteresis: z.number().nullable(),
  hysteresisInForce: z.number(),
  windowSeconds: z.number().int().nullable(),
  count: z.number().int().nullable(),
  ratePerMinute: z.number().nullable(),
  offlineIntervals: z.number().int().nullable(),
  level: z.enum(alarmLevels),
  enabled: z.boolean(),
  condition: bilingual,
  createdAt: timestamp,
  updatedAt: timestamp,
  allowedActions: allowedActions(['update', 'delete']),
});
export type AlarmRuleView = z.infer<typeof alarmRule>;

const seconds = (max: number) => z.number().int().min(0).max(max);
const finite = z.number().min(-1e12).max(1e12);

/** The fields each kind needs beyond the common ones (the API answers 400 naming the missing one). */
const requiredByKind = {
  threshold: ['op', 'threshold'],
  count: ['op', 'threshold', 'count', 'windowSeconds'],
  rate: ['op', 'ratePerMinute'],
  offline: [],
} as const;

/**
 * `POST /api/alarm-rules` and `PUT /api/alarm-rules/{id}`: exactly one of `deviceId` and `deviceType`; `op` and
 * `threshold` for a threshold rule (the default kind), plus `count` and `windowSeconds` for a count rule,
 * `ratePerMinute` and `op` (the direction) for a rate rule; `offlineIntervals` (default 3) for an offline rule.
 */
export const alarmRuleInput = z
  .object({
    name: nameInput().min(2).max(100),
    kind: z.enum(ruleKinds).default('threshold'),
    metric: z.string().trim().regex(METRIC_KEY_PATTERN, {
      message: '指标代码为小写字母开头的字母、数字或下划线 / A metric key is a lowercase letter then letters, digits or underscores',
    }),
    deviceId: id.nullish(),
    deviceType: z.enum(deviceTypeCodes).nullish(),
    op: z.enum(comparisonOps).nullish(),
    threshold: finite.nullish(),
    forSeconds: seconds(86_400).default(0),
    hysteresis: z.number().min(0).max(1e12).nullish(),
    windowSeconds: seconds(86_400).min(1).nullish(),
    count: z.number().int().min(1).max(1000).nullish(),
    ratePerMinute: z.number().gt(0).max(1e12).nullish(),
    offlineIntervals: z.number().int().min(1).max(1000).nullish(),
    level: z.enum(alarmLevels),
    enabled: z.boolean().default(true),
  })
  .superRefine((v, ctx) => {
    if ((v.deviceId == null) === (v.deviceType == null)) {
      ctx.addIssue({
        code: 'custom',
        path: [v.deviceId == null ? 'deviceId' : 'deviceType'],
        message: '设备和设备类型须且只能填一项 / Give exactly one of deviceId and deviceType',
      });
    }
    for (const field of requiredByKind[v.kind]) {
      if (v[field] == null)
        ctx.addIssue({ code: 'custom', path: [field], message: `此类规则须填 ${field} / A ${v.kind} rule needs ${field}` });
    }
  });
export type AlarmRuleInput = z.input<typeof alarmRuleInput>;

export const listRules = endpoint({
  method: 'GET',
  path: '/api/alarm-rules',
  permission: 'monitoring.read',
  summary: '报警规则列表 / Alarm rules',
  tags: ['monitoring'],
  query: listQuery({
    sort: ['name', 'level', 'metric', 'updatedAt'],
    filters: {
      deviceId: id.optional(),
      deviceType: z.enum(deviceTypeCodes).optional(),
      metric: z.string().max(32).optional(),
      kind: z.enum(ruleKinds).optional(),
      level: z.enum(alarmLevels).optional(),
      enabled: z.enum(['true', 'false']).optional(),
    },
  }),
  response: page(alarmRule).extend({ allowedActions: allowedActions(['create']) }),
});

export const createRule = endpoint({
  method: 'POST',
  path: '/api/alarm-rules',
  permission: 'monitoring.rule',
  summary: '新增报警规则（阈值、变化速率、持续时长、窗口内次数、离线） / Add an alarm rule',
  tags: ['monitoring'],
  body: alarmRuleInput,
  response: alarmRule,
  status: 201,
  errors: ['RULE_VIOLATION'],
});

export const getRule = endpoint({
  method: 'GET',
  path: '/api/alarm-rules/:id',
  permission: 'monitoring.read',
  summary: '报警规则 / An alarm rule',
  tags: ['monitoring'],
  params: idParams,
  response: alarmRule,
});

export const updateRule = endpoint({
  method: 'PUT',
  path: '/api/alarm-rules/:id',
  permission: 'monitoring.rule',
  summary: '修改、停用或启用报警规则 / Edit, disable or enable an alarm rule',
  tags: ['monitoring'],
  params: idParams,
  body: alarmRuleInput,
  response: alarmRule,
  errors: ['RULE_VIOLATION'],
});

export const deleteRule = endpoint({
  method: 'DELETE',
  path: '/api/alarm-rules/:id',
  permission: 'monitoring.rule',
  summary: '删除报警规则（已产生的报警保留） / Delete an alarm rule (its alarms stay)',
  tags: ['monitoring'],
  params: idParams,
  response: z.object({ ok: z.literal(true) }),
});
