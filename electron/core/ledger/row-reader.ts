/**
 * Typed access to the columns node:sqlite hands back (every INTEGER as bigint, see database.ts).
 * A column of the wrong type throws instead of leaking an `unknown` into the core.
 */
import type { SQLOutputValue } from 'node:sqlite';

export type SqlRow = Record<string, SQLOutputValue>;

function column(row: SqlRow, name: string): SQLOutputValue {
  if (!(name in row)) throw new Error(`Ledger row has no column ${name}`);
  return row[name] as SQLOutputValue;
}

function wrongType(name: string, expected: string, value: SQLOutputValue): Error {
  return new TypeError(`Ledger column ${name} should hold ${expected}, found ${value === null ? 'NULL' : typeof value}`);
}

export function text(row: SqlRow, name: string): string {
  const value = column(row, name);
  if (typeof value !== 'string') throw wrongType(name, 'text', value);
  return value;
}

export function optionalText(row: SqlRow, name: string): string | null {
  const value = column(row, name);
  return value === null ? null : text(row, name);
}

export function bigInteger(row: SqlRow, name: string): bigint {
  const value = column(row, name);
  if (typeof value !== 'bigint') throw wrongType(name, 'an integer', value);
  return value;
}

export function optionalBigInteger(row: SqlRow, name: string): bigint | null {
  return column(row, name) === null ? null : bigInteger(row, name);
}

/** A BLOB (SQLite) or bytea (PostgreSQL, as a Buffer). */
export function optionalBytes(row: SqlRow, name: string): Uint8Array | null {
  const value = column(row, name);
  if (value === null) return null;
  if (!(value instanceof Uint8Array)) throw wrongType(name, 'bytes', value);
  return value;
}

/** For counts and small codes (months, years, HTTP statuses, durations), never for amounts. */
export function integer(row: SqlRow, name: string): number {
  return Number(bigInteger(row, name));
}

export function optionalInteger(row: SqlRow, name: string): number | null {
  return column(row, name) === null ? null : integer(row, name);
}

export function flag(row: SqlRow, name: string): boolean {
  return bigInteger(row, name) === 1n;
}

export function date(row: SqlRow, name: string): Date {
  return new Date(text(row, name));
}

export function optionalDate(row: SqlRow, name: string): Date | null {
  const value = optionalText(row, name);
  return value === null ? null : new Date(value);
}

export function json<T>(row: SqlRow, name: string): T {
  return JSON.parse(text(row, name)) as T;
}

export function optionalJson<T>(row: SqlRow, name: string): T | null {
  const value = optionalText(row, name);
  return value === null ? null : (JSON.parse(value) as T);
}

const DAY_MS = 86_400_000;
/** 0000-01-01 and 10000-01-01: inside, toISOString writes a four-digit year and a fixed-width text. */
const FIRST_FOUR_DIGIT_YEAR_MS = new Date('0000-01-01T00:00:00.000Z').getTime();
const FIRST_FIVE_DIGIT_YEAR_MS = new Date('+010000-01-01T00:00:00.000Z').getTime();
/** Days' texts by day number; rows of a statement or a batch mostly share a few hundred days. */
const dayTexts = new Map<number, string>();
const MAX_CACHED_DAYS = 4096;

function dayText(day: number): string {
  let text = dayTexts.get(day);
  if (text === undefined) {
    if (dayTexts.size >= MAX_CACHED_DAYS) dayTexts.clear();
    text = new Date(day * DAY_MS).toISOString().slice(0, 11);
    dayTexts.set(day, text);
  }
  return text;
}

/** "00"–"59" and "000"–"999", made once: formatting a number per field was most of the cost. */
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));

/**
 * toISOString's text, written from the day's text (made once per day and kept) and the time of
 * day in arithmetic. toISOString itself was a tenth of saving a million reconciliation rows.
 */
function isoText(value: Date): string {
  const ms = value.getTime();
  if (!(ms >= FIRST_FOUR_DIGIT_YEAR_MS && ms < FIRST_FIVE_DIGIT_YEAR_MS)) return value.toISOString();
  const day = Math.floor(ms / DAY_MS);
  const inDay = ms - day * DAY_MS;
  const millis = inDay % 1000;
  const seconds = Math.floor(inDay / 1000);
  return `${dayText(day)}${TWO_DIGITS[Math.floor(seconds / 3600)] as string}:${TWO_DIGITS[Math.floor(seconds / 60) % 60] as string}:${TWO_DIGITS[seconds % 60] as string}.${THREE_DIGITS[millis] as string}Z`;
}

/** Dates are stored as UTC ISO strings with milliseconds: fixed width, so they sort as text. */
export function isoDate(value: Date): string {
  return isoText(value);
}

export function optionalIsoDate(value: Date | null): string | null {
  return value === null ? null : isoText(value);
}

/** Code of "0", and the fixed separators' places in toISOString's text. */
const ZERO = 48;
const ISO_SEPARATORS: ReadonlyArray<readonly [number, number]> = [[4, 45], [7, 45], [10, 84], [13, 58], [16, 58], [19, 46], [23, 90]];

function digitsAt(text: string, from: number, count: number): number {
  let value = 0;
  for (let at = from; at < from + count; at += 1) {
    const digit = text.charCodeAt(at) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468;
}

/**
 * The epoch milliseconds of a stored instant: the ledger's own texts (isoDate's fixed width) in
 * arithmetic, anything else as Date reads it. Reading a million payments' creation times through
 * Date was a tenth of loading them for a reconciliation.
 */
function hasIsoSeparators(text: string): boolean {
  for (const [at, code] of ISO_SEPARATORS) if (text.charCodeAt(at) !== code) return false;
  return true;
}

export function isoMillis(text: string): number {
  if (text.length === 24 && hasIsoSeparators(text)) {
    const year = digitsAt(text, 0, 4);
    const month = digitsAt(text, 5, 2);
    const day = digitsAt(text, 8, 2);
    const hours = digitsAt(text, 11, 2);
    const minutes = digitsAt(text, 14, 2);
    const seconds = digitsAt(text, 17, 2);
    const millis = digitsAt(text, 20, 3);
    if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 28 && hours >= 0 && hours <= 23 && minutes >= 0 && minutes <= 59 && seconds >= 0 && seconds <= 59 && millis >= 0) {
      return daysFromCivil(year, month, day) * DAY_MS + hours * 3_600_000 + minutes * 60_000 + seconds * 1_000 + millis;
    }
  }
  // Days 29–31 (whether the month has them), 24:00 and every other shape: as Date decides.
  return new Date(text).getTime();
}
