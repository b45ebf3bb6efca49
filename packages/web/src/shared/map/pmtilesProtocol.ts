import type * as maplibregl from 'maplibre-gl';
import { Protocol } from 'pmtiles';

let registered = false;

/**
 * MapLibre reads `pmtiles://` URLs through the pmtiles library: range requests to the server's
 * archive, a directory and a tile at a time. Loaded only when the server has a base map.
 */
export function registerPmtiles(lib: typeof maplibregl): void {
  if (registered) return;
  registered = true;
  lib.addProtocol('pmtiles', new Protocol().tile);
}
