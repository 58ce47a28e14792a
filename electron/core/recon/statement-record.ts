/**
 * One parsed CSV record to one StatementRow through a mapping, or the reason it cannot be: the
 * reader skips and reports such a row, the preview shows the reason next to it. A card number in
 * any cell refuses the row, and the reason names the column only, never what was in it.
 */
import type { StatementEntryKind, StatementStatus } from '../../../shared/domain/recon.ts';
import { containsCardNumber } from '../../../shared/card/card-number-in-text.ts';
import { ValidationError } from '../errors.ts';
import type { MappedField, StatementMapping } from './mappings/statement-mapping.ts';
import { lookUpValue } from './mappings/value-table.ts';
import type { StatementFormat } from './statement-format.ts';
import type { StatementRow } from './statement-row.ts';
import { parseStatementCurrency, parseStatementInstant, parseStatementMinorUnits, StatementValueError } from './statement-values.ts';

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

export type RecordReading = { readonly row: StatementRow } | RecordProblem;

export interface RecordProblem {
  readonly problem: string;
  readonly field: MappedField | null;
}

/**
 * One row's values as read, with a number where StatementRow has a bigint or a Date (NaN: none;
 * every amount a statement may carry, at most MAX_MINOR, is exact in a double). A reader fills
 * one in place per row: a million rows go into columns without an object, a BigInt or a Date each.
 */
export class StatementValues {
  line = 0;
  gatewayTransactionId: string | null = null;
  merchantReference: string | null = null;
  kind: StatementEntryKind = 'payment';
  status: StatementStatus = 'succeeded';
  amountMinor = 0;
  currency = '';
  feeMinor = Number.NaN;
  netMinor = Number.NaN;
  transactionAt = Number.NaN;
  settledAt = Number.NaN;
  merchantAccount: string | null = null;
}

const orNull = <T>(value: number, made: (value: number) => T): T | null => (Number.isNaN(value) ? null : made(value));
const toDate = (ms: number): Date => new Date(ms);

export function statementRowOf(values: StatementValues): StatementRow {
  return {
    line: values.line,
    gatewayTransactionId: values.gatewayTransactionId,
    merchantReference: values.merchantReference,
    kind: values.kind,
    status: values.status,
    amountMinor: BigInt(values.amountMinor),
    currency: values.currency,
    feeMinor: orNull(values.feeMinor, BigInt),
    netMinor: orNull(values.netMinor, BigInt),
    transactionAt: orNull(values.transactionAt, toDate),
    settledAt: orNull(values.settledAt, toDate),
    merchantAccount: values.merchantAccount,
  };
}

function cell(record: readonly string[], index: ColumnIndex, field: MappedField): string | null {
  const position = index[field];
  if (position === undefined) return null;
  const value = (record[position] ?? '').trim();
  return value === '' ? null : value;
}

/** A refusal of the field being read; a value that failed to parse is not quoted when it looks like a card number. */
function fieldProblem(field: MappedField, error: unknown, record: readonly string[], index: ColumnIndex, mapping: StatementMapping): RecordProblem {
  if (!(error instanceof StatementValueError)) throw error;
  const name = mapping.columns[field] ?? field;
  const raw = cell(record, index, field) ?? '';
  return { problem: containsCardNumber(raw) ? `column "${name}" holds a card number; the row is left out` : `${name}: ${error.message}`, field };
}

const emptyProblem = (field: MappedField, header: string | undefined): RecordProblem => ({ problem: `${header ?? field} is empty`, field });

/** Rows mostly repeat their currency's text: the last one read answers without a look-up. */
let lastCurrencyText: string | null = null;
let lastCurrencyCode = '';

function currencyOf(text: string): string {
  if (text !== lastCurrencyText) {
    lastCurrencyCode = parseStatementCurrency(text);
    lastCurrencyText = text;
  }
  return lastCurrencyCode;
}

