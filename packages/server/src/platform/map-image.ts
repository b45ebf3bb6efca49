import zlib from 'node:zlib';
import type { Geometry, Position } from 'geojson';

/**
 * A map drawn on the server as a PNG, for documents (the risk white paper's 风险空间分布图): area
 * boundaries as outlines, features as coloured points, lines and polygons, a legend of colour
 * swatches and a scale bar. Pure TypeScript — rasterised here (scanline polygon fill, thick lines,
 * discs) and encoded with node's zlib — because the server runs on intranets with no browser and no
 * tile server to ask. Longitude/latitude are projected equirectangularly with the longitude scaled by
 * cos(latitude) at the centre: over a district (tens of kilometres) that is true to well under 1 %.
 */

/** A colour as `#rrggbb`. */
export type Hex = `#${string}`;

export interface MapImageInput {
  width: number;
  height: number;
  /** [west, south, east, north]; by default the extent of everything drawn. */
  bbox?: readonly [number, number, number, number];
  /** Drawn first, as outlines only (district, street boundaries). */
  outlines?: readonly { geometry: Geometry; color: Hex; lineWidth?: number }[];
  /** Drawn over the outlines in order: polygons filled translucent with a solid edge, lines, points as discs. */
  features?: readonly { geometry: Geometry; color: Hex }[];
  /** Swatches in the lower-left corner, top to bottom; the document names them beside the image. */
  legend?: readonly Hex[];
  /** Draws a scale bar in the lower-right corner (default true). */
  scale?: boolean;
}

export interface MapImage {
  png: Buffer;
  width: number;
  height: number;
  /** The bounding box actually shown (the requested one widened to the image's proportions). */
  bbox: [number, number, number, number];
  /** Where a longitude/latitude falls in the image, in pixels from the top-left. */
  project: (lon: number, lat: number) => [number, number];
  /** The scale bar's length in metres, or null without one. */
  scaleMetres: number | null;
}

const MARGIN = 16;
const POLYGON_FILL_ALPHA = 0.35;
const METRES_PER_DEGREE = 111_320;
/** The most pixels one image may have: a document's figure, not a poster (A4 at 300 dpi is ≈ 8.7 M). */
export const MAX_MAP_PIXELS = 4_000_000;

/** `#rrggbb` → [r, g, b]. */
export function hexRgb(hex: Hex): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}

/** An RGB canvas with a white background and alpha-blended drawing. */
class Canvas {
  readonly rgb: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.rgb = new Uint8Array(width * height * 3).fill(255);
  }

  blend(x: number, y: number, [r, g, b]: [number, number, number], alpha = 1): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 3;
    const px = this.rgb;
    px[i] = Math.round(px[i]! * (1 - alpha) + r * alpha);
    px[i + 1] = Math.round(px[i + 1]! * (1 - alpha) + g * alpha);
    px[i + 2] = Math.round(px[i + 2]! * (1 - alpha) + b * alpha);
  }

  rect(x0: number, y0: number, w: number, h: number, color: [number, number, number]): void {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) this.blend(x, y, color);
  }

  /**
   * Fills polygons (each a list of rings, in pixels) by scanlines at pixel centres with the even-odd
   * rule over all rings, so holes stay empty and overlapping parts of a MultiPolygon are painted once.
   */
  fillRings(rings: readonly (readonly [number, number][])[], color: [number, number, number], alpha: number): void {
    let top = Infinity;
    let bottom = -Infinity;
    for (const ring of rings)
      for (const [, y] of ring) {
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    const yStart = Math.max(0, Math.floor(top));
    const yEnd = Math.min(this.height - 1, Math.ceil(bottom));
    const crossings: number[] = [];
    for (let y = yStart; y <= yEnd; y++) {
      const cy = y + 0.5;
      crossings.length = 0;
      for (const ring of rings) {
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          const [xi, yi] = ring[i]!;
          const [xj, yj] = ring[j]!;
          // Half-open in y, so a vertex on the scanline counts once.
          if (yi <= cy !== yj <= cy) crossings.push(xi + ((cy - yi) / (yj - yi)) * (xj - xi));
        }
      }
      crossings.sort((a, b) => a - b);
      for (let k = 0; k + 1 < crossings.length; k += 2) {
        const from = Math.max(0, Math.ceil(crossings[k]! - 0.5));
        const to = Math.min(this.width - 1, Math.floor(crossings[k + 1]! - 0.5));
        for (let x = from; x <= to; x++) this.blend(x, y, color, alpha);
      }
    }
  }

  /** A segment `width` pixels wide: every pixel whose centre lies within width/2 of it. */
  line(a: [number, number], b: [number, number], width: number, color: [number, number, number]): void {
    const half = width / 2;
    const [ax, ay] = a;
    const [bx, by] = b;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const x0 = Math.max(0, Math.floor(Math.min(ax, bx) - half));
    const x1 = Math.min(this.width - 1, Math.ceil(Math.max(ax, bx) + half));
    const y0 = Math.max(0, Math.floor(Math.min(ay, by) - half));
    const y1 = Math.min(this.height - 1, Math.ceil(Math.max(ay, by) + half));
    for (let y = y0; y <= y1; y++)
      for (let x = x0; x <= x1; x++) {
        const px = x + 0.5 - ax;
        const py = y + 0.5 - ay;
        const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
        const ex = px - t * dx;
        const ey = py - t * dy;
        if (ex * ex + ey * ey <= half * half) this.blend(x, y, color);
      }
  }

  disc(cx: number, cy: number, r: number, color: [number, number, number]): void {
    for (let y = Math.floor(cy - r); y <= Math.ceil(cy + r); y++)
      for (let x = Math.floor(cx - r); x <= Math.ceil(cx + r); x++) {
        const ex = x + 0.5 - cx;
        const ey = y + 0.5 - cy;
        if (ex * ex + ey * ey <= r * r) this.blend(x, y, color);
      }
  }
}

