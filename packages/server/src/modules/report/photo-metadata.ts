import { AppError, bi } from '@citysafe/domain';
import exifr from 'exifr';

/**
 * A public photo's metadata removed before it is stored: a phone writes the reporter's GPS position, the camera's
 * make and serial, the time and often the owner's name into EXIF / XMP / IPTC, and the photo reaches the office, the
 * street and, through a hazard, the reported unit. Only the segments or chunks that hold metadata are dropped; the
 * image data is copied byte for byte (no re-encoding, so no loss and no new dependency).
 */

const unreadable = () =>
  new AppError('VALIDATION', undefined, {
    fields: [{ field: 'file', message: bi('照片文件已损坏，无法读取', 'The photo is damaged and cannot be read') }],
  });

/**
 * A TIFF block (big-endian) holding IFD0 with the one tag Orientation (0x0112, SHORT): what a viewer needs to show
 * the photo upright, and nothing about who took it or where.
 */
function orientationOnlyTiff(orientation: number): Buffer {
  const tiff = Buffer.alloc(26);
  tiff.write('MM\u0000*', 0, 'latin1');
  tiff.writeUInt32BE(8, 4); // IFD0 right after the header
  tiff.writeUInt16BE(1, 8); // one entry
  tiff.writeUInt16BE(0x0112, 10);
  tiff.writeUInt16BE(3, 12); // SHORT
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(orientation, 18); // a SHORT value sits left-justified in the 4-byte field
  tiff.writeUInt32BE(0, 22); // no next IFD (IFD1 would be the thumbnail)
  return tiff;
}

