import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from './config.js';

/** What the browser needs to draw a PMTiles base map (the client config's `map.basemap`). */
export interface BasemapInfo {
  /** Where the archive is served, with range requests. */
  url: string;
  /** raster: png/jpg/webp/avif images; vector: Mapbox Vector Tiles. */
  kind: 'raster' | 'vector';
  tileType: 'mvt' | 'png' | 'jpg' | 'webp' | 'avif';
  minZoom: number;
  maxZoom: number;
  /** [west, south, east, north] in WGS-84. */
  bounds: [number, number, number, number];
}

export const BASEMAP_URL = '/api/map/basemap.pmtiles';

/** PMTiles v3's header is 127 bytes (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md). */
export const PMTILES_HEADER_BYTES = 127;

// Tile type codes of the header, byte 99.
const tileTypes = { 1: 'mvt', 2: 'png', 3: 'jpg', 4: 'webp', 5: 'avif' } as const;

/**
 * Reads a PMTiles v3 header: the tile type, zoom range and bounds. Null when the bytes are not a
 * PMTiles v3 archive or hold tiles of an unknown type (the server then serves no base map).
 */
export function parsePmtilesHeader(bytes: Uint8Array): Omit<BasemapInfo, 'url'> | null {
  if (bytes.length < PMTILES_HEADER_BYTES) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = new TextDecoder().decode(bytes.subarray(0, 7));
  if (magic !== 'PMTiles' || view.getUint8(7) !== 3) return null;
  const tileType = tileTypes[view.getUint8(99) as keyof typeof tileTypes] as BasemapInfo['tileType'] | undefined;
  if (!tileType) return null;
  const e7 = (offset: number) => view.getInt32(offset, true) / 1e7;
  return {
    kind: tileType === 'mvt' ? 'vector' : 'raster',
    tileType,
    minZoom: view.getUint8(100),
    maxZoom: view.getUint8(101),
    bounds: [e7(102), e7(106), e7(110), e7(114)],
  };
}

/** The archive's path: named in configuration, else `basemap.pmtiles` in the data folder. */
export const basemapPath = (config: Pick<Config, 'dataDir' | 'map'>): string =>
  config.map.basemapPmtiles ?? path.join(config.dataDir, 'basemap.pmtiles');

/** The archive as last seen, so that its header is read once and again only when the file changes. */
let cached: { path: string; mtimeMs: number; size: number; info: BasemapInfo | null } | null = null;

/**
 * The base map an administrator has put in place, or null when there is none (or it is not a
 * PMTiles v3 archive). Checked on each call by the file's size and time, so replacing the file
 * needs no restart.
 */
export async function findBasemap(config: Pick<Config, 'dataDir' | 'map'>): Promise<BasemapInfo | null> {
  const file = basemapPath(config);
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    return null;
  }
  if (!stat.isFile()) return null;
  if (cached && cached.path === file && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.info;
  const handle = await fs.open(file, 'r');
  try {
    const header = new Uint8Array(PMTILES_HEADER_BYTES);
    await handle.read(header, 0, PMTILES_HEADER_BYTES, 0);
    const parsed = parsePmtilesHeader(header);
    const info = parsed ? { url: BASEMAP_URL, ...parsed } : null;
    cached = { path: file, mtimeMs: stat.mtimeMs, size: stat.size, info };
    return info;
  } finally {
    await handle.close();
  }
}
