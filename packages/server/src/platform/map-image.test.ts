import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng, hexRgb, niceScale, renderMapImage } from './map-image.js';

/** Reads back a PNG written by `encodePng` (truecolour, unfiltered), checking every chunk's CRC. */
function decodePng(png: Buffer): { width: number; height: number; at: (x: number, y: number) => [number, number, number] } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length)).toBe(zlib.crc32(png.subarray(offset + 4, offset + 8 + length)) >>> 0);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9]]).toEqual([8, 2]);
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe((width * 3 + 1) * height);
  return {
    width,
    height,
    at: (x, y) => {
      const i = y * (width * 3 + 1) + 1 + x * 3;
      return [raw[i]!, raw[i + 1]!, raw[i + 2]!];
    },
  };
}

const WHITE: [number, number, number] = [255, 255, 255];
const RED = '#d4380d' as const;
const BLUE = '#1677ff' as const;
const GREY = '#595959' as const;

// A 0.1° square street near the port district (34.3° N), a polygon source with a hole, a line, a point.
const street = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [109.0, 34.3],
      [109.1, 34.3],
      [109.1, 34.4],
      [109.0, 34.4],
      [109.0, 34.3],
    ],
  ],
};
const yard = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [109.01, 34.31],
      [109.05, 34.31],
      [109.05, 34.35],
      [109.01, 34.35],
      [109.01, 34.31],
    ],
    [
      [109.02, 34.32],
      [109.04, 34.32],
      [109.04, 34.34],
      [109.02, 34.34],
      [109.02, 34.32],
    ],
  ],
};
const pipeline = {
  type: 'LineString' as const,
  coordinates: [
    [109.06, 34.38],
    [109.09, 34.38],
  ],
};
const station = { type: 'Point' as const, coordinates: [109.08, 34.33] };

describe('map image', () => {
  const image = renderMapImage({
    width: 400,
    height: 300,
    outlines: [{ geometry: street, color: GREY }],
    features: [
      { geometry: yard, color: BLUE },
      { geometry: pipeline, color: RED },
      { geometry: station, color: RED },
    ],
    legend: [RED, BLUE],
  });
  const png = decodePng(image.png);
  const pixel = (lon: number, lat: number) => {
    const [x, y] = image.project(lon, lat);
    return png.at(Math.floor(x), Math.floor(y));
  };

  it('is a valid PNG of the requested size', () => {
    expect([png.width, png.height]).toEqual([400, 300]);
  });

  it('fits the extent into the frame, keeping proportions (longitude scaled by cos latitude)', () => {
    const [x0, y0] = image.project(109.0, 34.4);
    const [x1, y1] = image.project(109.1, 34.3);
    // The taller side (0.1° of latitude) fills the height within the margins; 0.1° of longitude is cos(34.35°) of it.
    expect(y1 - y0).toBeCloseTo(300 - 32, 5);
    expect((x1 - x0) / (y1 - y0)).toBeCloseTo(Math.cos((34.35 * Math.PI) / 180), 5);
    expect((x0 + x1) / 2).toBeCloseTo(200, 5);
  });

  it('draws points, lines and filled polygons in their colours, holes left empty', () => {
    expect(pixel(109.08, 34.33)).toEqual(hexRgb(RED)); // the point
    expect(pixel(109.075, 34.38)).toEqual(hexRgb(RED)); // on the pipeline
    expect(pixel(109.075, 34.37)).toEqual(WHITE); // beside it
    // Inside the yard: white blended with blue at 35 %.
    const [r, g, b] = hexRgb(BLUE);
    expect(pixel(109.015, 34.33)).toEqual([r, g, b].map((c) => Math.round(255 * 0.65 + c * 0.35)));
    expect(pixel(109.03, 34.33)).toEqual(WHITE); // the hole
    expect(pixel(109.01, 34.33)).toEqual(hexRgb(BLUE)); // the yard's edge
  });

  it('draws boundaries as outlines only', () => {
    expect(pixel(109.0, 34.36)).toEqual(hexRgb(GREY));
    expect(pixel(109.07, 34.36)).toEqual(WHITE);
  });

  it('draws the legend swatches and a scale bar of a round length', () => {
    expect(png.at(16 + 12, 300 - 16 - 36 + 6)).toEqual(hexRgb(RED));
    expect(png.at(16 + 12, 300 - 16 - 18 + 6)).toEqual(hexRgb(BLUE));
    // 0.1° of latitude in 268 px is ≈ 41.5 m a pixel: a quarter of the width is ≈ 4.2 km, so a 2 km bar.
    expect(image.scaleMetres).toBe(2000);
    expect(png.at(400 - 16 - 10, 300 - 16 - 2)).toEqual([38, 38, 38]);
  });

  it('chooses 1, 2 or 5 × 10ⁿ for the scale', () => {
    expect([niceScale(999), niceScale(1000), niceScale(4999), niceScale(7), niceScale(0.3)]).toEqual([500, 1000, 2000, 5, 0.2]);
  });

  it('refuses sizes out of range, and an empty map is a blank frame', () => {
    expect(() => renderMapImage({ width: 10, height: 10 })).toThrow();
    expect(() => renderMapImage({ width: 5000, height: 5000 })).toThrow();
    const blank = decodePng(renderMapImage({ width: 100, height: 80, scale: false }).png);
    expect(blank.at(50, 40)).toEqual(WHITE);
  });

  it('encodes any RGB buffer losslessly', () => {
    const rgb = new Uint8Array(2 * 2 * 3).map((_, i) => i * 20);
    const back = decodePng(encodePng(2, 2, rgb));
    expect(back.at(1, 1)).toEqual([180, 200, 220]);
  });
});
