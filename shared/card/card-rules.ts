/**
 * Card number rules shared by the MOTO form (feedback while typing) and the core (the check that
 * counts). Pure functions: the PAN passes through and is never kept.
 */
import type { CardBrand } from '../domain/schemas.ts';

/** An issuer range: every PAN whose first `low.length` digits lie in [low, high] belongs to `brand`. */
interface BinRange {
  readonly brand: CardBrand;
  readonly low: string;
  readonly high: string;
}

function range(brand: CardBrand, low: string, high: string = low): BinRange {
  return { brand, low, high };
}

/**
 * Ranges overlap on purpose (Discover's co-branded 622126–622925 inside UnionPay's 62): the
 * longest matching range wins, the way issuers define them.
 */
const BIN_RANGES: readonly BinRange[] = [
  range('visa', '4'),
  range('mastercard', '51', '55'),
  range('mastercard', '2221', '2720'),
  range('amex', '34'),
  range('amex', '37'),
  range('discover', '6011'),
  range('discover', '644', '649'),
  range('discover', '65'),
  range('discover', '622126', '622925'),
  range('diners', '300', '305'),
  range('diners', '36'),
  range('diners', '38', '39'),
  range('jcb', '3528', '3589'),
  range('unionpay', '62'),
  range('maestro', '50'),
  range('maestro', '56', '58'),
  range('maestro', '6304'),
  range('maestro', '6759'),
  range('maestro', '676770'),
  range('maestro', '676774'),
  range('maestro', '6761', '6763'),
];

const PAN_LENGTHS: Readonly<Record<CardBrand, readonly number[]>> = {
  visa: [13, 16, 19],
  mastercard: [16],
  amex: [15],
  discover: [16, 17, 18, 19],
  diners: [14, 15, 16, 17, 18, 19],
  jcb: [16, 17, 18, 19],
  unionpay: [16, 17, 18, 19],
  maestro: [12, 13, 14, 15, 16, 17, 18, 19],
  unknown: [12, 13, 14, 15, 16, 17, 18, 19],
};

const BRAND_NAMES: Readonly<Record<Exclude<CardBrand, 'unknown'>, string>> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  diners: 'Diners Club',
  jcb: 'JCB',
  unionpay: 'UnionPay',
  maestro: 'Maestro',
};

/** "Visa", "American Express"…; "Card" when the brand is not recognised. */
export function cardBrandName(brand: CardBrand): string {
  return brand === 'unknown' ? 'Card' : BRAND_NAMES[brand];
}

/** "Visa card numbers", or plain "Card numbers" when the brand is not recognised. */
function brandedPlural(brand: CardBrand, noun: string): string {
  return brand === 'unknown' ? noun.charAt(0).toUpperCase() + noun.slice(1) : `${BRAND_NAMES[brand]} ${noun}`;
}

const MAX_PAN_LENGTH = 19;

/** Removes the separators people type or paste (spaces, dashes); anything else is left for validation to reject. */
export function normalizePan(input: string): string {
  return input.replace(/[\s-]+/g, '');
}

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let doubleIt = false;
  for (let index = digits.length - 1; index >= 0; index -= 1) {
    let digit = digits.charCodeAt(index) - 48;
    if (doubleIt) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    doubleIt = !doubleIt;
  }
  return sum % 10 === 0;
}

/** Whether some number starting with `prefix` can fall in the range (or, when long enough, does). */
function rangeAccepts(binRange: BinRange, prefix: string): { readonly matches: boolean; readonly complete: boolean } {
  const width = binRange.low.length;
  if (prefix.length >= width) {
    const head = prefix.slice(0, width);
    return { matches: head >= binRange.low && head <= binRange.high, complete: true };
  }
  const low = binRange.low.slice(0, prefix.length);
  const high = binRange.high.slice(0, prefix.length);
  return { matches: prefix >= low && prefix <= high, complete: false };
}

/**
 * The brand of a full PAN or of the digits typed so far. A short prefix that could still become
 * more than one brand (say "5" or "62") is `unknown` until a digit settles it.
 */
export function detectBrand(panOrPrefix: string): CardBrand {
  const digits = normalizePan(panOrPrefix);
  if (!/^\d+$/.test(digits)) return 'unknown';
  let longest: { readonly range: BinRange; readonly complete: boolean } | null = null;
  const candidates = new Set<CardBrand>();
  for (const binRange of BIN_RANGES) {
    const accepted = rangeAccepts(binRange, digits);
    if (!accepted.matches) continue;
    candidates.add(binRange.brand);
    if (longest === null || binRange.low.length > longest.range.low.length) {
      longest = { range: binRange, complete: accepted.complete };
    }
  }
  if (longest === null) return 'unknown';
  if (candidates.size === 1 || longest.complete) return longest.range.brand;
  return 'unknown';
}

