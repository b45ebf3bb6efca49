import { describe, expect, it } from 'vitest';
import { contentDisposition } from './transfer.js';

/**
 * Reads a Content-Disposition header as RFC 6266 tells a client to: `filename*` (RFC 5987,
 * percent-encoded UTF-8) when present, else the quoted `filename`.
 */
function parse(header: string): { fallback: string; name: string } {
  const fallback = /filename="([^"]*)"/.exec(header)?.[1];
  const extended = /filename\*=UTF-8''([!#$&+\-.^_`|~0-9A-Za-z%]+)$/.exec(header)?.[1];
  expect(fallback, header).toBeDefined();
  expect(extended, header).toBeDefined();
  return { fallback: fallback!, name: decodeURIComponent(extended!) };
}

describe('contentDisposition', () => {
  it('sends a Chinese name as UTF-8 in filename*, with an ASCII filename for older clients', () => {
    const header = contentDisposition('西港区创建工作台账.xlsx');
    expect(header).toBe(
      `attachment; filename="download.xlsx"; filename*=UTF-8''%E8%A5%BF%E6%B8%AF%E5%8C%BA%E5%88%9B%E5%BB%BA%E5%B7%A5%E4%BD%9C%E5%8F%B0%E8%B4%A6.xlsx`,
    );
    expect(parse(header)).toEqual({ fallback: 'download.xlsx', name: '西港区创建工作台账.xlsx' });
  });

  it('keeps the ASCII part of a mixed name in the fallback', () => {
    expect(parse(contentDisposition('2021年第3期工作通报 draft.docx'))).toEqual({
      fallback: '2021_3_ draft.docx',
      name: '2021年第3期工作通报 draft.docx',
    });
    expect(parse(contentDisposition('Ledger-2021.xlsx'))).toEqual({ fallback: 'Ledger-2021.xlsx', name: 'Ledger-2021.xlsx' });
  });

  it('cannot be broken out of: quotes, semicolons, apostrophes, brackets and line breaks stay inside the values', () => {
    const names = [
      '整改报告（第2版）.pdf',
      `O'Brien "final"; x=1.pdf`,
      'a\r\nSet-Cookie: x=1.txt',
      '..\\..\\etc passwd',
      '评分(草稿)*.xlsx',
    ];
    for (const name of names) {
      const header = contentDisposition(name);
      // Plain printable ASCII: no raw UTF-8, no CR/LF, so no header splitting.
      expect(header, name).toMatch(/^[\x20-\x7e]+$/);
      expect(header.split('"'), name).toHaveLength(3);
      expect(header.split(';'), name).toHaveLength(3);
      expect(parse(header).name, name).toBe(name);
      expect(parse(header).fallback, name).not.toMatch(/\.\./);
    }
  });

  it('falls back to `download` with no extension when nothing of the name is ASCII', () => {
    expect(parse(contentDisposition('督办通知书'))).toEqual({ fallback: 'download', name: '督办通知书' });
  });
});
