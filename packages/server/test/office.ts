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
