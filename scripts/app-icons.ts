/**
 * Draws the installable app's PNG icons (packages/web/public/icon-*.png) from the shield of
 * favicon.svg, in the Debian Chromium the browser tests use. Android's installer and iOS's home
 * screen want raster icons: 192 and 512 px on a transparent ground (`any`), 512 px full-bleed for
 * launchers that cut their own shape (`maskable`: the shield inside the central 80 % safe circle),
 * and 180 px for iOS (opaque: iOS fills transparency with black). Run again after changing the logo:
 *   npx tsx scripts/app-icons.ts
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../e2e/chromium.ts';

const publicDir = fileURLToPath(new URL('../packages/web/public/', import.meta.url));
const BLUE = '#1677ff';
const shield = (fill: string, mark: string) =>
  `<path d="M16 2 4 7v8c0 7.2 5.1 13.3 12 15 6.9-1.7 12-7.8 12-15V7z" fill="${fill}"/>` +
  `<path d="m10 16 4 4 8-8" stroke="${mark}" stroke-width="3" fill="none" stroke-linecap="round" stroke-linejoin="round"/>`;

/** The shield alone, as favicon.svg draws it. */
const plain = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">${shield(BLUE, '#fff')}</svg>`;
/** A blue ground with a white shield at 56 % of the side: inside the safe circle of a maskable icon. */
const fullBleed =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="${BLUE}"/>` +
  `<g transform="translate(7.04 7.04) scale(0.56)">${shield('#fff', BLUE)}</g></svg>`;

const icons: { file: string; size: number; svg: string }[] = [
  { file: 'icon-192.png', size: 192, svg: plain },
  { file: 'icon-512.png', size: 512, svg: plain },
  { file: 'icon-maskable-512.png', size: 512, svg: fullBleed },
  { file: 'apple-touch-icon.png', size: 180, svg: fullBleed },
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? chromiumPath, args: chromiumArgs });
try {
  for (const { file, size, svg } of icons) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const sized = svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(`<html><body style="margin:0;background:transparent">${sized}</body></html>`);
    await page.screenshot({ path: path.join(publicDir, file), omitBackground: true });
    await page.close();
    console.log(`${file} ${size}×${size}`);
  }
} finally {
  await browser.close();
}
