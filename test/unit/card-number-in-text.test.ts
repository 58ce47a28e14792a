import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { containsCardNumber } from '../../shared/card/card-number-in-text.ts';
import { luhnValid } from '../../shared/card/card-rules.ts';

const digit = fc.constantFrom(...'0123456789');
const nonZeroDigit = fc.constantFrom(...'123456789');
const digits = (min: number, max: number) => fc.array(digit, { minLength: min, maxLength: max }).map((list) => list.join(''));

/** Appends the check digit that makes `body` pass Luhn. */
function withCheckDigit(body: string): string {
  for (const check of '0123456789') if (luhnValid(body + check)) return body + check;
  throw new Error('unreachable: one check digit always fits');
}

/** Appends a check digit that makes `body` fail Luhn. */
function withWrongCheckDigit(body: string): string {
  const right = withCheckDigit(body).slice(-1);
  return body + String((Number(right) + 1) % 10);
}

/** A card number of 13 to 19 digits that passes Luhn; card numbers never start with 0. */
const cardNumber = fc.tuple(nonZeroDigit, fc.integer({ min: 13, max: 19 })).chain(([first, length]) => digits(length - 2, length - 2).map((middle) => withCheckDigit(first + middle)));

/** As people write them: in one piece, in fours with spaces or dashes, or 4-6-rest as American Express prints them. */
function written(pan: string, style: 'plain' | 'fours-space' | 'fours-dash' | 'amex-space'): string {
  if (style === 'plain') return pan;
  if (style === 'amex-space') return [pan.slice(0, 4), pan.slice(4, 10), pan.slice(10)].join(' ');
  const groups = pan.match(/.{1,4}/g) ?? [];
  return groups.join(style === 'fours-space' ? ' ' : '-');
}
const style = fc.constantFrom('plain' as const, 'fours-space' as const, 'fours-dash' as const, 'amex-space' as const);

test('finds a card number however it is written and whatever surrounds it', () => {
  fc.assert(
    fc.property(cardNumber, style, fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (pan, how, before, after) => {
      assert.ok(containsCardNumber(`${before}: ${written(pan, how)}. ${after}`), `${before}: ${written(pan, how)}. ${after}`);
    }),
  );
});

test('a standalone run of 13 to 19 digits is a card number exactly when it passes Luhn', () => {
  fc.assert(
    fc.property(nonZeroDigit, digits(12, 18), (first, rest) => {
      const run = first + rest;
      assert.equal(containsCardNumber(run), luhnValid(run), run);
      assert.equal(containsCardNumber(`Refund ${run} please`), luhnValid(run), run);
    }),
  );
});

test('finds the card number when the expiry and security code were typed after it, or a reference before it', () => {
  for (const text of [
    '4111 1111 1111 1111 12/27 123',
    '4111 1111 1111 1111 12 27',
    '4111111111111111 123',
    'ref 12 4111 1111 1111 1111',
    'Ana Silva 5555-5555-5555-4444',
    'card: 3782 822463 10005',
    '4761340000000035',
    'pan=4761 3400 0000 0035;',
    '4111\u00a01111\u00a01111\u00a01111',
  ]) {
    assert.ok(containsCardNumber(text), text);
  }
});

test('finds the card number when what follows it ends glued to a letter (a date and time, a code)', () => {
  const stamp = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((date) => date.toISOString());
  const glued = fc.oneof(stamp, stamp.map((iso) => iso.slice(0, 16)), digits(1, 6).map((code) => `${code}B`), fc.constant('15-Jan'));
  fc.assert(
    fc.property(cardNumber, style, fc.constantFrom(' ', '-', ', '), glued, (pan, how, separator, after) => {
      const text = `${written(pan, how)}${separator}${after}`;
      assert.ok(containsCardNumber(text), text);
    }),
  );
  assert.ok(containsCardNumber('4111 1111 1111 1111 2024-01-15T10:00'));
  assert.ok(containsCardNumber('paid with 4111-1111-1111-1111-2029-12-01T00:00:00.000Z'));
});

