/**
 * How the browser tests and the browser benchmark start Debian's Chromium. Chromium's own background
 * traffic (updates, sync, field trials) is switched off, so every request seen comes from the page —
 * and none leaves this closed machine.
 */
export const chromiumPath = '/usr/bin/chromium';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
