/**
 * The column picker's choices and what they become: the mapping draft `recon:preview` reads and
 * `recon:saveMapping` stores. The core checks every value against its reader's own lists; these
 * lists only shape the choice.
 */
import { MAPPED_FIELDS, PREVIEW_MAX_BASE64, type MappedField, type MappingDraft, type MappingListEntry, type StatementPreviewView } from '../../../../../shared/domain/recon-mapping.ts';
import { statementEntryKindSchema, statementStatusSchema, type StatementEntryKind, type StatementStatus } from '../../../../../shared/domain/recon.ts';

export const STATEMENT_STATUSES: readonly StatementStatus[] = statementStatusSchema.options;
export const STATEMENT_KINDS: readonly StatementEntryKind[] = statementEntryKindSchema.options;

const FORMAT_CHOICES = ['encoding', 'delimiter', 'decimalSeparator', 'dateFormat', 'timeZone'] as const;

export interface MappingChoices {
  readonly name: string;
  /** Field → the file's column header; '' for "not in the file". */
  readonly columns: Readonly<Record<MappedField, string>>;
  /** Used when no currency column is chosen. */
  readonly fixedCurrency: string;
  readonly amountUnit: 'major' | 'minor';
  /** The file's value → our status; '' leaves it unmapped (such a row is reported). */
  readonly statusValues: Readonly<Record<string, StatementStatus | ''>>;
  /** Used when no status column is chosen. */
  readonly defaultStatus: StatementStatus;
  readonly kindValues: Readonly<Record<string, StatementEntryKind | ''>>;
  readonly defaultKind: StatementEntryKind;
  /** '' each: detected from the file. */
  readonly encoding: string;
  readonly delimiter: string;
  readonly decimalSeparator: string;
  readonly dateFormat: string;
  readonly timeZone: string;
}

export const EMPTY_CHOICES: MappingChoices = {
  name: '',
  columns: Object.fromEntries(MAPPED_FIELDS.map((field) => [field, ''])) as Record<MappedField, string>,
  fixedCurrency: '',
  amountUnit: 'major',
  statusValues: {},
  defaultStatus: 'succeeded',
  kindValues: {},
  defaultKind: 'payment',
  encoding: '',
  delimiter: '',
  decimalSeparator: '',
  dateFormat: '',
  timeZone: '',
};

function chosenTable<T extends string>(table: Readonly<Record<string, T | ''>>): Record<string, T> | undefined {
  const entries = Object.entries(table).filter((entry): entry is [string, T] => entry[1] !== '');
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/** Only what was chosen: a column left out is not in the file, a format left out is detected. */
export function draftOf(choices: MappingChoices): MappingDraft {
  const columns = Object.fromEntries(Object.entries(choices.columns).filter(([, header]) => header !== ''));
  const format = Object.fromEntries(
    (FORMAT_CHOICES).flatMap((key) => (choices[key] === '' ? [] : [[key, choices[key]]])),
  );
  const fixedCurrency = choices.fixedCurrency.trim().toUpperCase();
  const statusValues = columns['status'] ? chosenTable(choices.statusValues) : undefined;
  const kindValues = columns['kind'] ? chosenTable(choices.kindValues) : undefined;
  return {
    ...(choices.name.trim() === '' ? {} : { name: choices.name.trim() }),
    columns,
    ...(columns['currency'] || fixedCurrency === '' ? {} : { fixedCurrency }),
    amountUnit: choices.amountUnit,
    ...(statusValues ? { statusValues } : {}),
    ...(columns['status'] ? {} : { defaultStatus: choices.defaultStatus }),
    ...(kindValues ? { kindValues } : {}),
    defaultKind: choices.defaultKind,
    ...(Object.keys(format).length === 0 ? {} : { format }),
  };
}

/** The distinct values of one column in the previewed rows, in the order they first appear. */
export function distinctValues(preview: StatementPreviewView | null, header: string): string[] {
  if (!preview || header === '') return [];
  const index = preview.headers.indexOf(header);
  if (index < 0) return [];
  const seen = new Set<string>();
  for (const row of preview.rows) {
    const value = row.raw[index]?.trim() ?? '';
    if (value !== '') seen.add(value);
  }
  return [...seen];
}

/** A value table with a line for every value the file shows, keeping what was already chosen. */
export function tableFor<T extends string>(values: readonly string[], current: Readonly<Record<string, T | ''>>): Record<string, T | ''> {
  const table: Record<string, T | ''> = {};
  for (const value of values) table[value] = current[value] ?? '';
  for (const [value, target] of Object.entries(current)) if (target !== '' && !(value in table)) table[value] = target;
  return table;
}

/** The first bytes of a file already read as base64: whole base64 quartets, so they decode to whole bytes. */
export function previewHead(contentBase64: string): string {
  return contentBase64.length <= PREVIEW_MAX_BASE64 ? contentBase64 : contentBase64.slice(0, PREVIEW_MAX_BASE64 - (PREVIEW_MAX_BASE64 % 4));
}

/**
 * The list a name in the import form's select is from. Saving refuses a shipped name, so a name is
 * in one list; should a newer version ship a saved one's name, the shipped one is meant, as in the core.
 */
export function mappingKindOf(mappings: readonly MappingListEntry[], name: string): MappingListEntry['kind'] | undefined {
  return (mappings.find((entry) => entry.kind === 'shipped' && entry.name === name) ?? mappings.find((entry) => entry.name === name))?.kind;
}

/** A listed mapping as the picker's choices, to start a new one from it or change a saved one. */
export function choicesOf(entry: MappingListEntry): MappingChoices {
  const { mapping } = entry;
  const columns = { ...EMPTY_CHOICES.columns };
  for (const field of MAPPED_FIELDS) columns[field] = mapping.columns[field] ?? '';
  return {
    name: entry.kind === 'saved' ? entry.name : '',
    columns,
    fixedCurrency: mapping.fixedCurrency ?? '',
    amountUnit: mapping.amountUnit,
    statusValues: { ...mapping.statusValues },
    defaultStatus: mapping.defaultStatus ?? 'succeeded',
    kindValues: { ...mapping.kindValues },
    defaultKind: mapping.defaultKind,
    encoding: mapping.format['encoding'] ?? '',
    delimiter: mapping.format['delimiter'] ?? '',
    decimalSeparator: mapping.format['decimalSeparator'] ?? '',
    dateFormat: mapping.format['dateFormat'] ?? '',
    timeZone: mapping.format['timeZone'] ?? '',
  };
}
