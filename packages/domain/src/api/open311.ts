import { z } from 'zod';
import { nameInput } from '../text.js';
import { id, idParams, listQuery, ok, page, timestamp } from './common.js';
import { endpoint } from './endpoint.js';

/**
 * 举报 › Open311 接入: the API keys of the apps that send reports over Open311 GeoReport v2 (a WeChat mini-program,
 * a 12345 hotline system). The GeoReport documents themselves are served under /open311/v2 in the spec's own
 * formats (JSON and XML, `errors` bodies), outside this JSON contract: see `report/open311.ts`.
 */

export const open311Client = z.object({
  id,
  name: z.string(),
  /** The key's first characters, to tell keys apart; the key itself is shown once and only its hash is kept. */
  keyPrefix: z.string(),
  createdAt: timestamp,
  lastUsedAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
  /** Reports this app has sent. */
  reports: z.number().int(),
});

export const listOpen311Clients = endpoint({
  method: 'GET',
  path: '/api/open311-clients',
  permission: 'report.manage',
  summary: 'Open311 接入应用 / The apps holding an Open311 API key',
  tags: ['open311'],
  query: listQuery({
    sort: ['createdAt', 'name', 'lastUsedAt'],
    filters: {
      /** Revoked keys are kept for the record; `false` leaves them out. */
      revoked: z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .optional(),
    },
  }),
  response: page(open311Client),
});

export const createOpen311Client = endpoint({
  method: 'POST',
  path: '/api/open311-clients',
  permission: 'report.manage',
  summary: '签发 Open311 API key / Issue an API key to an app; the key is shown once',
  tags: ['open311'],
  body: z.object({ name: nameInput().min(2).max(100) }),
  response: open311Client.extend({ apiKey: z.string() }),
  status: 201,
});

export const revokeOpen311Client = endpoint({
  method: 'DELETE',
  path: '/api/open311-clients/:id',
  permission: 'report.manage',
  summary: '吊销 Open311 API key / Revoke an app’s key',
  tags: ['open311'],
  params: idParams,
  response: ok,
  errors: ['CONFLICT'],
});