/** Digits and the letters of "m"/"km" as 3×5 bitmaps (rows top to bottom, bit 2 = left column), for the scale. */
const GLYPHS: Record<string, number[]> = {
  '0': [7, 5, 5, 5, 7],
  '1': [2, 6, 2, 2, 7],
  '2': [7, 1, 7, 4, 7],
  '3': [7, 1, 7, 1, 7],
  '4': [5, 5, 7, 1, 1],
  '5': [7, 4, 7, 1, 7],
  '6': [7, 4, 7, 5, 7],
  '7': [7, 1, 1, 1, 1],
  '8': [7, 5, 7, 5, 7],
  '9': [7, 5, 7, 1, 7],
  k: [4, 5, 6, 5, 5],
  m: [0, 0, 7, 7, 5],
  ' ': [0, 0, 0, 0, 0],
};

function text(canvas: Canvas, s: string, x: number, y: number, size: number, color: [number, number, number]): void {
  let at = x;
  for (const ch of s) {
    const rows = GLYPHS[ch] ?? GLYPHS[' ']!;
    rows.forEach((bits, row) => {
      for (let col = 0; col < 3; col++) if (bits & (4 >> col)) canvas.rect(at + col * size, y + row * size, size, size, color);
    });
    at += 4 * size;
  }
}

const textWidth = (s: string, size: number) => s.length * 4 * size - size;

/** The largest 1, 2 or 5 × 10ⁿ metres not longer than `maxMetres`. */
export function niceScale(maxMetres: number): number {
  const p = 10 ** Math.floor(Math.log10(maxMetres));
  return [5, 2, 1].map((m) => m * p).find((v) => v <= maxMetres) ?? p;
}

function positionsOf(g: Geometry): Position[] {
  switch (g.type) {
    case 'Point':
      return [g.coordinates];
    case 'MultiPoint':
    case 'LineString':
      return g.coordinates;
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates.flat();
    case 'MultiPolygon':
      return g.coordinates.flat(2);
    case 'GeometryCollection':
      return g.geometries.flatMap(positionsOf);
  }
}

/** The extent of the geometries, or null when there is none. */
export function extentOf(geometries: readonly Geometry[]): [number, number, number, number] | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const g of geometries)
    for (const [x, y] of positionsOf(g)) {
      w = Math.min(w, x!);
      e = Math.max(e, x!);
      s = Math.min(s, y!);
      n = Math.max(n, y!);
    }
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

