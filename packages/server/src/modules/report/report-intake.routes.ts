import { AppError, api, bi, report as rules } from '@citysafe/domain';
import exifr from 'exifr';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { inArray } from 'drizzle-orm';
import { audit } from '../../platform/audit.js';
import { checkpointKey } from '../../platform/audit-checkpoint.js';
import { newStorageKey, sha256Hex } from '../../platform/files.js';
import { files } from '../../platform/platform.tables.js';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import { stripPhotoMetadata } from './photo-metadata.js';
import { reportPhotoUploads } from './report.tables.js';
import {
  challengeFailed,
  challengeKey,
  createReport,
  issueChallenge,
  listPublicCategories,
  postReporterMessage,
  publicFilesOrg,
  spendChallenge,
  trackReport,
} from './report-intake.service.js';

type Location = { lng: number; lat: number } | null;

/** The GPS position in a photo's EXIF (WGS-84, as phones record it), or null when it has none or a nonsense one. */
export async function exifLocation(bytes: Buffer): Promise<Location> {
  const gps = (await exifr.gps(bytes).catch(() => undefined)) as { latitude?: number; longitude?: number } | undefined;
  const lng = gps?.longitude;
  const lat = gps?.latitude;
  if (typeof lng !== 'number' || typeof lat !== 'number' || !Number.isFinite(lng) || !Number.isFinite(lat)) return null;
  if (Math.abs(lng) > 180 || Math.abs(lat) > 90 || (lng === 0 && lat === 0)) return null;
  return { lng, lat };
}

/**
 * The EXIF location of each uploaded photo, as read at its upload (`report_photo_uploads`): the stored bytes no longer
 * carry it.
 */
export async function photoLocations(platform: Platform, fileIds: readonly string[]): Promise<Map<string, Location>> {
  const found = new Map<string, Location>();
  if (fileIds.length === 0) return found;
  const stored = await platform.db
    .select()
    .from(reportPhotoUploads)
    .where(inArray(reportPhotoUploads.fileId, [...fileIds]));
  for (const f of stored) found.set(f.fileId, { lng: f.exifLng, lat: f.exifLat });
  return found;
}

const secretOf = (request: FastifyRequest): string | undefined => {
  const sent = request.headers['x-report-secret'];
  return typeof sent === 'string' ? sent : undefined;
};

/**
 * The public report page's endpoints: no login, each rate-limited per address (`publicRateLimit`), the submission
 * guarded by the offline challenge, photos checked by size and content.
 */
export function reportIntakeRoutes(app: FastifyInstance, platform: Platform): void {
  const rateLimit = platform.config.publicRateLimit;
  const key = challengeKey(checkpointKey(platform.config));

  route(app, platform, api.report.listCategories, () => listPublicCategories(platform.db), { rateLimit });
  route(app, platform, api.report.getChallenge, async () => issueChallenge(key, platform.clock.now()), { rateLimit });

  route(
    app,
    platform,
    api.report.uploadPhoto,
    async ({ upload, actor }) => {
      const photo = await upload();
      if (photo.bytes.length > rules.reportPhotoMaxBytes)
        throw new AppError('PAYLOAD_TOO_LARGE', bi('照片不能超过 10 MB', 'A photo may be at most 10 MB'));
      // The place is read first and offered to the reporter; then the metadata goes, before anything is stored.
      const exif = await exifLocation(photo.bytes);
      const bytes = await stripPhotoMetadata(photo.bytes, photo.mimeType);
      const storageKey = newStorageKey();
      await platform.files.put(storageKey, bytes, photo.mimeType);
      return platform.db.transaction(async (tx) => {
        const [row] = await tx
          .insert(files)
          .values({
            name: photo.name,
            mimeType: photo.mimeType,
            sizeBytes: bytes.length,
            sha256: sha256Hex(bytes),
            storage: platform.files.kind,
            storageKey,
            orgId: await publicFilesOrg(tx),
            uploadedBy: null,
          })
          .returning({ id: files.id });
        if (exif) await tx.insert(reportPhotoUploads).values({ fileId: row!.id, exifLng: exif.lng, exifLat: exif.lat });
        // Without the address: it could name the reporter (see createReport).
        await audit(
          tx,
          { ...actor, ip: null },
          { action: 'file.upload', entityType: 'file', entityId: row!.id, after: { name: photo.name, sizeBytes: bytes.length } },
        );
        return { fileId: row!.id, exif };
      });
    },
    { rateLimit },
  );

  route(
    app,
    platform,
    api.report.submitReport,
    async ({ body, actor }) => {
      const { challenge, ...input } = body;
      // The token is spent in its own transaction, committed even when the answer is wrong (one token, one guess).
      const failed = await platform.db.transaction((tx) => spendChallenge(tx, key, challenge));
      if (failed) throw challengeFailed(failed);
      const locations = await photoLocations(platform, input.photoIds);
      const created = await platform.db.transaction((tx) =>
        createReport(tx, actor, { ...input, channel: 'web', photoLocations: locations }),
      );
      return { code: created.code, secret: created.secret };
    },
    { rateLimit },
  );

  route(
    app,
    platform,
    api.report.getTracking,
    ({ params, request }) => platform.db.transaction((tx) => trackReport(tx, params.code, secretOf(request))),
    { rateLimit },
  );

  route(
    app,
    platform,
    api.report.postMessage,
    ({ params, body, request, actor }) =>
      platform.db.transaction((tx) => postReporterMessage(tx, actor, params.code, secretOf(request), body.body)),
    { rateLimit },
  );
}
