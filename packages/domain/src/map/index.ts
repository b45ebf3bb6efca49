/** The district map's domain part: area levels, boundary sources, the coordinate systems of boundary files. */
export * from './areas.js';
