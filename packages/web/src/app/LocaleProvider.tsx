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
import i18next, { loadModuleMessages, storeLocale, storedLocale } from './i18n';
import { platformTheme, storeLargeText, storedLargeText } from './theme';

interface LocaleContextValue {
  locale: Locale;
  /** Switches every layer that speaks: i18next, antd, dayjs (date pickers) and zod messages. */
  changeLocale(locale: Locale): void;
  /** 大字模式 (适老化): antd's sizes raised from 14 to 18 px, remembered on this browser. */
  largeText: boolean;
  changeLargeText(on: boolean): void;
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

/** Marks the document so that the few sizes antd does not own (the top bar's title) follow the mode. */
function applyLargeText(on: boolean): boolean {
  document.documentElement.classList.toggle('large-text', on);
  return on;
}

/** Provides the language, the text size and antd's configuration; wrap the whole app in it. */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocale] = useState<Locale>(() => {
    const initial = storedLocale();
    applyLocale(initial);
    return initial;
  });
  const changeLocale = useCallback((next: Locale) => {
    const apply = () => {
      applyLocale(next);
      storeLocale(next);
      setLocale(next);
    };
    // The modules' texts in the new language first, so that no page shows its keys for a moment; if they
    // cannot be fetched the shell switches anyway and the pages keep the texts they have.
    void loadModuleMessages(next).then(apply, apply);
  }, []);
  const [largeText, setLargeText] = useState(() => applyLargeText(storedLargeText()));
  const changeLargeText = useCallback((on: boolean) => {
    storeLargeText(on);
    setLargeText(applyLargeText(on));
  }, []);
  const value = useMemo(() => ({ locale, changeLocale, largeText, changeLargeText }), [locale, changeLocale, largeText, changeLargeText]);
  const theme = useMemo(() => platformTheme(largeText), [largeText]);
  return (
    <LocaleContext.Provider value={value}>
      <ConfigProvider locale={locale === 'zh-CN' ? zhCNAntd : enUSAntd} theme={theme}>
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
