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

// The shell's messages are bundled, so initialisation completes synchronously before the first render
// (the login page). One translation resource holds the shell's sections and, once loaded
// (`loadModuleMessages`), each module's under its key, so every page says t('campaign.tabs.overview')
// without naming a namespace.
void i18next.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: zhCN },
    'en-US': { translation: enUS },
  },
  lng: storedLocale(),
  fallbackLng: 'zh-CN',
  supportedLngs: [...locales],
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});

const loaded = new Map<Locale, Promise<void>>();

/**
 * The modules' messages in a language, added to the translation resource once: before the signed-in
 * frame or a public page renders, and before the language is switched to it. Not in the login page's code.
 */
export function loadModuleMessages(locale: Locale): Promise<void> {
  let loading = loaded.get(locale);
  if (!loading) {
    loading = moduleMessages(locale).then((messages) => {
      i18next.addResourceBundle(locale, 'translation', messages, true, false);
    });
    // A failed download (a network blip) is tried again the next time rather than remembered.
    loading.catch(() => loaded.delete(locale));
    loaded.set(locale, loading);
  }
  return loading;
}

/** The language in use now (the stored choice at start, or the last switch). */
export const currentLocale = (): Locale => locales.find((l) => l === i18next.language) ?? 'zh-CN';

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof zhCN & ModuleMessages };
  }
}

export default i18next;