function app1Exif(orientation: number): Buffer {
  const body = Buffer.concat([Buffer.from('Exif\u0000\u0000', 'latin1'), orientationOnlyTiff(orientation)]);
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

const startsWith = (segment: Buffer, text: string) => segment.subarray(4, 4 + text.length).toString('latin1') === text;

/**
 * The entropy-coded data after a start of scan, copied as it is: it runs to the first 0xFF that is neither stuffing
 * (0xFF00) nor a restart marker (0xFFD0–D7) nor a fill byte. Returns where the next marker starts.
 */
function copyScan(bytes: Buffer, from: number, kept: Buffer[]): number {
  let at = bytes.indexOf(0xff, from);
  while (at !== -1 && at + 1 < bytes.length) {
    const next = bytes[at + 1]!;
    if (next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) {
      kept.push(bytes.subarray(from, at));
      return at;
    }
    at = bytes.indexOf(0xff, at + 1);
  }
  throw unreadable();
}

/**
 * JPEG: every APPn segment but APP0 (JFIF), APP2's ICC profile and APP14 (Adobe: how the colours are coded) is
 * dropped — APP1 Exif and XMP, APP13 Photoshop/IPTC, the vendors' APP3–APP12/APP15 — and the comments (COM), which
 * may hold anything. The scans' data is copied as it is; nothing after the end of the image (EOI) is kept: phones append
 * a second image there (MPF, a depth map, a motion photo) with its own metadata. An orientation other than 1 is
 * written back alone in a new APP1, so a phone's portrait photo still stands upright.
 */
async function stripJpeg(bytes: Buffer): Promise<Buffer> {
  const orientation = await exifr.orientation(bytes).catch(() => undefined);
  const kept: Buffer[] = [bytes.subarray(0, 2)];
  let pos = 2;
  let insertAt = 1; // after SOI, or after APP0 when there is one (JFIF wants APP0 first)
  for (;;) {
    if (pos + 2 > bytes.length || bytes[pos] !== 0xff) throw unreadable();
    const marker = bytes[pos + 1]!;
    if (marker === 0xff) {
      pos += 1; // fill byte
      continue;
    }
    if (marker === 0xd9) {
      // The end of the image: what follows (a second image with its own Exif, a phone's trailer) is not kept.
      kept.push(bytes.subarray(pos, pos + 2));
      break;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      kept.push(bytes.subarray(pos, pos + 2)); // markers without a length
      pos += 2;
      continue;
    }
    if (pos + 4 > bytes.length) throw unreadable();
    // The length counts its own two bytes: less than 2 is no segment, and reading on from there would go astray.
    const length = bytes.readUInt16BE(pos + 2);
    const end = pos + 2 + length;
    if (length < 2 || end > bytes.length) throw unreadable();
    const segment = bytes.subarray(pos, end);
    const app = marker >= 0xe0 && marker <= 0xef;
    const keep = app
      ? marker === 0xe0 || marker === 0xee || (marker === 0xe2 && startsWith(segment, 'ICC_PROFILE\u0000'))
      : marker !== 0xfe;
    if (keep) {
      kept.push(segment);
      if (marker === 0xe0 && insertAt === kept.length - 1) insertAt = kept.length;
    }
    pos = end;
    if (marker === 0xda) pos = copyScan(bytes, pos, kept);
  }
  if (typeof orientation === 'number' && orientation >= 2 && orientation <= 8) kept.splice(insertAt, 0, app1Exif(orientation));
  return Buffer.concat(kept);
}

/** PNG chunks that draw the image; the rest (tEXt, zTXt, iTXt, eXIf, tIME and any private chunk) is dropped. */
const pngKept = new Set([
  'IHDR',
  'PLTE',
  'IDAT',
  'IEND',
  'tRNS',
  'gAMA',
  'cHRM',
  'sRGB',
  'iCCP',
  'sBIT',
  'bKGD',
  'pHYs',
  'cICP',
  'mDCV',
  'cLLI',
  'acTL',
  'fcTL',
  'fdAT',
]);

/**
 * PNG: only the chunks above are kept, each with its own CRC as it was. An orientation in eXIf is lost with it
 * (PNG viewers mostly ignore it, and phones save their camera photos as JPEG).
 */
function stripPng(bytes: Buffer): Buffer {
  const kept: Buffer[] = [bytes.subarray(0, 8)];
  let pos = 8;
  while (pos < bytes.length) {
    if (pos + 12 > bytes.length) throw unreadable();
    const end = pos + 12 + bytes.readUInt32BE(pos);
    if (end > bytes.length) throw unreadable();
    const type = bytes.subarray(pos + 4, pos + 8).toString('latin1');
    if (pngKept.has(type)) kept.push(bytes.subarray(pos, end));
    pos = end;
    if (type === 'IEND') break;
  }
  return Buffer.concat(kept);
}

/**
 * WebP (RIFF): the EXIF and XMP chunks are dropped, their flags cleared in VP8X, the RIFF size written again. An
 * orientation in EXIF is lost with it (WebP has no other place for it; encoders write the pixels upright).
 */
function stripWebp(bytes: Buffer): Buffer {
  const kept: Buffer[] = [];
  let pos = 12;
  while (pos < bytes.length) {
    if (pos + 8 > bytes.length) throw unreadable();
    const size = bytes.readUInt32LE(pos + 4);
    const end = pos + 8 + size + (size % 2);
    if (end > bytes.length) throw unreadable();
    const type = bytes.subarray(pos, pos + 4).toString('latin1');
    if (type === 'VP8X') {
      const chunk = Buffer.from(bytes.subarray(pos, end));
      chunk[8] = chunk[8]! & ~(0x08 | 0x04); // the EXIF and XMP flags
      kept.push(chunk);
    } else if (type !== 'EXIF' && type !== 'XMP ') kept.push(bytes.subarray(pos, end));
    pos = end;
  }
  const header = Buffer.from(bytes.subarray(0, 12));
  const body = Buffer.concat(kept);
  header.writeUInt32LE(body.length + 4, 4);
  return Buffer.concat([header, body]);
}

/** The photo without its metadata, by the type its content was detected as (JPEG, PNG or WebP; others as they are). */
export async function stripPhotoMetadata(bytes: Buffer, mimeType: string): Promise<Buffer> {
  if (mimeType === 'image/jpeg') return stripJpeg(bytes);
  if (mimeType === 'image/png') return stripPng(bytes);
  if (mimeType === 'image/webp') return stripWebp(bytes);
  return bytes;
}
