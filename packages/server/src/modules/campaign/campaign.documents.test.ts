import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { type PrintedDocument, officeLayout } from '../../../test/office.js';
import { widthInCharacters } from '../../platform/official-document.js';

/** GB/T 9704-2012 §5.2 in PDF points (1 mm = 72 / 25.4 pt): the 版心 of an A4 page. */
const pt = (millimetres: number) => (millimetres * 72) / 25.4;
const A4 = { width: pt(210), height: pt(297) };
const TEXT_AREA = { top: pt(37), left: pt(28), right: pt(210 - 26), bottom: pt(297 - 35) };
const LINE_PITCH = pt(225) / 22;

let t: TestApp;
let office: Client;
let notice: PrintedDocument;
let bulletin: PrintedDocument;

/** A printed line's text without the spaces the PDF reader puts between words. */
const squeezed = (text: string) => text.replace(/\s/g, '');
/** Punctuation that may hang past the right edge at the end of a line (行末标点悬挂). */
const HANGING = /[，。、；：！？”’）》]$/;
/** The width of a printed line in characters, a hanging mark at its end left out. */
const printedWidth = (text: string) => widthInCharacters(squeezed(text).replace(HANGING, ''));

beforeAll(async () => {
  t = await testApp({ now: '2022-03-01T09:00:00+08:00' });
  office = await t.userIn('AWB', ['safety_office'], 'awb');
  const campaignId = (await office.post('/api/campaigns', { title: '国家安全发展示范城市创建工作（复评）' })).body.id;
  const tasks = (await office.get(`/api/campaigns/${campaignId}/tasks?pageSize=200`)).body.items;
  // Task 19 quotes a phrase of its own (“一张图一张表”), and the notice quotes the task.
  const task19 = tasks.find((x: { seq: number }) => x.seq === 19);
  const issued = await office.post(`/api/campaign-tasks/${task19.id}/supervisions`, {
    orgId: await t.orgId('YJGLJ'),
    content: '加快危险化学品安全风险分布档案建设，按期形成“一张图一张表”并报送佐证资料',
    responseDue: '2022-03-15',
  });
  expect(issued.status).toBe(201);
  const docx = await office.get(`/api/campaign-supervisions/${issued.body.id}/notice.docx`);
  expect(docx.status).toBe(200);
  notice = await officeLayout(docx.raw.rawPayload);
  const report = await office.get(`/api/campaigns/${campaignId}/bulletin.docx`);
  expect(report.status).toBe(200);
  bulletin = await officeLayout(report.raw.rawPayload);
}, 240_000);
afterAll(() => t.close());

