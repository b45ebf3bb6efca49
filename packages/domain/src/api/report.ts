import { z } from 'zod';
import { reportCategoryCodePattern, reportMessageAuthors, reportPhotoLimit } from '../report/categories.js';
import { reportOutcomes, reportStatuses } from '../report/workflow.js';
import { nameInput, textInput } from '../text.js';
import { bilingual, id, timestamp } from './common.js';
import { endpoint } from './endpoint.js';

/**
 * 举报 › intake: the public page's endpoints (no login, rate-limited per address) and the shapes other parts
 * reuse. The reporter's identity goes in with a real-name report and never comes out of any of these.
 */

export const reportCategoryCode = z.string().regex(reportCategoryCodePattern, '举报类别代码不正确 / invalid category code');

const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\- ]{5,20}$/, '电话号码格式不正确 / invalid phone number');

/** 居民身份证号码: 18 characters, the last a digit or X (GB 11643-1999); the check digit is not verified. */
const idNumber = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^\d{17}[\dX]$/, '身份证号码为 18 位 / an ID card number has 18 characters');

/** Who reports under their own name (举报奖励办法: only a real-name reporter can be rewarded). */
export const reporterInput = z.object({
  name: nameInput().min(2, '请填写姓名 / give your name').max(50),
  phone: phone.nullable().optional(),
  idNumber: idNumber.nullable().optional(),
  contact: textInput().max(200).nullable().optional(),
});
export type ReporterInput = z.infer<typeof reporterInput>;

/** The answer to the offline challenge of `GET /api/public/reports/challenge`. */
export const challengeAnswer = z.object({
  token: z.string().min(10).max(400),
  answer: z.string().trim().min(1, '请填写验证答案 / answer the check question').max(10),
});

/**
 * What a report says, whoever sends it (the public page, an Open311 app, an office typing a hotline call). A place
 * is required: the point on the map (`lng`/`lat`), an address, or both; the areas are computed from the point.
 */
export const reportInput = z
  .object({
    category: reportCategoryCode,
    description: textInput().min(10, '请至少用 10 个字描述 / describe it in at least 10 characters').max(4000),
    title: nameInput().max(100).nullable().optional(),
    lng: z.number().min(-180, '经度须在 -180 到 180 之间 / longitude must be within -180..180').max(180).optional(),
    lat: z.number().min(-90, '纬度须在 -90 到 90 之间 / latitude must be within -90..90').max(90).optional(),
    address: textInput().max(200).nullable().optional(),
    placeName: nameInput().max(100).nullable().optional(),
    /** The unit reported, as the reporter names it. */
    reportedOrgName: nameInput().max(100).nullable().optional(),
    anonymous: z.boolean(),
    /** Required for a real-name report, refused with an anonymous one. */
    reporter: reporterInput.nullable().optional(),
    /** Photos uploaded first through `POST /api/public/reports/photos`. */
    photoIds: z.array(id).max(reportPhotoLimit, `最多 ${reportPhotoLimit} 张照片 / at most ${reportPhotoLimit} photos`).default([]),
  })
  .superRefine((v, ctx) => {
    if ((v.lng === undefined) !== (v.lat === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [v.lng === undefined ? 'lng' : 'lat'],
        message: '经度和纬度须同时给出 / lng and lat go together',
      });
    if (v.lng === undefined && !v.address?.trim())
      ctx.addIssue({ code: 'custom', path: ['address'], message: '请在地图上选点或填写地址 / place it on the map or give an address' });
    if (!v.anonymous && !v.reporter)
      ctx.addIssue({ code: 'custom', path: ['reporter', 'name'], message: '实名举报请填写姓名 / a real-name report needs your name' });
    if (v.anonymous && v.reporter)
      ctx.addIssue({ code: 'custom', path: ['reporter'], message: '匿名举报不填写身份信息 / an anonymous report carries no identity' });
    if (new Set(v.photoIds).size !== v.photoIds.length)
      ctx.addIssue({ code: 'custom', path: ['photoIds'], message: '照片重复 / a photo is listed twice' });
  });
export type ReportInput = z.input<typeof reportInput>;
export type ReportInputParsed = z.output<typeof reportInput>;

/** The public page's submission: the report and the solved challenge. */
export const publicReportInput = reportInput.and(z.object({ challenge: challengeAnswer }));

export const challenge = z.object({
  /** The question shown to the person, e.g. 「7 加 5 等于几？」. */
  question: bilingual,
  /** Signed; sent back with the answer. Good for one report, until `expiresAt`. */
  token: z.string(),
  expiresAt: timestamp,
});
export type Challenge = z.infer<typeof challenge>;

