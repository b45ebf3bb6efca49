import type { ThemeConfig } from 'antd';

const storageKey = 'citysafe.largeText';

/** Whether this browser asked for the larger text (适老化), kept across visits like the language. */
export function storedLargeText(): boolean {
  return localStorage.getItem(storageKey) === '1';
}

export function storeLargeText(on: boolean): void {
  if (on) localStorage.setItem(storageKey, '1');
  else localStorage.removeItem(storageKey);
}

/**
 * A coloured tag writes shade 7 on shade 1 (green: 3.4:1); shades 8–9 reach 4.5:1 on the same light
 * background. Both spellings: antd reads `green7` and names its CSS variable after `green-7`.
 */
const tagText = Object.fromEntries(
  Object.entries({
    green: '#135200',
    cyan: '#00474f',
    orange: '#873800',
    gold: '#613400',
    red: '#820014',
    blue: '#002c8c',
    geekblue: '#061178',
    magenta: '#780650',
    purple: '#22075e',
    volcano: '#871400',
    lime: '#3f6600',
  }).flatMap(([color, shade]) => [
    [`${color}7`, shade],
    [`${color}-7`, shade],
  ]),
);

/**
 * antd's theme for the platform. Text colours meet WCAG 2 AA (GB/T 37668-2019, 4.5:1) on white and
 * on antd's light greys and tints: antd's defaults (secondary text at 45 % black = 3.4:1,
 * placeholders at 25 %, links in #1677ff, red #ff4d4f, tags in shade 7) do not. Only the tags'
 * text shade is overridden: a darker seed would darken their light backgrounds as well.
 * The larger-text mode raises every size token (antd derives headings, heights and paddings from
 * them), so the layout scales instead of overflowing.
 */
export function platformTheme(largeText: boolean): ThemeConfig {
  return {
    token: {
      colorPrimary: '#1d5fbf',
      colorInfo: '#1d5fbf',
      colorLink: '#1d5fbf',
      // Hover and pressed states darken instead of antd's lighter tints (2.8:1 on a table header's grey,
      // white on the lighter blue 3.6:1): the pointer rests on a button right after it is clicked.
      colorLinkHover: '#174c99',
      colorLinkActive: '#123b77',
      colorPrimaryHover: '#174c99',
      colorPrimaryActive: '#123b77',
      colorError: '#cf1322',
      colorSuccess: '#237804',
      colorWarning: '#874d00',
      colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
      colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
      colorTextDescription: 'rgba(0, 0, 0, 0.62)',
      colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)',
      // Derived from a darker seed, the light backgrounds of alerts and status tags turn grey: keep antd's.
      colorSuccessBg: '#f6ffed',
      colorSuccessBorder: '#b7eb8f',
      colorErrorBg: '#fff1f0',
      colorWarningBg: '#fffbe6',
      ...tagText,
      borderRadius: 6,
      fontSize: largeText ? 18 : 14,
      // Noto Sans CJK first where installed (Linux); the platform fonts elsewhere.
      fontFamily:
        "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Helvetica Neue', Arial, sans-serif",
    },
  };
}
