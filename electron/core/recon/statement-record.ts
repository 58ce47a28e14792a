/**
 * One parsed CSV record to one StatementRow through a mapping, or the reason it cannot be: the
 * reader skips and reports such a row, the preview shows the reason next to it. A card number in
 * any cell refuses the row, and the reason names the column only, never what was in it.
 */
import { containsCardNumber } from '../../../shared/card/card-number-in-text.ts';
import { ValidationError } from '../errors.ts';
import { lookUpValue, type MappedField, type StatementMapping } from './mappings/statement-mapping.ts';
import type { StatementFormat } from './statement-format.ts';
import type { StatementRow } from './statement-row.ts';
import { parseStatementAmount, parseStatementCurrency, parseStatementDate, StatementValueError } from './statement-values.ts';

/** Where each mapped column sits in the file; built once from the header row. */
export type ColumnIndex = Readonly<Partial<Record<MappedField, number>>>;

/** Every mapped header must be in the file: a mapping for another file reads nothing right. */
export function indexColumns(headers: readonly string[], mapping: StatementMapping): ColumnIndex {
  const index: Partial<Record<MappedField, number>> = {};
  const missing: string[] = [];
  for (const [field, name] of Object.entries(mapping.columns) as Array<[MappedField, string | undefined]>) {
    if (!name) continue;
    const position = headers.indexOf(name);
    if (position < 0) missing.push(name);
    else index[field] = position;
  }
  if (missing.length) {
    throw new ValidationError(`The file has no column ${missing.map((name) => JSON.stringify(name)).join(', ')} (mapping "${mapping.name}")`, { columns: missing.join(', ') });
  }
  return index;
}

/** Cells read as numbers or dates: a card number there fails to read, and that refusal checks for one (see readRecord). */
const PARSED_FIELDS = ['amount', 'fee', 'net', 'transactionAt', 'settledAt'] as const;

/**
 * The first cell holding a card number, -1 if none. Amount and date cells are left to their parsers:
 * a large amount can be a Luhn-valid digit run, and an amount or date is kept as a number, never as
 * text; one that does not parse is reported without its text when it looks like a card number (see readRecord).
 */
export function cardNumberColumn(record: readonly string[], index: ColumnIndex): number {
  const parsedCells = parsedCellsOf(index);
  for (let position = 0; position < record.length; position += 1) {
    const value = record[position] as string;
    if (value.length >= MIN_CARD_TEXT && !parsedCells.has(position) && mayHoldCardNumber(value) && containsCardNumber(value)) return position;
  }
  return -1;
}

const parsedCellsByIndex = new WeakMap<ColumnIndex, ReadonlySet<number | undefined>>();
function parsedCellsOf(index: ColumnIndex): ReadonlySet<number | undefined> {
  let cells = parsedCellsByIndex.get(index);
  if (cells === undefined) {
    cells = new Set(PARSED_FIELDS.map((field) => index[field]));
    parsedCellsByIndex.set(index, cells);
  }
  return cells;
}

/**
 * A card number is at least 13 digits joined by single spaces or dashes at most, and the run it is
 * in starts on its own (not glued to a letter, a digit or "_", not after "+": containsCardNumber
 * ignores such runs): a cell without such a run cannot hold one. Testing for it first keeps the
 * full check off almost every cell of a file, gateway ids with long digit runs included (it was a
 * fifth of the reading time).
 */
// ASCII only before the run: a run after a non-ASCII letter passes this test and meets the full check, which ignores it.
const THIRTEEN_DIGITS = /(?<![A-Za-z0-9_+])(?:\d[ \u00a0-]?){12}\d/;
const MIN_CARD_TEXT = 13;
function mayHoldCardNumber(value: string): boolean {
  return THIRTEEN_DIGITS.test(value);
}

export type RecordReading = { readonly row: StatementRow } | { readonly problem: string; readonly field: MappedField | null };

