import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The text of an office document as LibreOffice reads it (`soffice --headless --convert-to txt`):
 * the file must open in an office suite someone else wrote, not only unzip. Each call gets its own
 * LibreOffice profile, so test files running at the same time do not wait on one profile's lock.
 * CI installs libreoffice-writer-nogui; without it this throws and the test fails.
 */
export async function officeText(bytes: Buffer, extension = 'docx'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'citysafe-office-'));
  try {
    const input = join(dir, `document.${extension}`);
    await writeFile(input, bytes);
    const profile = pathToFileURL(join(dir, 'profile')).href;
    await run(
      'soffice',
      [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'txt:Text (encoded):UTF8', '--outdir', dir, input],
      {
        timeout: 120_000,
      },
    );
    return await readFile(join(dir, 'document.txt'), 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One line of a page as a PDF reader lays it out: its box in points from the page's top left, and its text. */
export interface PrintedLine {
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  text: string;
}

/** A document as printed: its pages' size in points and every line of text with its box. */
export interface PrintedDocument {
  pages: { width: number; height: number }[];
  lines: PrintedLine[];
}

/**
 * A Word document as it prints: LibreOffice converts it to PDF (an office suite someone else wrote lays it out)
 * and poppler's `pdftotext -bbox-layout` reads back where each line landed, so that a test can measure margins,
 * line pitch and characters per line. `png` keeps the first page as an image at `png` (pdftoppm) to look at.
 * CI installs libreoffice-writer-nogui and poppler-utils; without them this throws and the test fails.
 */
export async function officeLayout(bytes: Buffer, options: { png?: string } = {}): Promise<PrintedDocument> {
  const dir = await mkdtemp(join(tmpdir(), 'citysafe-office-'));
  try {
    const input = join(dir, 'document.docx');
    await writeFile(input, bytes);
    const profile = pathToFileURL(join(dir, 'profile')).href;
    await run('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, input], {
      timeout: 120_000,
    });
    const pdf = join(dir, 'document.pdf');
    await run('pdftotext', ['-bbox-layout', pdf, join(dir, 'layout.html')]);
    if (options.png)
      await run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf, options.png.replace(/\.png$/, '')]);
    const html = await readFile(join(dir, 'layout.html'), 'utf8');
    const pages: PrintedDocument['pages'] = [];
    const lines: PrintedLine[] = [];
    for (const page of html.split('<page ').slice(1)) {
      const size = /width="([\d.]+)" height="([\d.]+)"/.exec(page);
      pages.push({ width: Number(size?.[1]), height: Number(size?.[2]) });
      for (const line of page.split('<line ').slice(1)) {
        const box = /xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"/.exec(line);
        const words = [...line.matchAll(/<word [^>]*>([^<]*)<\/word>/g)].map((w) => w[1]);
        lines.push({
          page: pages.length,
          xMin: Number(box?.[1]),
          yMin: Number(box?.[2]),
          xMax: Number(box?.[3]),
          yMax: Number(box?.[4]),
          text: words
            .join(' ')
            .replace(/&amp;/g, '&')
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&quot;/g, '"'),
        });
      }
    }
    return { pages, lines };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
