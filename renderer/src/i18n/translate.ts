import { en, type MessageKey, type Messages } from './en.ts';
import { ptPT } from './pt-PT.ts';

export type LocaleId = 'en' | 'pt-PT';
export const LOCALES: readonly LocaleId[] = ['en', 'pt-PT'];
export const LOCALE_NAMES: Readonly<Record<LocaleId, string>> = { en: 'English', 'pt-PT': 'Português (Portugal)' };

const catalogs: Readonly<Record<LocaleId, Messages>> = { en, 'pt-PT': ptPT };

/** The tag handed to Intl: British English writes dates day-first like the rest of Europe. */
export function intlLocaleFor(locale: LocaleId): string {
  return locale === 'pt-PT' ? 'pt-PT' : 'en-GB';
}

export function detectLocale(preferred: readonly string[]): LocaleId {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('pt')) return 'pt-PT';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

export type TranslateVars = Readonly<Record<string, string | number>>;

export function translate(locale: LocaleId, key: MessageKey, vars?: TranslateVars): string {
  const template = catalogs[locale][key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export type Translate = (key: MessageKey, vars?: TranslateVars) => string;