export const getChallenge = endpoint({
  method: 'GET',
  path: '/api/public/reports/challenge',
  permission: 'public',
  summary: '举报验证题（离线，无需外部服务） / A check question for the report form (offline, no outside service)',
  tags: ['report'],
  response: challenge,
});

/** A category the public may choose, in the order the office set. */
export const publicCategory = z.object({ code: reportCategoryCode, name: bilingual });

export const listCategories = endpoint({
  method: 'GET',
  path: '/api/public/reports/categories',
  permission: 'public',
  summary: '可举报的类别 / What may be reported',
  tags: ['report'],
  response: z.object({ items: z.array(publicCategory) }),
});
export type PublicCategories = z.infer<typeof listCategories.response>;

export const uploadedPhoto = z.object({
  fileId: id,
  /** Where the photo was taken, from its EXIF GPS tags (WGS-84), offered as the place; null when it has none. */
  exif: z.object({ lng: z.number(), lat: z.number() }).nullable(),
});

export const uploadPhoto = endpoint({
  method: 'POST',
  path: '/api/public/reports/photos',
  permission: 'public',
  summary: '上传举报照片（JPEG/PNG/WebP，不超过 10 MB） / Upload a photo for a report (JPEG, PNG or WebP, at most 10 MB)',
  tags: ['report'],
  upload: { accept: ['image/jpeg', 'image/png', 'image/webp'] },
  response: uploadedPhoto,
  status: 201,
});

export const submitted = z.object({
  /** The tracking code, e.g. JB-2026-000001. */
  code: z.string(),
  /** The follow-up secret: shown once, never stored in plain. */
  secret: z.string(),
});

export const submitReport = endpoint({
  method: 'POST',
  path: '/api/public/reports',
  permission: 'public',
  summary: '提交举报（免登录） / File a report (no login)',
  tags: ['report'],
  body: publicReportInput,
  response: submitted,
  status: 201,
  errors: ['RULE_VIOLATION'],
});

export const codeParams = z.object({ code: z.string().min(1).max(40) });

/** One dated step of a report's life as the reporter sees it: what happened, never who did it. */
export const trackingStep = z.object({
  status: z.enum(reportStatuses),
  label: bilingual,
  at: timestamp,
  /** What the reporter is told at this step: the refusal's ground, the unit it was transferred to, the extension's reason. */
  note: z.string().nullable(),
});

export const trackingMessage = z.object({
  id,
  author: z.enum(reportMessageAuthors),
  body: z.string(),
  at: timestamp,
});

/** What the holder of the code and secret sees: the progress, the reply and the questions — nobody's personal data. */
export const tracking = z.object({
  code: z.string(),
  category: reportCategoryCode,
  categoryName: bilingual,
  status: z.enum(reportStatuses),
  statusLabel: bilingual,
  description: z.string(),
  address: z.string().nullable(),
  anonymous: z.boolean(),
  receivedAt: timestamp,
  /** The day the office must decide on acceptance, and the handling deadline once accepted (with an extension). */
  acceptDueAt: timestamp,
  dueAt: timestamp.nullable(),
  extendedUntil: timestamp.nullable(),
  outcome: z.enum(reportOutcomes).nullable(),
  outcomeLabel: bilingual.nullable(),
  /** 转办: the unit it was passed to. */
  transferredTo: z.string().nullable(),
  reply: z.string().nullable(),
  steps: z.array(trackingStep),
  messages: z.array(trackingMessage),
  /** Whether the last message is the office's, waiting for the reporter's answer. */
  awaitingAnswer: z.boolean(),
  photoCount: z.number().int(),
});
export type Tracking = z.infer<typeof tracking>;

export const getTracking = endpoint({
  method: 'GET',
  path: '/api/public/reports/:code',
  permission: 'public',
  summary: '凭查询码和密码查看举报进度（请求头 x-report-secret） / Follow a report by its code and secret (header x-report-secret)',
  tags: ['report'],
  params: codeParams,
  response: tracking,
});

export const messageInput = z.object({
  body: textInput().min(2, '请填写内容 / write something').max(2000),
});

export const postMessage = endpoint({
  method: 'POST',
  path: '/api/public/reports/:code/messages',
  permission: 'public',
  summary: '举报人补充说明或回答问题（请求头 x-report-secret） / The reporter answers a question (header x-report-secret)',
  tags: ['report'],
  params: codeParams,
  body: messageInput,
  response: tracking,
  status: 201,
});
