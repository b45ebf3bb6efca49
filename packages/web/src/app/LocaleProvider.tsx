import { App as AntApp, ConfigProvider } from 'antd';
import enUSAntd from 'antd/locale/en_US';
import zhCNAntd from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { type ReactNode, createContext, useCallback, useContext, useMemo, useState } from 'react';
import { z } from 'zod';
import zodEnglish from 'zod/v4/locales/en.js';
import zodChinese from 'zod/v4/locales/zh-CN.js';
import type { Locale } from '../shared/locale';
import i18next, { storeLocale, storedLocale } from './i18n';

interface LocaleContextValue {
  locale: Locale;
  /** Switches every layer that speaks: i18next, antd, dayjs (date pickers) and zod messages. */
  changeLocale(locale: Locale): void;
}

const LocaleContext = createContext<LocaleContextValue | null>(null);

function applyLocale(locale: Locale): void {
  void i18next.changeLanguage(locale);
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  // Two locale modules by path: `z.locales` would bundle all of zod's fifty-odd languages.
  z.config(locale === 'zh-CN' ? zodChinese() : zodEnglish());
  document.documentElement.lang = locale;
  document.title = i18next.t('app.title');
}

/** Provides the language and antd's configuration; wrap the whole app in it. */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocale] = useState<Locale>(() => {
    const initial = storedLocale();
    applyLocale(initial);
    return initial;
  });
  const changeLocale = useCallback((next: Locale) => {
    applyLocale(next);
    storeLocale(next);
    setLocale(next);
  }, []);
  const value = useMemo(() => ({ locale, changeLocale }), [locale, changeLocale]);
  return (
    <LocaleContext.Provider value={value}>
      <ConfigProvider
        locale={locale === 'zh-CN' ? zhCNAntd : enUSAntd}
        theme={{
          token: {
            colorPrimary: '#1d5fbf',
            borderRadius: 6,
            // Noto Sans CJK first where installed (Linux); the platform fonts elsewhere.
            fontFamily:
              "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Helvetica Neue', Arial, sans-serif",
          },
        }}
      >
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </LocaleContext.Provider>
  );
}

export function useLocale(): LocaleContextValue {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('useLocale outside LocaleProvider');
  return value;
}
