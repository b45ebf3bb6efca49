// The import worker loads this: the error module alone, not the whole domain package, keeps its start short.
import { AppError } from '@citysafe/domain/errors';
import { bi } from '@citysafe/domain/i18n';
import { type ArchiveEntry, type ArchiveLimits, entryChunks, inspectArchive } from './archive.js';

/** A cell as the importers read it: numbers stay numbers, everything else is its text. */
export type CellValue = string | number;

/** One row with a value in it: its Excel row number and its non-empty cells as [column (1 = A), value]. */
export interface SheetRow {
  number: number;
  cells: [number, CellValue][];
}

export interface Sheet {
  name: string;
  rows: SheetRow[];
}

export interface SheetRequest {
  /** The sheet to read by name; the first sheet when absent or not found. */
  sheet?: string;
  /** Rows above the data (the header). */
  headerRows: number;
  /** Data rows the importer takes: reading stops at the first value in a row past them. */
  maxRows: number;
}

/** Non-empty cells per row; a row is a record, not a place to hide megabytes. */
const MAX_CELLS_PER_ROW = 256;
/** Longest run of markup or text held at once: Excel's own cell limit is 32 767 characters. */
const MAX_TOKEN_CHARS = 256 * 1024;

const fileError = (zh: string, en: string) => new AppError('VALIDATION', undefined, { fields: [{ field: 'file', message: bi(zh, en) }] });
const unreadable = () => fileError('无法读取该 xlsx 文件', 'The xlsx file cannot be read');

type XmlEvent =
  | { kind: 'open'; name: string; attrs: Record<string, string>; empty: boolean }
  | { kind: 'close'; name: string }
  | { kind: 'text'; text: string };

const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const decodeEntities = (s: string): string =>
  s.includes('&')
    ? s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_, e: string) =>
        e.startsWith('#x')
          ? String.fromCodePoint(parseInt(e.slice(2), 16))
          : e.startsWith('#')
            ? String.fromCodePoint(Number(e.slice(1)))
            : entities[e]!,
      )
    : s;

/** Element and attribute names without their namespace prefix (`x:row` → `row`, `r:id` → `id`). */
const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** Index of the `>` closing the tag opened at `from`, skipping quoted attribute values; -1 when not yet read. */
function tagEnd(buf: string, from: number): number {
  let quote = '';
  for (let i = from; i < buf.length; i++) {
    const ch = buf[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '>') return i;
  }
  return -1;
}

/**
 * A pull tokenizer for the XML of an Office file, streaming: elements and text as they come,
 * entities decoded, no DTD (refused, so no entity can expand), nothing held beyond one token.
 */
async function* xmlEvents(chunks: AsyncIterable<Buffer>): AsyncGenerator<XmlEvent> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let buf = '';
  const drain = function* (): Generator<XmlEvent> {
    let at = 0;
    for (;;) {
      const lt = buf.indexOf('<', at);
      if (lt < 0) break;
      if (lt > at) yield { kind: 'text', text: decodeEntities(buf.slice(at, lt)) };
      at = lt;
      if (buf.startsWith('<!--', lt)) {
        const end = buf.indexOf('-->', lt + 4);
        if (end < 0) break;
        at = end + 3;
      } else if (buf.startsWith('<![CDATA[', lt)) {
        const end = buf.indexOf(']]>', lt + 9);
        if (end < 0) break;
        yield { kind: 'text', text: buf.slice(lt + 9, end) };
        at = end + 3;
      } else if (buf.startsWith('<?', lt)) {
        const end = buf.indexOf('?>', lt + 2);
        if (end < 0) break;
        at = end + 2;
      } else if (buf.startsWith('<!', lt)) {
        throw unreadable();
      } else {
        const end = tagEnd(buf, lt + 1);
        if (end < 0) break;
        const tag = buf.slice(lt + 1, end);
        at = end + 1;
        if (tag.startsWith('/')) {
          yield { kind: 'close', name: local(tag.slice(1).trim()) };
          continue;
        }
        const empty = tag.endsWith('/');
        const body = empty ? tag.slice(0, -1) : tag;
        const nameEnd = body.search(/[\s]|$/);
        const attrs: Record<string, string> = {};
        for (const m of body.slice(nameEnd).matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
          attrs[local(m[1]!)] = decodeEntities(m[2] ?? m[3] ?? '');
        }
        const name = local(body.slice(0, nameEnd));
        yield { kind: 'open', name, attrs, empty };
        if (empty) yield { kind: 'close', name };
      }
    }
    buf = buf.slice(at);
    // Text or markup this long without an end is not a spreadsheet: refuse before holding more.
    if (buf.length > MAX_TOKEN_CHARS) throw fileError('xlsx 文件中有超长的内容', 'The xlsx file holds an overlong run of content');
  };
  try {
    for await (const chunk of chunks) {
      buf += decoder.decode(chunk, { stream: true });
      yield* drain();
    }
    buf += decoder.decode();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw unreadable();
  }
  yield* drain();
}

