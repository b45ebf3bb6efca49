import { useTranslation } from 'react-i18next';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A timestamp as people in the district read it: Asia/Shanghai, 24-hour (architecture rule 7). */
export function formatTime(iso: string | null | undefined, language: string): string {
  if (!iso) return '';
  let format = formatters.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
    });
    formatters.set(language, format);
  }
  return format.format(new Date(iso));
}

/** `time(iso)` formats in the current language. */
export function useFormatTime(): (iso: string | null | undefined) => string {
  const { i18n } = useTranslation();
  return (iso) => formatTime(iso, i18n.language);
}
