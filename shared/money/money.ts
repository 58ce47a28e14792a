import { currency } from './currencies.ts';

/**
 * Amounts are integer minor units (`bigint`). Decimal strings are the only textual form that
 * crosses the contract or a gateway wire; no float ever holds an amount.
 */

export class MoneyFormatError extends Error {
  override name = 'MoneyFormatError';
}

const DECIMAL = /^(0|[1-9]\d*)(?:\.(\d+))?$/;
/** Upper bound keeps every amount well inside Number.MAX_SAFE_INTEGER for wires that need a JSON number. */
export const MAX_MINOR = 10n ** 15n;

/** "12.30" in EUR → 1230n. Rejects signs, exponents, spaces and more decimals than the currency has. */
export function parseDecimal(text: string, currencyCode: string): bigint {
  const { exponent } = currency(currencyCode);
  const match = DECIMAL.exec(text);
  if (!match) throw new MoneyFormatError(`"${text}" is not a positive decimal amount`);
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) {
    throw new MoneyFormatError(`${currencyCode} allows ${exponent} decimal place${exponent === 1 ? '' : 's'}, got "${text}"`);
  }
  const minor = BigInt(whole) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
  if (minor > MAX_MINOR) throw new MoneyFormatError(`"${text}" exceeds the largest supported amount`);
  return minor;
}

/** 1230n in EUR → "12.30"; always the currency's full number of decimals. */
export function formatDecimal(minor: bigint, currencyCode: string): string {
  const { exponent } = currency(currencyCode);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/**
 * For wires that carry a JSON number in major units (SIBS). The decimal string is converted once;
 * every amount below MAX_MINOR round-trips exactly through the shortest double representation.
 */
export function toMajorNumber(minor: bigint, currencyCode: string): number {
  return Number(formatDecimal(minor, currencyCode));
}

/** Reads a gateway's major-unit amount, given as a JSON number (19.2) or a string ("19.20"). */
export function fromMajor(value: number | string, currencyCode: string): bigint {
  const text = typeof value === 'number' ? numberToPlainDecimal(value) : value.trim();
  const { exponent } = currency(currencyCode);
  const match = DECIMAL.exec(text);
  if (!match) throw new MoneyFormatError(`"${text}" is not a decimal amount`);
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > exponent) throw new MoneyFormatError(`"${text}" has more decimals than ${currencyCode} allows`);
  return parseDecimal(fraction ? `${match[1]}.${fraction}` : (match[1] ?? '0'), currencyCode);
}

function numberToPlainDecimal(value: number): string {
  if (!Number.isFinite(value) || value < 0) throw new MoneyFormatError(`${value} is not a valid amount`);
  const text = String(value);
  if (/e/i.test(text)) throw new MoneyFormatError(`${value} is outside the range of amounts`);
  return text;
}

/** Locale-aware display (Intl); the only place an amount becomes a formatted string for people. */
export function formatForDisplay(minor: bigint, currencyCode: string, locale = 'en'): string {
  const { exponent } = currency(currencyCode);
  const formatter = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: currencyCode,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // Intl accepts a decimal string exactly (no float rounding) for amounts of any size.
  return formatter.format(formatDecimal(minor, currencyCode) as unknown as number);
}