/** Where a relationship's target lives in the archive (targets are relative to the part's folder, or absolute). */
const resolveTarget = (folder: string, target: string): string => {
  const parts = (target.startsWith('/') ? target.slice(1) : `${folder}${target}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
};

/** Column number of a cell reference: `C5` → 3. */
const columnOf = (ref: string): number => {
  let n = 0;
  for (const ch of ref) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + code - 64;
  }
  return n;
};

/**
 * Reads one sheet of an xlsx streaming, straight from the archive: the archive is checked against
 * `limits` first, no entry is inflated beyond what it declared, reading stops at the first value
 * past `maxRows` data rows (413 naming the limit), and the shared strings are read last, keeping only those
 * the rows use. Run it in the import worker (`sheet.ts`), not on the server's event loop.
 */
export async function readSheetFromArchive(bytes: Buffer, request: SheetRequest, limits: ArchiveLimits): Promise<Sheet> {
  const entries = new Map<string, ArchiveEntry>(inspectArchive(bytes, limits).map((e) => [e.name, e]));
  const events = (name: string) => {
    const entry = entries.get(name);
    return entry ? xmlEvents(entryChunks(bytes, entry)) : null;
  };
  const relationships = async (part: string) => {
    const folder = part.slice(0, part.lastIndexOf('/') + 1);
    const rels = new Map<string, { type: string; target: string }>();
    const stream = events(`${folder}_rels/${part.slice(folder.length)}.rels`);
    if (stream) {
      for await (const e of stream) {
        if (e.kind === 'open' && e.name === 'Relationship' && e.attrs.Id && e.attrs.Target) {
          rels.set(e.attrs.Id, { type: e.attrs.Type ?? '', target: resolveTarget(folder, e.attrs.Target) });
        }
      }
    }
    return rels;
  };

  const root = await relationships('');
  const workbookPart = [...root.values()].find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  const workbookRels = await relationships(workbookPart);
  const sheets: { name: string; part: string }[] = [];
  const workbook = events(workbookPart);
  if (!workbook) throw unreadable();
  for await (const e of workbook) {
    if (e.kind === 'open' && e.name === 'sheet') {
      const part = workbookRels.get(e.attrs.id ?? '')?.target;
      if (part) sheets.push({ name: e.attrs.name ?? '', part });
    }
  }
  const chosen = sheets.find((s) => s.name === request.sheet) ?? sheets[0];
  const sheetEvents = chosen && events(chosen.part);
  if (!chosen || !sheetEvents) throw fileError('工作簿中没有工作表', 'The workbook has no sheet');

  type Pending = CellValue | { shared: number };
  const rows: { number: number; cells: [number, Pending][] }[] = [];
  let row: { number: number; cells: [number, Pending][] } | null = null;
  let rowNumber = 0;
  let cell: { column: number; type: string; value: string; inline: string } | null = null;
  let inValue = false;
  let inInline = 0;
  let inPhonetic = 0;
  for await (const e of sheetEvents) {
    if (e.kind === 'open') {
      if (e.name === 'row') {
        rowNumber = e.attrs.r ? Number(e.attrs.r) : rowNumber + 1;
        row = { number: rowNumber, cells: [] };
      } else if (e.name === 'c' && row) {
        const column = e.attrs.r ? columnOf(e.attrs.r) : (row.cells.at(-1)?.[0] ?? 0) + 1;
        cell = { column, type: e.attrs.t ?? 'n', value: '', inline: '' };
      } else if (e.name === 'v') inValue = true;
      else if (e.name === 'is') inInline++;
      else if (e.name === 'rPh') inPhonetic++;
    } else if (e.kind === 'text') {
      if (cell && inValue) cell.value += e.text;
      else if (cell && inInline && !inPhonetic) cell.inline += e.text;
    } else if (e.name === 'v') inValue = false;
    else if (e.name === 'is') inInline--;
    else if (e.name === 'rPh') inPhonetic--;
    else if (e.name === 'c' && cell && row) {
      const value: Pending | null =
        cell.type === 's'
          ? cell.value.trim() === ''
            ? null
            : { shared: Number(cell.value) }
          : cell.type === 'inlineStr'
            ? cell.inline
            : cell.type === 'n' && cell.value.trim() !== ''
              ? Number(cell.value)
              : cell.type === 'b'
                ? cell.value === '1'
                  ? 'true'
                  : 'false'
                : cell.value;
      if (value !== null && value !== '') {
        if (row.number > request.headerRows + request.maxRows) {
          throw new AppError(
            'PAYLOAD_TOO_LARGE',
            bi(
              `工作表超过行数上限：最多 ${request.maxRows} 行数据`,
              `The sheet exceeds the row limit: at most ${request.maxRows} data rows`,
            ),
            { details: { maxRows: request.maxRows } },
          );
        }
        if (row.cells.length >= MAX_CELLS_PER_ROW) {
          throw new AppError(
            'PAYLOAD_TOO_LARGE',
            bi(`第 ${row.number} 行超过 ${MAX_CELLS_PER_ROW} 个单元格`, `Row ${row.number} has more than ${MAX_CELLS_PER_ROW} cells`),
            { details: { maxCellsPerRow: MAX_CELLS_PER_ROW } },
          );
        }
        row.cells.push([cell.column, value]);
      }
      cell = null;
    } else if (e.name === 'row' && row) {
      if (row.cells.length > 0) rows.push(row);
      row = null;
    }
  }

  const wanted = new Set<number>();
  for (const r of rows) for (const [, v] of r.cells) if (typeof v === 'object') wanted.add(v.shared);
  const shared = new Map<number, string>();
  const sharedPart =
    [...workbookRels.values()].find((r) => r.type.endsWith('/sharedStrings'))?.target ??
    (entries.has('xl/sharedStrings.xml') ? 'xl/sharedStrings.xml' : null);
  const sharedEvents = wanted.size > 0 && sharedPart ? events(sharedPart) : null;
  if (sharedEvents) {
    const last = Math.max(...wanted);
    let index = -1;
    let text = '';
    let inText = 0;
    let phonetic = 0;
    for await (const e of sharedEvents) {
      if (e.kind === 'open') {
        if (e.name === 'si') {
          index++;
          text = '';
        } else if (e.name === 't') inText++;
        else if (e.name === 'rPh') phonetic++;
      } else if (e.kind === 'text') {
        if (inText && !phonetic && wanted.has(index)) text += e.text;
      } else if (e.name === 't') inText--;
      else if (e.name === 'rPh') phonetic--;
      else if (e.name === 'si') {
        if (wanted.has(index)) shared.set(index, text);
        // The rows' strings are all read: the rest of the table is of no use.
        if (index >= last) break;
      }
    }
  }
  return {
    name: chosen.name,
    rows: rows.map((r) => ({
      number: r.number,
      cells: r.cells.map(([c, v]): [number, CellValue] => [c, typeof v === 'object' ? (shared.get(v.shared) ?? '') : v]),
    })),
  };
}