describe('documents laid out as GB/T 9704-2012 official documents, as LibreOffice prints them', () => {
  it('A4 pages, text within the 版心: 37 mm from the top, 28 mm from the left, 26 mm from the right', () => {
    for (const doc of [notice, bulletin]) {
      for (const page of doc.pages) {
        expect(page.width).toBeCloseTo(A4.width, 0);
        expect(page.height).toBeCloseTo(A4.height, 0);
      }
      const text = doc.lines.filter((l) => !/^— \d+ —$/.test(l.text));
      expect(Math.min(...text.map((l) => l.yMin))).toBeGreaterThanOrEqual(TEXT_AREA.top - 1);
      expect(Math.min(...text.map((l) => l.yMin))).toBeLessThan(TEXT_AREA.top + LINE_PITCH);
      expect(Math.min(...text.map((l) => l.xMin))).toBeGreaterThanOrEqual(TEXT_AREA.left - 1);
      // Only a hanging mark passes the right edge, and by one character at most.
      for (const l of text.filter((line) => line.xMax > TEXT_AREA.right + 1)) {
        expect(squeezed(l.text)).toMatch(HANGING);
        expect(l.xMax).toBeLessThanOrEqual(TEXT_AREA.right + 17);
      }
      expect(Math.max(...text.map((l) => l.yMax))).toBeLessThanOrEqual(TEXT_AREA.bottom + 1);
    }
    // The 主送机关 is flush with the 版心's left edge.
    const to = notice.lines.find((l) => l.text === '应急管理局：');
    expect(to?.xMin).toBeCloseTo(TEXT_AREA.left, 0);
  });

  it('22 lines to the page: the lines of a paragraph are 225 mm ÷ 22 apart', () => {
    const first = notice.lines.findIndex((l) => l.text.startsWith('根据《'));
    const paragraph = notice.lines.slice(first, first + 6);
    expect(paragraph.every((l) => l.page === paragraph[0]!.page)).toBe(true);
    const pitch = (paragraph.at(-1)!.yMin - paragraph[0]!.yMin) / (paragraph.length - 1);
    expect(pitch).toBeCloseTo(LINE_PITCH, 1);
    expect(22 * pitch).toBeLessThanOrEqual(pt(225));
    expect(23 * pitch).toBeGreaterThan(pt(225));
  });

  it('28 characters to the line: full lines of 正文 hold 28 (digits count half), none more; the first is indented two', () => {
    const first = notice.lines.findIndex((l) => l.text.startsWith('根据《'));
    const body = notice.lines.filter((l) => l.page === 1 && l.yMin >= notice.lines[first]!.yMin && !/^— \d+ —$/.test(l.text));
    const widths = body.map((l) => printedWidth(l.text));
    expect(Math.max(...widths)).toBeLessThanOrEqual(28);
    // A line of Chinese text alone that reaches the right edge is full: 28 characters, or 27 where a mark was kept off
    // the start of the next line (digits are set with a little space around them, so lines with digits hold fewer).
    const full = body.filter((l) => l.xMin < TEXT_AREA.left + 1 && l.xMax > TEXT_AREA.right - 16 && !/[0-9A-Za-z]/.test(l.text));
    expect(full.length).toBeGreaterThan(2);
    for (const l of full) expect(printedWidth(l.text)).toBeGreaterThanOrEqual(27);
    expect(full.map((l) => printedWidth(l.text))).toContain(28);
    const character = (TEXT_AREA.right - TEXT_AREA.left) / 28;
    expect(body[0]!.xMin - TEXT_AREA.left).toBeGreaterThan(2 * character - 2);
    expect(body[0]!.xMin - TEXT_AREA.left).toBeLessThan(2 * character + 2);
  });

  it('the 督办通知书: 发文机关标志 and 发文字号 at the head, the plan cited by its title, quotations nested, 署名 over 成文日期, 版记', () => {
    const texts = notice.lines.map((l) => l.text.replace(/\s/g, ''));
    expect(texts[0]).toBe('西安国际港务区安全生产委员会办公室');
    expect(texts[1]).toBe('西港安委办督〔2022〕1号');
    expect(texts[2]).toBe('督办通知书');
    const all = texts.join('');
    expect(all).toContain('根据《西安国际港务区国家安全发展示范城市创建工作实施方案》（西港安城创〔2020〕1号）任务分解表第19项“');
    expect(all).not.toContain('《国家安全发展示范城市创建工作（复评）》');
    // The task's own “一张图一张表”, quoted inside the notice's quotation, becomes ‘一张图一张表’.
    expect(all).toContain('‘一张图一张表’');
    // Dated by the platform's clock on the day the notice was issued.
    const date = notice.lines.find((l) => squeezed(l.text) === '2022年3月1日');
    const signer = notice.lines.filter((l) => l.text === '西安国际港务区安全生产委员会办公室').at(1);
    expect(date && signer).toBeTruthy();
    // The signer's line is right above the date's and the two are centred on each other.
    expect(date!.yMin - signer!.yMin).toBeCloseTo(LINE_PITCH, 0);
    expect((date!.xMin + date!.xMax) / 2).toBeCloseTo((signer!.xMin + signer!.xMax) / 2, -1);
    expect(all).toContain('2022年3月1日印发');
    expect(texts).toContain('—1—');
  });

  it('the 通报 runs to pages numbered on the outer side: odd on the right, even on the left', () => {
    expect(bulletin.pages.length).toBeGreaterThan(1);
    const numbers = bulletin.lines.filter((l) => /^— \d+ —$/.test(l.text));
    expect(numbers.map((l) => l.page)).toEqual(bulletin.pages.map((_, i) => i + 1));
    for (const n of numbers) {
      if (n.page % 2 === 1) expect(n.xMax).toBeGreaterThan(A4.width / 2);
      else expect(n.xMin).toBeLessThan(A4.width / 2);
      expect(n.yMin).toBeGreaterThan(TEXT_AREA.bottom);
    }
  });
});
