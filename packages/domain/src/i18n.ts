/** A text in both languages the UI speaks: Simplified Chinese (default) and English. */
export interface Bilingual {
  zh: string;
  en: string;
}

export const bi = (zh: string, en: string): Bilingual => ({ zh, en });
