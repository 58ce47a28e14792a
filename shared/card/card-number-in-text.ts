/**
 * Spots a full card number typed or pasted where it does not belong (a holder name, a description,
 * a refund reason, a reference…), so that it is refused before it can be stored or logged. Shared
 * by the forms (feedback while typing) and the contract's schemas (the check that counts).
 *
 * What counts as a card number: a Luhn-valid run of 13 to 19 digits, written as people write card
 * numbers — in one piece or in groups separated by single spaces or by single dashes, the first
 * group having at least four digits as on the card ("4111 1111 1111 1111", "3782-822463-10005").
 *
 * What does not, so that ordinary text passes:
 * - 12 digits or fewer, more than 19 in one piece, and runs that fail Luhn;
 * - a run glued to a letter at its start (an IBAN such as "DK50 0040 0440 1162 43", an invoice
 *   code such as "INV2024000012345678"): an identifier, not a number someone typed on its own;
 * - the last group of a run glued to a letter at its end (the "15" of "2024-01-15T10:00", of
 *   "1234567T"): the groups before it are still read, so a card number followed by a date and
 *   time is found;
 * - a run after "+" (an international phone number);
 * - a run starting with 0: no card scheme issues numbers starting with 0 (ISO/IEC 7812 gives
 *   major industry identifier 0 to no card issuer), while zero-padded order numbers are common;
 * - groups joined by a mix of spaces and dashes, and groups shorter than four digits at the start
 *   (dates such as "2024-01-15 2024-02-15", phone numbers such as "912 345 678 913 456 789").
 */
import { luhnValid } from './card-rules.ts';

const MIN_DIGITS = 13;
const MAX_DIGITS = 19;
/** Card numbers are printed, and read out, in groups whose first one has four digits (or more). */
const MIN_FIRST_GROUP = 4;

type Separator = 'space' | 'dash';

interface DigitGroup {
  readonly digits: string;
  readonly start: number;
  readonly end: number;
}

/** Digit groups joined by single separators; `separators[i]` sits between `groups[i]` and `groups[i + 1]`. */
interface DigitRun {
  readonly groups: DigitGroup[];
  readonly separators: Separator[];
}

function separatorBetween(text: string, left: DigitGroup, right: DigitGroup): Separator | null {
  if (right.start - left.end !== 1) return null;
  const between = text.charAt(left.end);
  if (between === ' ' || between === '\u00a0') return 'space';
  if (between === '-') return 'dash';
  return null;
}

function digitRuns(text: string): DigitRun[] {
  const runs: DigitRun[] = [];
  let current: DigitRun | null = null;
  for (const match of text.matchAll(/\d+/g)) {
    const group: DigitGroup = { digits: match[0], start: match.index, end: match.index + match[0].length };
    const previous = current?.groups[current.groups.length - 1];
    const separator = current && previous ? separatorBetween(text, previous, group) : null;
    if (current && separator) {
      current.groups.push(group);
      current.separators.push(separator);
    } else {
      current = { groups: [group], separators: [] };
      runs.push(current);
    }
  }
  return runs;
}

const IDENTIFIER_CHARACTER = /[\p{L}\p{N}_]/u;

/** Glued to a letter at its start (an IBAN, an invoice code) or after "+" (a phone number). */
function isNotTypedOnItsOwn(text: string, run: DigitRun): boolean {
  const first = run.groups[0];
  if (!first) return true;
  const before = text.charAt(first.start - 1);
  return before === '+' || IDENTIFIER_CHARACTER.test(before);
}

/** The run without its last group when that group is glued to a letter: it belongs to the word that follows. */
function withoutGluedEnd(text: string, run: DigitRun): DigitRun {
  const last = run.groups[run.groups.length - 1];
  if (!last || !IDENTIFIER_CHARACTER.test(text.charAt(last.end))) return run;
  return { groups: run.groups.slice(0, -1), separators: run.separators.slice(0, -1) };
}

/** Splits a run where the separator changes: "2024-01-15 2024" is two dates, not one number. */
function uniformPieces(run: DigitRun): DigitGroup[][] {
  const pieces: DigitGroup[][] = [];
  let start = 0;
  for (let index = 1; index <= run.separators.length; index += 1) {
    if (index === run.separators.length || run.separators[index] !== run.separators[start]) {
      pieces.push(run.groups.slice(start, index + 1));
      start = index;
    }
  }
  if (pieces.length === 0) pieces.push(run.groups);
  return pieces;
}

function isCardNumber(groups: readonly DigitGroup[]): boolean {
  const first = groups[0];
  if (!first || (groups.length > 1 && first.digits.length < MIN_FIRST_GROUP)) return false;
  const digits = groups.map((group) => group.digits).join('');
  return digits.length >= MIN_DIGITS && digits.length <= MAX_DIGITS && !digits.startsWith('0') && luhnValid(digits);
}

/**
 * A card number can share its piece with what was typed around it ("4111 1111 1111 1111 12",
 * the expiry month after it): the piece's leading and trailing groups are tried, whole groups only.
 */
function pieceHoldsCardNumber(piece: readonly DigitGroup[]): boolean {
  // Every group has a digit at least, so more than MAX_DIGITS groups cannot be one card number.
  for (let count = 1; count <= Math.min(piece.length, MAX_DIGITS); count += 1) {
    if (isCardNumber(piece.slice(0, count)) || isCardNumber(piece.slice(piece.length - count))) return true;
  }
  return false;
}

export function containsCardNumber(text: string): boolean {
  for (const run of digitRuns(text)) {
    if (isNotTypedOnItsOwn(text, run)) continue;
    const typed = withoutGluedEnd(text, run);
    if (typed.groups.length > 0 && uniformPieces(typed).some(pieceHoldsCardNumber)) return true;
  }
  return false;
}
