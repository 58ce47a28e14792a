/**
 * One statement cell to one value: amounts to exact minor units (the decimal text is read as
 * digits, never through a float) and dates to instants in the chosen time zone. No date library
 * is in the repository and Node 24 ships no Temporal; Intl knows every IANA zone's offsets, which
 * is all that turning a wall time into an instant needs, so no dependency is added for it.
 */
import { currency, isCurrencyCode } from '../../../shared/money/currencies.ts';
import { MAX_MINOR } from '../../../shared/money/money.ts';
import type { DateFormat, DecimalSeparator } from './mappings/statement-mapping.ts';

export class StatementValueError extends Error {
  override name = 'StatementValueError';
}

export interface AmountReading {
  readonly unit: 'major' | 'minor';
  readonly decimalSeparator: DecimalSeparator;
  /** Digits past the currency's minor unit: refused, or rounded half up. */
  readonly subMinor: 'reject' | 'half-up';
}

/**
 * "1 234,56", "1,234.56", "-12.30", "1230" (minor) → minor units. The sign is dropped: whether a row
 * is money in or out is its kind's to say, and gateways differ on whether a refund is written negative.
 */
export function parseStatementAmount(raw: string, currencyCode: string, reading: AmountReading): bigint {
  return BigInt(parseStatementMinorUnits(raw, currencyCode, reading));
}

/**
 * parseStatementAmount as a number, which holds every amount a statement may carry (at most
 * MAX_MINOR) exactly: a file's rows are read into columns of numbers, and a BigInt per cell was
 * garbage made and thrown away a million times.
 */
export function parseStatementMinorUnits(raw: string, currencyCode: string, reading: AmountReading): number {
  const { exponent } = currency(currencyCode);
  const plain = plainAmount(raw, exponent, reading);
  if (plain !== null) return plain;
  let text = raw.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (text.startsWith('-') || text.startsWith('+')) text = text.slice(1);
  // The other separator groups thousands, and only thousands: "12,30" in a file with decimal
  // points is a misread column, not twelve hundred and thirty.
  const group = reading.decimalSeparator === ',' ? '.' : ',';
  if (text.includes(group)) {
    const grouped = reading.decimalSeparator === ',' ? /^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/ : /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
    if (!grouped.test(text)) throw new StatementValueError(`"${raw}" is not an amount with "${reading.decimalSeparator}" as decimal separator`);
    text = text.split(group).join('');
  }
  if (reading.unit === 'minor') {
    if (!/^\d+$/.test(text)) throw new StatementValueError(`"${raw}" is not a whole number of minor units`);
    return bounded(BigInt(text), raw);
  }
  const match = (reading.decimalSeparator === ',' ? /^(\d+)(?:,(\d+))?$/ : /^(\d+)(?:\.(\d+))?$/).exec(text);
  if (!match) throw new StatementValueError(`"${raw}" is not an amount with "${reading.decimalSeparator}" as decimal separator`);
  const whole = match[1] ?? '0';
  let fraction = match[2] ?? '';
  let carry = 0n;
  if (fraction.length > exponent) {
    const dropped = fraction.slice(exponent);
    if (reading.subMinor === 'reject' && /[1-9]/.test(dropped)) {
      throw new StatementValueError(`"${raw}" has more decimals than ${currencyCode} allows (${exponent})`);
    }
    if (reading.subMinor === 'half-up' && dropped.charAt(0) >= '5') carry = 1n;
    fraction = fraction.slice(0, exponent);
  }
  const minor = BigInt(whole) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0') + carry;
  return bounded(minor, raw);
}

const ZERO = 48;
const NINE = 57;
/** Beyond this many digits a double may not hold the amount exactly; such text takes the general path. */
const PLAIN_MAX_DIGITS = 15;

/**
 * The shape nearly every statement cell has — unsigned digits, at most the currency's decimals after
 * the separator, no grouping — read in one pass of character codes: the general path's regular
 * expressions and BigInt arithmetic were a seventh of reading a row. Anything else answers null and
 * goes the general way, which also words every refusal.
 */
function plainAmount(raw: string, exponent: number, reading: AmountReading): number | null {
  const length = raw.length;
  if (length === 0 || length > PLAIN_MAX_DIGITS + 1) return null;
  const separator = reading.unit === 'major' ? reading.decimalSeparator.charCodeAt(0) : -1;
  let whole = 0;
  let fraction = 0;
  let decimals = -1;
  for (let at = 0; at < length; at += 1) {
    const code = raw.charCodeAt(at);
    if (code >= ZERO && code <= NINE) {
      if (decimals < 0) whole = whole * 10 + (code - ZERO);
      else {
        fraction = fraction * 10 + (code - ZERO);
        decimals += 1;
      }
    } else if (code === separator && decimals < 0 && at > 0) {
      decimals = 0;
    } else {
      return null;
    }
  }
  if (decimals === 0 || decimals > exponent) return null;
  const minor = reading.unit === 'minor' ? whole : whole * 10 ** exponent + fraction * 10 ** (exponent - Math.max(decimals, 0));
  if (!Number.isSafeInteger(minor) || minor > LARGEST) return null;
  return minor;
}

