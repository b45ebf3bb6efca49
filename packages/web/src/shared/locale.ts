import type { Bilingual } from '@citysafe/domain';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

/** The languages the UI speaks, as the session user's `locale` names them. */
export const locales = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof locales)[number];

export const isEnglish = (language: string): boolean => language.startsWith('en');

/**
 * Picks the current language's half of a message. Server texts come as `{ zh, en }`; zod messages
 * written in the domain package come as one string "中文 / English".
 */
export function pickText(text: Bilingual | string, language: string): string {
  if (typeof text !== 'string') return isEnglish(language) ? text.en : text.zh;
  const parts = text.split(' / ');
  if (parts.length !== 2) return text;
  return (isEnglish(language) ? parts[1] : parts[0]) ?? text;
}

/** `bi(text)` shows a bilingual text in the current language. */
export function useBi(): (text: Bilingual | string) => string {
  const { i18n } = useTranslation();
  const { language } = i18n;
  return useCallback((text) => pickText(text, language), [language]);
}