export function panLengthsFor(brand: CardBrand): readonly number[] {
  return PAN_LENGTHS[brand];
}

export function cvvLengthFor(brand: CardBrand): number {
  return brand === 'amex' ? 4 : 3;
}

/** A card is good through the last moment of its expiry month (UTC); `month` is 1–12. */
export function isExpired(month: number, year: number, now: Date): boolean {
  const firstMomentAfterExpiry = Date.UTC(year, month, 1);
  return now.getTime() >= firstMomentAfterExpiry;
}

/** What the ledger may keep: the first six and last four digits, nothing between. */
export function maskPan(pan: string): { bin: string; last4: string; masked: string } {
  const digits = normalizePan(pan);
  const bin = digits.slice(0, 6);
  const last4 = digits.slice(-4);
  const hiddenCount = Math.max(0, digits.length - bin.length - last4.length);
  return { bin, last4, masked: `${bin}${'*'.repeat(hiddenCount)}${last4}` };
}

/** Spaces the digits typed so far the way the brand prints them: 4-4-4-4…, American Express 4-6-5. */
export function formatPanForInput(partial: string): string {
  const digits = normalizePan(partial).replace(/\D/g, '').slice(0, MAX_PAN_LENGTH);
  const groupSizes = detectBrand(digits) === 'amex' ? [4, 6, 5] : [4, 4, 4, 4, 3];
  const groups: string[] = [];
  let start = 0;
  for (const size of groupSizes) {
    if (start >= digits.length) break;
    groups.push(digits.slice(start, start + size));
    start += size;
  }
  if (start < digits.length) groups.push(digits.slice(start));
  return groups.join(' ');
}

export interface CardInput {
  readonly number: string;
  readonly expiryMonth: number;
  readonly expiryYear: number;
  readonly cvv: string;
}

export type CardValidation =
  | { ok: true; pan: string; brand: CardBrand; bin: string; last4: string }
  | { ok: false; fields: Record<string, string> };

function describeLengths(lengths: readonly number[]): string {
  const first = lengths[0];
  const last = lengths[lengths.length - 1];
  if (first === undefined || last === undefined) return '';
  const contiguous = last - first === lengths.length - 1;
  if (lengths.length === 1) return `${first}`;
  if (contiguous) return `${first} to ${last}`;
  return `${lengths.slice(0, -1).join(', ')} or ${last}`;
}

function panProblem(pan: string, brand: CardBrand): string | null {
  if (pan.length === 0) return 'Enter the card number.';
  if (!/^\d+$/.test(pan)) return 'The card number may contain digits only.';
  const lengths = panLengthsFor(brand);
  if (!lengths.includes(pan.length)) {
    return `${brandedPlural(brand, 'card numbers')} have ${describeLengths(lengths)} digits; this one has ${pan.length}.`;
  }
  if (!luhnValid(pan)) return 'The card number is not valid; check it for a mistyped digit.';
  return null;
}

function expiryProblem(month: number, year: number, now: Date): string | null {
  if (!Number.isInteger(month) || month < 1 || month > 12) return 'The expiry month must be between 01 and 12.';
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return 'The expiry year must have four digits.';
  if (isExpired(month, year, now)) return `The card expired at the end of ${String(month).padStart(2, '0')}/${year}.`;
  return null;
}

function cvvProblem(cvv: string, brand: CardBrand): string | null {
  const expected = cvvLengthFor(brand);
  if (cvv.length === 0) return 'Enter the security code.';
  if (!/^\d+$/.test(cvv)) return 'The security code may contain digits only.';
  if (cvv.length !== expected) return `${brandedPlural(brand, 'security codes')} have ${expected} digits.`;
  return null;
}

/** The full check, run in the form and again in the core before anything is sent. */
export function validateCard(input: CardInput, now: Date): CardValidation {
  const pan = normalizePan(input.number);
  const brand = detectBrand(pan);
  const fields: Record<string, string> = {};
  const numberProblem = panProblem(pan, brand);
  if (numberProblem !== null) fields['number'] = numberProblem;
  const expiry = expiryProblem(input.expiryMonth, input.expiryYear, now);
  if (expiry !== null) fields['expiry'] = expiry;
  const cvv = cvvProblem(input.cvv, brand);
  if (cvv !== null) fields['cvv'] = cvv;
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  const { bin, last4 } = maskPan(pan);
  return { ok: true, pan, brand, bin, last4 };
}