const LARGEST = Number(MAX_MINOR);

function bounded(minor: bigint, raw: string): number {
  if (minor > MAX_MINOR) throw new StatementValueError(`"${raw}" exceeds the largest supported amount`);
  return Number(minor);
}

export function parseStatementCurrency(raw: string): string {
  const code = raw.trim().toUpperCase();
  if (!isCurrencyCode(code)) throw new StatementValueError(`"${raw}" is not an ISO 4217 currency`);
  return code;
}

interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  /** Minutes east of UTC when the text states an offset; null for wall time. */
  readonly offsetMinutes: number | null;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** A format with a time also reads a date alone (midnight): exports drop the time of some rows. */
function literalPattern(format: Exclude<DateFormat, 'iso'>, strict: boolean): RegExp {
  const toSource = (part: string) =>
    part.replace(/[.]/g, '\\.').replace(/YYYY|MM|DD|HH|mm|ss/g, (token) => (token === 'YYYY' ? '(?<YYYY>\\d{4})' : `(?<${token}>\\d{1,2})`));
  const [date = '', time] = format.split(' ');
  return new RegExp(`^${toSource(date)}${time ? `(?:\\s+${toSource(time)})${strict ? '' : '?'}` : ''}$`);
}

const PATTERNS = new Map<string, RegExp>();

/** Two, three or four digits at `at` as a number; -1 when any is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let index = at; index < at + count; index += 1) {
    const code = text.charCodeAt(index);
    if (code < ZERO || code > NINE) return -1;
    value = value * 10 + (code - ZERO);
  }
  return value;
}

/**
 * The ISO shapes statements write — `YYYY-MM-DD`, then ` HH:mm:ss` or `THH:mm:ss`, then `Z`, `±HHMM`
 * or `±HH:MM` — read by position; every other ISO text (fractions, no seconds, lower-case z…) goes
 * through the full expression. Reading dates by expression was a fifth of reading a row.
 */
function plainIsoWallTime(text: string): WallTime | null {
  const length = text.length;
  if (length !== 10 && length !== 19 && length !== 20 && length !== 24 && length !== 25) return null;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  if (year < 0 || month < 0 || day < 0) return null;
  if (length === 10) return { year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0, offsetMinutes: null };
  const joint = text.charAt(10);
  if ((joint !== 'T' && joint !== ' ') || text.charAt(13) !== ':' || text.charAt(16) !== ':') return null;
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (hour < 0 || minute < 0 || second < 0) return null;
  let offsetMinutes: number | null = null;
  if (length === 20) {
    if (text.charAt(19) !== 'Z') return null;
    offsetMinutes = 0;
  } else if (length > 20) {
    const sign = text.charAt(19);
    const colon = length === 25;
    if ((sign !== '+' && sign !== '-') || (colon && text.charAt(22) !== ':')) return null;
    const offsetHours = digitsAt(text, 20, 2);
    const offsetRest = digitsAt(text, colon ? 23 : 22, 2);
    if (offsetHours < 0 || offsetRest < 0) return null;
    offsetMinutes = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetRest);
  }
  return { year, month, day, hour, minute, second, millisecond: 0, offsetMinutes };
}