test('leaves runs of 12 digits or fewer alone', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
      fc.pre((text.match(/\d/g) ?? []).length <= 12);
      assert.equal(containsCardNumber(text), false, text);
    }),
  );
});

test('leaves numbers that fail Luhn alone, however they are written', () => {
  // Up to 16 digits, no shorter run of whole groups inside has the 13 digits a card needs, so the whole run decides.
  const notCard = fc.tuple(nonZeroDigit, fc.integer({ min: 13, max: 16 })).chain(([first, length]) => digits(length - 2, length - 2).map((middle) => withWrongCheckDigit(first + middle)));
  fc.assert(
    fc.property(notCard, style, (run, how) => {
      assert.equal(containsCardNumber(`Order ${written(run, how)}`), false, written(run, how));
    }),
  );
});

test('leaves international phone numbers alone', () => {
  const phone = fc.tuple(digits(1, 3), fc.array(digits(2, 4), { minLength: 2, maxLength: 5 }), fc.constantFrom(' ', '-', '')).map(
    ([country, groups, separator]) => `+${country.replace(/^0/, '1')} ${groups.join(separator)}`,
  );
  fc.assert(fc.property(phone, (text) => assert.equal(containsCardNumber(`Call ${text} after six`), false, text)));
  for (const text of ['+351 912 345 678', '+44 20 7946 0958', '+5511912345678', '+55 11 91234-5678', '912 345 678 913 456 789', '0044 20 7946 0958 11']) {
    assert.equal(containsCardNumber(text), false, text);
  }
});

test('leaves IBANs and other identifiers glued to letters alone', () => {
  const iban = fc.tuple(fc.constantFrom('PT', 'DE', 'DK', 'BE', 'NO', 'FR', 'GB'), digits(2, 2), digits(10, 30), fc.boolean()).map(([country, check, account, grouped]) => {
    const compact = `${country}${check}${account}`;
    return grouped ? (compact.match(/.{1,4}/g) ?? []).join(' ') : compact;
  });
  fc.assert(fc.property(iban, (text) => assert.equal(containsCardNumber(`Pay to ${text}.`), false, text)));
  const glued = fc.tuple(fc.constantFrom('INV', 'ORD', 'A', 'ref_'), cardNumber).map(([prefix, pan]) => `${prefix}${pan}`);
  fc.assert(fc.property(glued, (text) => assert.equal(containsCardNumber(text), false, text)));
  for (const text of ['PT50 0002 0123 1234 5678 9015 4', 'DK50 0040 0440 1162 43', 'BE68 5390 0754 7034', 'NO93 8601 1117 947', 'DE89370400440532013000']) {
    assert.equal(containsCardNumber(text), false, text);
  }
});

test('leaves order numbers, dates and long references alone', () => {
  const zeroPadded = fc.tuple(fc.integer({ min: 13, max: 19 }), fc.integer({ min: 1, max: 999_999 })).map(([width, n]) => String(n).padStart(width, '0'));
  fc.assert(fc.property(zeroPadded, (text) => assert.equal(containsCardNumber(`Order ${text}`), false, text)));
  fc.assert(fc.property(digits(20, 40), (text) => assert.equal(containsCardNumber(`Ref ${text}`), false, text)));
  const dates = fc.array(fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), { minLength: 1, maxLength: 8 }).map((list) =>
    list.map((date) => date.toISOString().slice(0, 10)).join(' '),
  );
  fc.assert(fc.property(dates, (text) => assert.equal(containsCardNumber(`Instalments ${text}`), false, text)));
  for (const text of ['ORDER-1001', 'ORD-2024-000123', 'Invoice 2024/000123456', 'INV-2024-06-15-0001', 'Amount 1234567.89 EUR', '']) {
    assert.equal(containsCardNumber(text), false, text);
  }
});

test('reads a huge input full of short digit groups in one pass', () => {
  assert.equal(containsCardNumber('1 '.repeat(500_000)), false);
  assert.equal(containsCardNumber('1234-'.repeat(200_000)), false);
});
