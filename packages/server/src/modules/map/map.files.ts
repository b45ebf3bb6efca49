import path from 'node:path';
import { AppError, bi, map } from '@citysafe/domain';
import type { FastifyRequest } from 'fastify';
import type * as GeoJSON from 'geojson';
import * as shapefile from 'shapefile';
import { type ArchiveLimits, entryChunks, inspectArchive, isZip } from '../../platform/archive.js';

/** One feature of a boundary file as read: its properties and geometry (null when it has none). */
export interface FileFeature {
  properties: Record<string, unknown>;
  geometry: GeoJSON.Geometry | null;
}

/** A boundary file as read: GeoJSON, or a zipped Shapefile with what its `.prj` declares. */
export interface BoundaryFile {
  format: 'geojson' | 'shapefile';
  prj: 'wgs84' | null;
  features: FileFeature[];
}

/** More features than any district has areas: a file past it is refused before its rows are checked. */
export const MAX_FEATURES = 5000;

const fileError = (zh: string, en: string) => new AppError('VALIDATION', undefined, { fields: [{ field: 'file', message: bi(zh, en) }] });

/**
 * Reads the uploaded boundary file (multipart field `file`). The platform's `readUpload` only takes
 * attachment types (no zip, no GeoJSON), so this reads the part itself with the same checks: 415
 * unless multipart, 400 missing, empty or malformed, 413 over the configured size (the multipart
 * plugin's limit); a zip goes through `inspectArchive` (entries, declared sizes, ratio) before a
 * byte is inflated, and its entries never inflate beyond their declared size.
 */
export async function readBoundaryUpload(request: FastifyRequest, archive: ArchiveLimits): Promise<BoundaryFile> {
  if (!request.isMultipart()) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      bi('请以 multipart/form-data 上传，字段名 file', 'Upload as multipart/form-data with field `file`'),
    );
  }
  const malformed = (err: unknown): never => {
    if (err instanceof Error && !('statusCode' in err))
      throw fileError('上传内容不完整或格式有误', 'The upload is incomplete or malformed');
    throw err;
  };
  const part = await request.file().catch(malformed);
  if (!part || part.fieldname !== 'file') throw fileError('缺少文件（字段名 file）', 'File missing (field `file`)');
  const bytes = await part.toBuffer().catch(malformed);
  if (bytes.length === 0) throw fileError('文件为空', 'The file is empty');
  return isZip(bytes) ? readZippedShapefile(bytes, archive) : readGeoJson(bytes);
}

/** GeoJSON: a FeatureCollection, one Feature, or a bare geometry (RFC 7946), in UTF-8. */
function readGeoJson(bytes: Buffer): BoundaryFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw fileError(
      '文件既不是 GeoJSON（UTF-8 编码的 JSON），也不是 zip 压缩的 Shapefile',
      'The file is neither GeoJSON (JSON in UTF-8) nor a zipped Shapefile',
    );
  }
  const notGeoJson = () =>
    fileError(
      '不是 GeoJSON：须为 FeatureCollection、Feature 或几何对象',
      'Not GeoJSON: expected a FeatureCollection, a Feature or a geometry',
    );
  if (typeof parsed !== 'object' || parsed === null) throw notGeoJson();
  const object = parsed as { type?: unknown; features?: unknown; geometry?: unknown; properties?: unknown };
  const feature = (f: unknown): FileFeature => {
    const { geometry, properties } = (typeof f === 'object' && f !== null ? f : {}) as { geometry?: unknown; properties?: unknown };
    return {
      properties: typeof properties === 'object' && properties !== null ? (properties as Record<string, unknown>) : {},
      geometry: typeof geometry === 'object' && geometry !== null ? (geometry as GeoJSON.Geometry) : null,
    };
  };
  let features: FileFeature[];
  if (object.type === 'FeatureCollection' && Array.isArray(object.features)) features = object.features.map(feature);
  else if (object.type === 'Feature') features = [feature(object)];
  else if (typeof object.type === 'string' && 'coordinates' in object)
    features = [{ properties: {}, geometry: object as GeoJSON.Geometry }];
  else throw notGeoJson();
  tooMany(features.length);
  return { format: 'geojson', prj: null, features };
}

