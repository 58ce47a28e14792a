import { useCallback } from 'react';
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { detectLocale, intlLocaleFor, translate, type LocaleId, type Translate } from './translate.ts';

interface LocaleState {
  readonly locale: LocaleId;
  setLocale(locale: LocaleId): void;
}

const STORAGE_KEY = 'payments-console.locale';

function initialLocale(): LocaleId {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'pt-PT') return saved;
  } catch {
    // Storage can be unavailable (sandboxed renderer without a profile); the browser language decides.
  }
  return detectLocale(globalThis.navigator?.languages ?? []);
}

export const localeStore = createStore<LocaleState>()((set) => ({
  locale: initialLocale(),
  setLocale(locale) {
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, locale);
    } catch {
      // Not remembered across restarts; still applied now.
    }
    document.documentElement.lang = locale;
    set({ locale });
  },
}));

export function useLocale(): LocaleId {
  return useStore(localeStore, (state) => state.locale);
}

export function useIntlLocale(): string {
  return intlLocaleFor(useLocale());
}

export function useT(): Translate {
  const locale = useLocale();
  return useCallback<Translate>((key, vars) => translate(locale, key, vars), [locale]);
}