function cell(record: readonly string[], index: ColumnIndex, field: MappedField): string | null {
  const position = index[field];
  if (position === undefined) return null;
  const value = (record[position] ?? '').trim();
  return value === '' ? null : value;
}

class FieldProblem extends Error {
  readonly field: MappedField;
  constructor(field: MappedField, message: string) {
    super(message);
    this.field = field;
  }
}

function required(value: string | null, field: MappedField, header: string | undefined): string {
  if (value === null) throw new FieldProblem(field, `${header ?? field} is empty`);
  return value;
}

export function readRecord(record: readonly string[], line: number, headers: readonly string[], index: ColumnIndex, mapping: StatementMapping, format: StatementFormat): RecordReading {
  if (record.length !== headers.length) {
    return { problem: `${record.length} column${record.length === 1 ? '' : 's'} where the header has ${headers.length}`, field: null };
  }
  const withCard = cardNumberColumn(record, index);
  if (withCard >= 0) return { problem: `column "${headers[withCard] ?? withCard + 1}" holds a card number; the row is left out`, field: null };
  const { columns } = mapping;
  try {
    const field = <T>(name: MappedField, read: () => T): T => {
      try {
        return read();
      } catch (error) {
        if (error instanceof StatementValueError) {
          const raw = cell(record, index, name) ?? '';
          throw new FieldProblem(name, containsCardNumber(raw) ? `column "${columns[name] ?? name}" holds a card number; the row is left out` : `${columns[name] ?? name}: ${error.message}`);
        }
        throw error;
      }
    };
    const currencyText = cell(record, index, 'currency');
    const currencyCode = field('currency', () => (currencyText !== null ? parseStatementCurrency(currencyText) : (mapping.fixedCurrency ?? required(null, 'currency', columns.currency))));
    const amountOf = (name: 'amount' | 'fee' | 'net', value: string) =>
      parseStatementAmount(value, currencyCode, { unit: mapping.amountUnit, decimalSeparator: format.decimalSeparator, subMinor: name === 'amount' ? 'reject' : mapping.subMinorFees });
    const amountText = required(cell(record, index, 'amount'), 'amount', columns.amount);
    const amountMinor = field('amount', () => amountOf('amount', amountText));
    const feeText = cell(record, index, 'fee');
    const netText = cell(record, index, 'net');
    const statusText = cell(record, index, 'status');
    let status = mapping.defaultStatus ?? null;
    if (columns.status) {
      const value = required(statusText, 'status', columns.status);
      status = mapping.statusValues ? lookUpValue(mapping.statusValues, value) : null;
      if (status === null) throw new FieldProblem('status', `${columns.status}: "${value}" is not in the mapping's status table`);
    }
    let kind = mapping.defaultKind;
    const kindText = cell(record, index, 'kind');
    if (columns.kind) {
      const value = required(kindText, 'kind', columns.kind);
      const found = mapping.kindValues ? lookUpValue(mapping.kindValues, value) : null;
      if (found === null) throw new FieldProblem('kind', `${columns.kind}: "${value}" is not in the mapping's kind table`);
      kind = found;
    }
    const dateOf = (name: 'transactionAt' | 'settledAt') => {
      const value = cell(record, index, name);
      return value === null ? null : field(name, () => parseStatementDate(value, format.dateFormat, format.timeZone));
    };
    const row: StatementRow = {
      line,
      gatewayTransactionId: cell(record, index, 'gatewayTransactionId'),
      merchantReference: cell(record, index, 'merchantReference'),
      kind,
      status: status ?? 'succeeded',
      amountMinor,
      currency: currencyCode,
      feeMinor: feeText === null ? null : field('fee', () => amountOf('fee', feeText)),
      netMinor: netText === null ? null : field('net', () => amountOf('net', netText)),
      transactionAt: dateOf('transactionAt'),
      settledAt: dateOf('settledAt'),
      merchantAccount: cell(record, index, 'merchantAccount'),
    };
    return { row };
  } catch (error) {
    if (error instanceof FieldProblem) return { problem: error.message, field: error.field };
    throw error;
  }
}