export function readRecord(record: readonly string[], line: number, headers: readonly string[], index: ColumnIndex, mapping: StatementMapping, format: StatementFormat): RecordReading {
  const values = new StatementValues();
  return readRecordInto(values, record, line, headers, index, mapping, format) ?? { row: statementRowOf(values) };
}

/** Reads the record into `into`; answers why not instead (then `into` holds part of the row and is to be ignored). */
export function readRecordInto(into: StatementValues, record: readonly string[], line: number, headers: readonly string[], index: ColumnIndex, mapping: StatementMapping, format: StatementFormat): RecordProblem | null {
  if (record.length !== headers.length) {
    return { problem: `${record.length} column${record.length === 1 ? '' : 's'} where the header has ${headers.length}`, field: null };
  }
  const withCard = cardNumberColumn(record, index);
  if (withCard >= 0) return { problem: `column "${headers[withCard] ?? withCard + 1}" holds a card number; the row is left out`, field: null };
  const { columns } = mapping;
  into.line = line;
  // The field being read when a value refuses to parse: one try for the row instead of a closure per cell.
  let reading: MappedField = 'currency';
  try {
    const currencyText = cell(record, index, 'currency');
    if (currencyText !== null) into.currency = currencyOf(currencyText);
    else if (mapping.fixedCurrency !== undefined) into.currency = mapping.fixedCurrency;
    else return emptyProblem('currency', columns.currency);
    const amountText = cell(record, index, 'amount');
    if (amountText === null) return emptyProblem('amount', columns.amount);
    const { amountUnit: unit, subMinorFees } = mapping;
    const { decimalSeparator } = format;
    reading = 'amount';
    into.amountMinor = parseStatementMinorUnits(amountText, into.currency, { unit, decimalSeparator, subMinor: 'reject' });
    const feeText = cell(record, index, 'fee');
    const netText = cell(record, index, 'net');
    let status = mapping.defaultStatus ?? null;
    if (columns.status) {
      const value = cell(record, index, 'status');
      if (value === null) return emptyProblem('status', columns.status);
      status = mapping.statusValues ? lookUpValue(mapping.statusValues, value) : null;
      if (status === null) return { problem: `${columns.status}: "${value}" is not in the mapping's status table`, field: 'status' };
    }
    into.status = status ?? 'succeeded';
    let kind = mapping.defaultKind;
    if (columns.kind) {
      const value = cell(record, index, 'kind');
      if (value === null) return emptyProblem('kind', columns.kind);
      const found = mapping.kindValues ? lookUpValue(mapping.kindValues, value) : null;
      if (found === null) return { problem: `${columns.kind}: "${value}" is not in the mapping's kind table`, field: 'kind' };
      kind = found;
    }
    into.kind = kind;
    reading = 'fee';
    into.feeMinor = feeText === null ? Number.NaN : parseStatementMinorUnits(feeText, into.currency, { unit, decimalSeparator, subMinor: subMinorFees });
    reading = 'net';
    into.netMinor = netText === null ? Number.NaN : parseStatementMinorUnits(netText, into.currency, { unit, decimalSeparator, subMinor: subMinorFees });
    const { dateFormat, timeZone } = format;
    reading = 'transactionAt';
    const transactionText = cell(record, index, 'transactionAt');
    into.transactionAt = transactionText === null ? Number.NaN : parseStatementInstant(transactionText, dateFormat, timeZone);
    reading = 'settledAt';
    const settledText = cell(record, index, 'settledAt');
    into.settledAt = settledText === null ? Number.NaN : parseStatementInstant(settledText, dateFormat, timeZone);
    into.gatewayTransactionId = cell(record, index, 'gatewayTransactionId');
    into.merchantReference = cell(record, index, 'merchantReference');
    into.merchantAccount = cell(record, index, 'merchantAccount');
    return null;
  } catch (error) {
    return fieldProblem(reading, error, record, index, mapping);
  }
}