function readWallTime(raw: string, format: DateFormat, strict: boolean): WallTime | null {
  const text = raw.trim();
  if (format === 'iso') {
    const plain = plainIsoWallTime(text);
    if (plain !== null) return plain;
    const match = ISO.exec(text);
    if (!match) return null;
    const offset = match[8];
    let offsetMinutes: number | null = null;
    if (offset) {
      if (offset.toUpperCase() === 'Z') offsetMinutes = 0;
      else {
        const digits = offset.replace(':', '');
        offsetMinutes = (digits.startsWith('-') ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
      }
    }
    return {
      year: Number(match[1]), month: Number(match[2]), day: Number(match[3]),
      hour: Number(match[4] ?? 0), minute: Number(match[5] ?? 0), second: Number(match[6] ?? 0),
      millisecond: Number((match[7] ?? '0').padEnd(3, '0').slice(0, 3)),
      offsetMinutes,
    };
  }
  const key = `${format}|${strict}`;
  let pattern = PATTERNS.get(key);
  if (!pattern) {
    pattern = literalPattern(format, strict);
    PATTERNS.set(key, pattern);
  }
  const groups = pattern.exec(text)?.groups;
  if (!groups) return null;
  return {
    year: Number(groups['YYYY']), month: Number(groups['MM']), day: Number(groups['DD']),
    hour: Number(groups['HH'] ?? 0), minute: Number(groups['mm'] ?? 0), second: Number(groups['ss'] ?? 0),
    millisecond: 0, offsetMinutes: null,
  };
}

const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

/**
 * Zone offsets change only at transitions, which fall on quarter hours: one lookup per quarter hour
 * and zone serves every row in it (formatToParts is by far the slowest step of reading a row).
 */
const QUARTER_HOUR_MS = 15 * 60_000;
const MAX_CACHED_OFFSETS = 100_000;

/** A zone's cached offsets and the last quarter hour looked up: a statement's rows mostly come in time order. */
interface ZoneOffsets {
  readonly byQuarterHour: Map<number, number>;
  bucket: number;
  offset: number;
}
const ZONES = new Map<string, ZoneOffsets>();
let lastZoneName: string | null = null;
let lastZone: ZoneOffsets | undefined;

/** The zone's offset from UTC at an instant, in milliseconds (wall time − UTC). */
function zoneOffsetMs(instant: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  let zone = timeZone === lastZoneName ? lastZone : ZONES.get(timeZone);
  if (zone === undefined) {
    zone = { byQuarterHour: new Map(), bucket: Number.NaN, offset: 0 };
    ZONES.set(timeZone, zone);
  }
  lastZoneName = timeZone;
  lastZone = zone;
  const bucket = Math.floor(instant / QUARTER_HOUR_MS);
  if (bucket === zone.bucket) return zone.offset;
  let offset = zone.byQuarterHour.get(bucket);
  if (offset === undefined) {
    offset = computeZoneOffsetMs(bucket * QUARTER_HOUR_MS, timeZone);
    if (zone.byQuarterHour.size >= MAX_CACHED_OFFSETS) zone.byQuarterHour.clear();
    zone.byQuarterHour.set(bucket, offset);
  }
  zone.bucket = bucket;
  zone.offset = offset;
  return offset;
}

function computeZoneOffsetMs(instant: number, timeZone: string): number {
  let formatter = FORMATTERS.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    FORMATTERS.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(instant))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const wall = Date.UTC(parts['year'] ?? 0, (parts['month'] ?? 1) - 1, parts['day'] ?? 1, parts['hour'] ?? 0, parts['minute'] ?? 0, parts['second'] ?? 0);
  return wall - (instant - (instant % 1000 + 1000) % 1000);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Text → instant. Wall time is read in `timeZone`; in the hour a clock goes back (twice the same wall
 * time) the earlier instant is taken, and a wall time skipped by a clock going forward moves on by the gap.
 */
export function parseStatementDate(raw: string, format: DateFormat, timeZone: string, strict = false): Date {
  return new Date(parseStatementInstant(raw, format, timeZone, strict));
}

/** parseStatementDate in epoch milliseconds: what a file's rows are read into (columns of numbers, no Date per cell). */
export function parseStatementInstant(raw: string, format: DateFormat, timeZone: string, strict = false): number {
  const wall = readWallTime(raw, format, strict);
  if (!wall || wall.month < 1 || wall.month > 12 || wall.day < 1 || wall.day > 31 || wall.hour > 23 || wall.minute > 59 || wall.second > 59) {
    throw new StatementValueError(`"${raw}" is not a date in the format ${format}`);
  }
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  if (wall.day > 28 && wall.day > daysInMonth(wall.year, wall.month)) throw new StatementValueError(`"${raw}" is not a calendar date`);
  if (wall.offsetMinutes !== null) return asUtc - wall.offsetMinutes * 60_000;
  const first = zoneOffsetMs(asUtc, timeZone);
  const candidate = asUtc - first;
  const second = zoneOffsetMs(candidate, timeZone);
  if (second === first) {
    const earlier = asUtc - zoneOffsetMs(candidate - 3_600_000, timeZone);
    return earlier !== candidate && zoneOffsetMs(earlier, timeZone) === asUtc - earlier ? Math.min(earlier, candidate) : candidate;
  }
  return asUtc - second;
}

/** Whether the text reads as a date in the format, time included if the format has one (to detect the format). */
export function looksLikeDate(raw: string, format: DateFormat): boolean {
  try {
    parseStatementInstant(raw, format, 'UTC', true);
    return true;
  } catch {
    return false;
  }
}
