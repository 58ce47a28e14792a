/**
 * How an exported CSV is written for the spreadsheet that will open it. Spreadsheets read a CSV by
 * the computer's regional settings: where the decimal mark is a comma (Portugal, most of Europe)
 * Excel expects ";" between fields and a decimal comma, and opens a comma-separated file as one
 * column. The header row is in the operator's language or in English (for a file passed on).
 */
import { z } from 'zod';

export const CSV_CONVENTIONS = ['comma-point', 'semicolon-comma'] as const;
export const csvConventionSchema = z.enum(CSV_CONVENTIONS);
export type CsvConvention = z.infer<typeof csvConventionSchema>;

export const CSV_HEADER_LANGUAGES = ['en', 'pt-PT'] as const;
export const csvHeaderLanguageSchema = z.enum(CSV_HEADER_LANGUAGES);
export type CsvHeaderLanguage = z.infer<typeof csvHeaderLanguageSchema>;

/** The fields every export channel takes; a caller that names neither gets the comma file with English headers. */
export const csvFormatFields = {
  csvConvention: csvConventionSchema.default('comma-point'),
  headerLanguage: csvHeaderLanguageSchema.default('en'),
};

/** Field separator and decimal mark of each convention. */
export const CSV_CONVENTION_MARKS: Readonly<Record<CsvConvention, { readonly separator: ',' | ';'; readonly decimalMark: '.' | ',' }>> = {
  'comma-point': { separator: ',', decimalMark: '.' },
  'semicolon-comma': { separator: ';', decimalMark: ',' },
};
