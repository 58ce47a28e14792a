/**
 * The file-format overrides the import form offers. The core checks each against its reader's own
 * lists (statementFormatChoiceSchema) and refuses anything else, so these only shape the choice.
 */
export const DELIMITER_CHOICES = [
  { value: ',', label: ', (comma)' },
  { value: ';', label: '; (semicolon)' },
  { value: '\t', label: 'Tab' },
  { value: '|', label: '| (pipe)' },
] as const;

export const DECIMAL_SEPARATOR_CHOICES = [
  { value: '.', label: '1234.56' },
  { value: ',', label: '1234,56' },
] as const;

export interface FormatOverrides {
  readonly delimiter: string;
  readonly decimalSeparator: string;
  readonly timeZone: string;
}

export const NO_OVERRIDES: FormatOverrides = { delimiter: '', decimalSeparator: '', timeZone: '' };

/** Only what the operator chose; an empty choice leaves the reader to detect it from the file. */
export function formatChoice(overrides: FormatOverrides): Record<string, string> | undefined {
  const chosen = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== ''));
  return Object.keys(chosen).length === 0 ? undefined : chosen;
}