/** Draws the map and encodes it as PNG. */
export function renderMapImage(input: MapImageInput): MapImage {
  const { width, height } = input;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 64 || height < 64 || width * height > MAX_MAP_PIXELS)
    throw new Error(`map image size out of range: ${width}×${height}`);
  const outlines = input.outlines ?? [];
  const features = input.features ?? [];
  const drawn = [...outlines, ...features].map((x) => x.geometry);
  // With nothing to show, a small box around the origin keeps the arithmetic finite; the image is the frame alone.
  const [w0, s0, e0, n0] = input.bbox ?? extentOf(drawn) ?? [0, 0, 0.01, 0.01];
  const midLat = (s0 + n0) / 2;
  const kx = Math.cos((midLat * Math.PI) / 180);
  // A lone point has no extent: show about a kilometre around it.
  const spanX = Math.max((e0 - w0) * kx, 0.01);
  const spanY = Math.max(n0 - s0, 0.01);
  const inner = [width - 2 * MARGIN, height - 2 * MARGIN] as const;
  const pxPerDegree = Math.min(inner[0] / spanX, inner[1] / spanY);
  const cx = (w0 + e0) / 2;
  const cy = (s0 + n0) / 2;
  const project = (lon: number, lat: number): [number, number] => [
    width / 2 + (lon - cx) * kx * pxPerDegree,
    height / 2 - (lat - cy) * pxPerDegree,
  ];
  const halfW = width / 2 / (kx * pxPerDegree);
  const halfH = height / 2 / pxPerDegree;
  const bbox: [number, number, number, number] = [cx - halfW, cy - halfH, cx + halfW, cy + halfH];

  // Sizes grow with the image, so that a map made for print reads like one made for the screen.
  const u = Math.max(1, Math.round(Math.min(width, height) / 600));
  const canvas = new Canvas(width, height);
  const proj = (p: Position) => project(p[0]!, p[1]!);
  const drawLine = (coords: Position[], lw: number, color: [number, number, number]) => {
    for (let i = 1; i < coords.length; i++) canvas.line(proj(coords[i - 1]!), proj(coords[i]!), lw, color);
  };
  const drawGeometry = (g: Geometry, color: [number, number, number], outlineOnly: boolean, lw: number) => {
    switch (g.type) {
      case 'Point':
        canvas.disc(...proj(g.coordinates), 6 * u, [255, 255, 255]);
        canvas.disc(...proj(g.coordinates), 5 * u, color);
        return;
      case 'MultiPoint':
        return g.coordinates.forEach((c) => drawGeometry({ type: 'Point', coordinates: c }, color, outlineOnly, lw));
      case 'LineString':
        return drawLine(g.coordinates, lw, color);
      case 'MultiLineString':
        return g.coordinates.forEach((c) => drawLine(c, lw, color));
      case 'Polygon':
        if (!outlineOnly)
          canvas.fillRings(
            g.coordinates.map((r) => r.map(proj)),
            color,
            POLYGON_FILL_ALPHA,
          );
        return g.coordinates.forEach((r) => drawLine(r, lw, color));
      case 'MultiPolygon':
        return g.coordinates.forEach((p) => drawGeometry({ type: 'Polygon', coordinates: p }, color, outlineOnly, lw));
      case 'GeometryCollection':
        return g.geometries.forEach((x) => drawGeometry(x, color, outlineOnly, lw));
    }
  };
  for (const o of outlines) drawGeometry(o.geometry, hexRgb(o.color), true, (o.lineWidth ?? 1.5) * u);
  // Areas under lines under points, so that a small thing is never hidden by a large one.
  const order = (g: Geometry) => (/Polygon/.test(g.type) ? 0 : /Line/.test(g.type) ? 1 : 2);
  for (const f of [...features].sort((a, b) => order(a.geometry) - order(b.geometry)))
    drawGeometry(f.geometry, hexRgb(f.color), false, 3 * u);

  const ink: [number, number, number] = [38, 38, 38];
  (input.legend ?? []).forEach((color, i) => {
    const y = height - MARGIN - (input.legend!.length - i) * 18 * u;
    canvas.rect(MARGIN - 1, y - 1, 24 * u + 2, 12 * u + 2, ink);
    canvas.rect(MARGIN, y, 24 * u, 12 * u, hexRgb(color));
  });

  let scaleMetres: number | null = null;
  if (input.scale ?? true) {
    const metresPerPixel = METRES_PER_DEGREE / pxPerDegree;
    scaleMetres = niceScale((width / 4) * metresPerPixel);
    const barPx = Math.round(scaleMetres / metresPerPixel);
    const label = scaleMetres >= 1000 ? `${scaleMetres / 1000} km` : `${scaleMetres} m`;
    const x1 = width - MARGIN;
    const x0 = x1 - barPx;
    const y = height - MARGIN;
    canvas.rect(x0, y - 3 * u, barPx, 3 * u, ink);
    canvas.rect(x0, y - 9 * u, 2 * u, 9 * u, ink);
    canvas.rect(x1 - 2 * u, y - 9 * u, 2 * u, 9 * u, ink);
    text(canvas, label, x1 - textWidth(label, 2 * u), y - 22 * u, 2 * u, ink);
  }

  return { png: encodePng(width, height, canvas.rgb), width, height, bbox, project, scaleMetres };
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** PNG (truecolour, 8 bits) of an RGB buffer; each scanline unfiltered, the whole deflated. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  const stride = width * 3;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgb.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
