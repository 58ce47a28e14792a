import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDecimal, fromMajor, parseDecimal, toMajorNumber, MoneyFormatError } from '../../shared/money/money.ts';
import { currency } from '../../shared/money/currencies.ts';

test('parses decimal strings into minor units using the currency exponent', () => {
  assert.equal(parseDecimal('12.30', 'EUR'), 1230n);
  assert.equal(parseDecimal('12.3', 'EUR'), 1230n);
  assert.equal(parseDecimal('500', 'JPY'), 500n);
  assert.equal(parseDecimal('1.234', 'KWD'), 1234n);
  assert.equal(parseDecimal('0', 'EUR'), 0n);
});

test('rejects more decimals than the currency has, signs, exponents and junk', () => {
  for (const bad of ['12.345', '-1', '+1', '1e3', ' 1', '1,00', '', '01', '.5', '5.']) {
    assert.throws(() => parseDecimal(bad, 'EUR'), MoneyFormatError, bad);
  }
  assert.throws(() => parseDecimal('1.5', 'JPY'), MoneyFormatError);
  assert.throws(() => parseDecimal('1', 'XXX'), RangeError);
});

test('formats minor units with the full number of decimals', () => {
  assert.equal(formatDecimal(1230n, 'EUR'), '12.30');
  assert.equal(formatDecimal(5n, 'EUR'), '0.05');
  assert.equal(formatDecimal(500n, 'JPY'), '500');
  assert.equal(formatDecimal(1n, 'BHD'), '0.001');
});

test('round-trips major-unit JSON numbers and strings exactly', () => {
  assert.equal(toMajorNumber(1920n, 'EUR'), 19.2);
  assert.equal(fromMajor(19.2, 'EUR'), 1920n);
  assert.equal(fromMajor('5.50', 'EUR'), 550n);
  assert.equal(fromMajor(0.1 + 0.2 === 0.3 ? 0.3 : 0.3, 'EUR'), 30n);
  for (let minor = 0n; minor < 100_000n; minor += 7n) {
    assert.equal(fromMajor(toMajorNumber(minor, 'EUR'), 'EUR'), minor);
  }
  assert.throws(() => fromMajor(1e-7, 'EUR'), MoneyFormatError);
  assert.throws(() => fromMajor(Number.NaN, 'EUR'), MoneyFormatError);
});

test('knows the exponents of the gateways’ currencies', () => {
  assert.equal(currency('EUR').exponent, 2);
  assert.equal(currency('NGN').exponent, 2);
  assert.equal(currency('JPY').exponent, 0);
});
