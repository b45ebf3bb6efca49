import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { type Locale, locales } from '../shared/locale';
import { enUS } from './locales/en-US';
import { zhCN } from './locales/zh-CN';
import { type ModuleMessages, moduleMessages } from './modules';

const storageKey = 'citysafe.locale';

/** The language chosen on this browser, Simplified Chinese unless someone switched. */
export function storedLocale(): Locale {
  const value = localStorage.getItem(storageKey);
  return locales.find((l) => l === value) ?? 'zh-CN';
}

/** Keeps the choice for the login page of the next visit. */
export function storeLocale(locale: Locale): void {
  localStorage.setItem(storageKey, locale);
}

// Resources are bundled, so initialisation completes synchronously before the first render. One
// translation resource holds the shell's sections and each module's under its key, so every page
// says t('campaign.tabs.overview') without naming a namespace.
void i18next.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: { ...zhCN, ...moduleMessages('zh-CN') } },
    'en-US': { translation: { ...enUS, ...moduleMessages('en-US') } },
  },
  lng: storedLocale(),
  fallbackLng: 'zh-CN',
  supportedLngs: [...locales],
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof zhCN & ModuleMessages };
  }
}

export default i18next;
