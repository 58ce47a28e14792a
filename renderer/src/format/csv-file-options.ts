import type { CsvConvention, CsvHeaderLanguage } from '../../../shared/domain/csv-format.ts';
import type { LocaleId } from '../i18n/translate.ts';

/** How an export's file is written: the zone of its times, the spreadsheet convention, the header row's language. */
export interface CsvFileOptions {
  readonly timeZone: string;
  readonly csvConvention: CsvConvention;
  readonly headerLanguage: CsvHeaderLanguage;
}

/**
 * What the operator's spreadsheet most likely opens as written: Excel set up for Portugal reads
 * ";" between fields and a decimal comma; for English, commas and a decimal point. The header row
 * starts in the screen's language.
 */
export function defaultCsvFileOptions(locale: LocaleId, timeZone: string): CsvFileOptions {
  return { timeZone, csvConvention: locale === 'pt-PT' ? 'semicolon-comma' : 'comma-point', headerLanguage: locale };
}
