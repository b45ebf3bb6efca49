/**
 * A photo as a phone takes it, for the report tests: a 16 × 12 JPEG (drawn by Chromium's canvas, `toDataURL('image/jpeg')`)
 * with, when a place is given, an EXIF APP1 segment carrying the GPS position the way cameras write it (degrees,
 * minutes, seconds as rationals; N/S and E/W in the reference tags).
 */
const PLAIN_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAoHBwgHBgoICAgLCgoLDhgQDg0NDh0VFhEYIx8lJCIfIiEmKzcvJik0KSEiMEExNDk7Pj4+JS5ESUM8SDc9Pjv/2wBDAQoLCw4NDhwQEBw7KCIoOzs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozv/wAARCAAMABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAX/xAAgEAAABQUAAwAAAAAAAAAAAAABAwQREgACBhMUMVFx/8QAFQEBAQAAAAAAAAAAAAAAAAAABQb/xAAfEQAABQQDAAAAAAAAAAAAAAAAERITIQIDFCJRgdH/2gAMAwEAAhEDEQA/AKeHY2jyHs6zT7NEI6rgB5Sd3AfQUzHG0ePcfIaffvnLbcAtGLMwB7GoCVesQy5FZ6ebS1GDZJvDt9GipesXR61Z6iDx2mDfF/LP8Cj1UpIpFqzeyHF68deyP//Z',
  'base64',
);

/** Degrees as three EXIF rationals (d/1, m/1, s·1000/1000), little-endian. */
function rationals(value: number): Buffer {
  const abs = Math.abs(value);
  const d = Math.floor(abs);
  const m = Math.floor((abs - d) * 60);
  const s = Math.round(((abs - d) * 60 - m) * 60 * 1000);
  const out = Buffer.alloc(24);
  [d, 1, m, 1, s, 1000].forEach((n, i) => out.writeUInt32LE(n, i * 4));
  return out;
}

/** The TIFF structure of the EXIF segment: IFD0 pointing to a GPS IFD with the four position tags. */
function gpsTiff(lng: number, lat: number): Buffer {
  const tiff = Buffer.alloc(128);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  // IFD0: one entry, GPSInfo (0x8825, LONG) → the GPS IFD at 26.
  tiff.writeUInt16LE(1, 8);
  tiff.writeUInt16LE(0x8825, 10);
  tiff.writeUInt16LE(4, 12);
  tiff.writeUInt32LE(1, 14);
  tiff.writeUInt32LE(26, 18);
  tiff.writeUInt32LE(0, 22);
  // GPS IFD at 26: four entries; their rationals follow at 80 (latitude) and 104 (longitude).
  tiff.writeUInt16LE(4, 26);
  const entry = (at: number, tag: number, type: number, count: number, value: (b: Buffer, o: number) => void) => {
    tiff.writeUInt16LE(tag, at);
    tiff.writeUInt16LE(type, at + 2);
    tiff.writeUInt32LE(count, at + 4);
    value(tiff, at + 8);
  };
  entry(28, 1, 2, 2, (b, o) => b.write(lat >= 0 ? 'N' : 'S', o, 'latin1'));
  entry(40, 2, 5, 3, (b, o) => b.writeUInt32LE(80, o));
  entry(52, 3, 2, 2, (b, o) => b.write(lng >= 0 ? 'E' : 'W', o, 'latin1'));
  entry(64, 4, 5, 3, (b, o) => b.writeUInt32LE(104, o));
  tiff.writeUInt32LE(0, 76);
  rationals(lat).copy(tiff, 80);
  rationals(lng).copy(tiff, 104);
  return tiff;
}

/** A JPEG photo, with the EXIF GPS position when `at` is given. */
export function reportPhoto(at?: { lng: number; lat: number }): Buffer {
  if (!at) return PLAIN_JPEG;
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), gpsTiff(at.lng, at.lat)]);
  const header = Buffer.alloc(4);
  header.writeUInt16BE(0xffe1, 0);
  header.writeUInt16BE(body.length + 2, 2);
  // Right after the start-of-image marker, where cameras put it.
  return Buffer.concat([PLAIN_JPEG.subarray(0, 2), header, body, PLAIN_JPEG.subarray(2)]);
}
