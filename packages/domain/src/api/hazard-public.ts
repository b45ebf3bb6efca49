import { z } from 'zod';
import { publicNoticeStatuses } from '../hazard/public-notice.js';
import { bilingual, id, listQuery, page } from './common.js';
import { endpoint } from './endpoint.js';

/**
 * 重大事故隐患挂牌督办公示: the public list of major hazards under supervision, for anyone without a login.
 * Only what the public may read leaves the server: the unit, the place, the supervising body, the dates
 * and the progress — never a person's name or phone (责任人, 上报人, 责任领导).
 */
export const publicHazard = z.object({
  code: z.string(),
  title: z.string(),
  /** A code of `hazard.hazardCategories`, when given. */
  category: z.string().nullable(),
  /** 责任单位. */
  responsibleOrgName: z.string(),
  placeName: z.string().nullable(),
  /** The street (街办) the hazard lies in, computed from its point. */
  streetName: z.string().nullable(),
  /** 督办单位 as the listing named it. */
  supervisingBody: z.string().nullable(),
  /** The day it was listed (Asia/Shanghai). */
  listedOn: z.iso.date().nullable(),
  /** 督办期限. */
  deadline: z.iso.date().nullable(),
  status: z.enum(publicNoticeStatuses),
  statusLabel: bilingual,
  /** The day it was closed (销号), for those still shown after it. */
  closedOn: z.iso.date().nullable(),
});
export type PublicHazard = z.infer<typeof publicHazard>;

export const listListed = endpoint({
  method: 'GET',
  path: '/api/public/hazards/listed',
  permission: 'public',
  summary:
    '重大事故隐患挂牌督办公示（免登录，不含个人信息） / Major hazards under listed supervision, public notice (no login, no personal data)',
  tags: ['hazard'],
  query: listQuery({
    sort: ['listedOn', 'deadline', 'code'],
    filters: { streetId: id.optional() },
    pageSize: { default: 20, max: 100 },
  }),
  response: page(publicHazard),
});
