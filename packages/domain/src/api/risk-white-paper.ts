/**
 * 城市安全风险白皮书: editions of the white paper generated from the risk registry — totals by
 * level, category and street, the 重大/较大 risks with their controls, the map, and what changed
 * since the previous edition. Each edition is kept as issued (the Word file and the figures it used).
 */
import { z } from 'zod';
import { riskLevels } from '../risk/levels.js';
import { id, idParams, listQuery, page, timestamp } from './common.js';
import { endpoint, mediaType } from './endpoint.js';

const levelCounts = z.object({
  major: z.number().int(),
  significant: z.number().int(),
  general: z.number().int(),
  low: z.number().int(),
  /** Reviewed sources not yet assessed. */
  unrated: z.number().int(),
});

export const whitePaper = z.object({
  id,
  /** 年版: the year of the edition (Asia/Shanghai) and its number within the year, from 1. */
  year: z.number().int(),
  sequence: z.number().int(),
  /** e.g. 西安国际港务区城市安全风险白皮书（2026年版）. */
  title: z.string(),
  /** The area the edition covers (the issuing district). */
  orgId: id,
  orgName: z.string(),
  generatedAt: timestamp,
  generatedByName: z.string(),
  total: z.number().int(),
  byLevel: levelCounts,
  /** Against the previous edition of the same area; null for the first (首次发布). */
  changes: z
    .object({
      previousTitle: z.string(),
      added: z.number().int(),
      removed: z.number().int(),
      levelChanged: z.number().int(),
      totalDelta: z.number().int(),
    })
    .nullable(),
  sizeBytes: z.number().int(),
});
export type WhitePaper = z.infer<typeof whitePaper>;

export const listWhitePapers = endpoint({
  method: 'GET',
  path: '/api/risk/white-papers',
  permission: 'risk.read',
  summary: '风险白皮书各版 / Editions of the risk white paper, newest first',
  tags: ['risk'],
  query: listQuery({ sort: ['generatedAt'] }),
  response: page(whitePaper),
});

export const generateWhitePaper = endpoint({
  method: 'POST',
  path: '/api/risk/white-papers',
  permission: 'risk.manage',
  summary: '生成新一版风险白皮书 / Generate a new edition from the registry as the caller sees it',
  tags: ['risk'],
  body: z.object({}).strict(),
  response: whitePaper,
  status: 201,
});

export const whitePaperDocx = endpoint({
  method: 'GET',
  path: '/api/risk/white-papers/:id/document.docx',
  permission: 'risk.read',
  summary: '风险白皮书（Word）/ The edition as issued, a Word document',
  tags: ['risk'],
  params: idParams,
  produces: [mediaType.docx],
});

/** The levels in the order the white paper lists them, then the unassessed. */
export const whitePaperLevelColumns = [...riskLevels, 'unrated'] as const;