function tooMany(count: number) {
  if (count > MAX_FEATURES) {
    throw fileError(`要素过多：最多 ${MAX_FEATURES} 个`, `Too many features: at most ${MAX_FEATURES}`);
  }
}

async function inflate(bytes: Buffer, entry: Parameters<typeof entryChunks>[1]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of entryChunks(bytes, entry)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * A zipped Shapefile: exactly one `.shp` with its `.dbf` (attributes), optional `.prj` (its CRS:
 * geographic WGS-84/CGCS2000 accepted, projected coordinates refused) and `.cpg` (the attributes'
 * encoding; without it UTF-8, or GBK when the attributes are not valid UTF-8, as Chinese GIS
 * software writes them).
 */
async function readZippedShapefile(bytes: Buffer, limits: ArchiveLimits): Promise<BoundaryFile> {
  const entries = inspectArchive(bytes, limits).filter((e) => !e.name.endsWith('/') && !path.basename(e.name).startsWith('.'));
  const shps = entries.filter((e) => e.name.toLowerCase().endsWith('.shp'));
  if (shps.length !== 1) {
    throw fileError(
      shps.length === 0 ? 'zip 中没有 .shp 文件' : 'zip 中有多个 .shp 文件：每次导入一个图层',
      shps.length === 0 ? 'The zip holds no .shp file' : 'The zip holds several .shp files: import one layer at a time',
    );
  }
  const stem = shps[0]!.name.slice(0, -4).toLowerCase();
  const sibling = (ext: string) => entries.find((e) => e.name.toLowerCase() === `${stem}.${ext}`);
  const dbfEntry = sibling('dbf');
  if (!dbfEntry) throw fileError('缺少与 .shp 同名的 .dbf 属性文件', 'The .dbf attribute file of the same name as the .shp is missing');
  const prjEntry = sibling('prj');
  const cpgEntry = sibling('cpg');
  let prj: 'wgs84' | null = null;
  if (prjEntry) {
    const declared = map.crsOfPrj((await inflate(bytes, prjEntry)).toString('utf8').trim());
    if (declared === 'projected') {
      throw fileError(
        '.prj 为投影坐标系（米）：请先在 GIS 软件中转换为 WGS-84 或 CGCS2000 经纬度再导入',
        'The .prj declares a projected CRS (metres): reproject to WGS-84 or CGCS2000 longitude/latitude before importing',
      );
    }
    prj = declared;
  }
  const shp = await inflate(bytes, shps[0]!);
  const dbf = await inflate(bytes, dbfEntry);
  const cpg = cpgEntry ? (await inflate(bytes, cpgEntry)).toString('ascii').trim().toLowerCase() : null;
  const encoding = cpg
    ? /^(utf-?8|65001)$/.test(cpg)
      ? 'utf-8'
      : /^(gbk|gb2312|gb18030|936|cp936)$/.test(cpg)
        ? 'gb18030'
        : cpg
    : utf8OrGbk(dbf);
  let features: FileFeature[];
  try {
    const source = await shapefile.open(new Uint8Array(shp), new Uint8Array(dbf), { encoding });
    features = [];
    for (let next = await source.read(); !next.done; next = await source.read()) {
      tooMany(features.length + 1);
      features.push({ properties: next.value.properties ?? {}, geometry: next.value.geometry ?? null });
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw fileError('无法读取 Shapefile（.shp / .dbf 损坏或不完整）', 'The Shapefile cannot be read (.shp / .dbf damaged or incomplete)');
  }
  return { format: 'shapefile', prj, features };
}

/** The attribute encoding of a `.dbf` without `.cpg`: UTF-8 when its bytes decode as such, else GBK (GB18030). */
function utf8OrGbk(dbf: Buffer): string {
  try {
    // The records only: the header's binary counts and lengths are not text.
    new TextDecoder('utf-8', { fatal: true }).decode(dbf.length > 10 ? dbf.subarray(dbf.readUInt16LE(8)) : dbf);
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}
