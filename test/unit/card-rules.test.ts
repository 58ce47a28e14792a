import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cvvLengthFor,
  detectBrand,
  formatPanForInput,
  isExpired,
  luhnValid,
  maskPan,
  normalizePan,
  panLengthsFor,
  validateCard,
} from '../../shared/card/card-rules.ts';
import type { CardBrand } from '../../shared/domain/schemas.ts';

const NOW = new Date('2026-05-15T12:00:00Z');

test('normalizes a typed card number by removing spaces and dashes only', () => {
  assert.equal(normalizePan(' 4111 1111-1111 1111 '), '4111111111111111');
  assert.equal(normalizePan('4111\t1111'), '41111111');
  assert.equal(normalizePan('4111.1111'), '4111.1111');
  assert.equal(normalizePan('4111a1111'), '4111a1111');
});

test('accepts numbers that pass the Luhn check and rejects single-digit and transposition errors', () => {
  for (const valid of ['4111111111111111', '4242424242424242', '5555555555554444', '378282246310005', '6011111111111117', '3530111333300000', '79927398713', '0']) {
    assert.equal(luhnValid(valid), true, valid);
  }
  for (const invalid of ['4111111111111112', '4242424242424241', '79927398710', '4111111111111121', '378282246310006']) {
    assert.equal(luhnValid(invalid), false, invalid);
  }
});

test('refuses Luhn on anything that is not only digits', () => {
  assert.equal(luhnValid(''), false);
  assert.equal(luhnValid('4111 1111 1111 1111'), false);
  assert.equal(luhnValid('42424242424242a2'), false);
});

test('detects the brand of every issuer range, including the first and last BIN of each', () => {
  const cases: Array<[string, CardBrand]> = [
    ['4000000000000', 'visa'],
    ['4999999999999999', 'visa'],
    ['5100000000000000', 'mastercard'],
    ['5599999999999999', 'mastercard'],
    ['2221000000000000', 'mastercard'],
    ['2720999999999999', 'mastercard'],
    ['340000000000000', 'amex'],
    ['370000000000000', 'amex'],
    ['6011000000000000', 'discover'],
    ['6440000000000000', 'discover'],
    ['6499999999999999', 'discover'],
    ['6500000000000000', 'discover'],
    ['6221260000000000', 'discover'],
    ['6229250000000000', 'discover'],
    ['30000000000000', 'diners'],
    ['30599999999999', 'diners'],
    ['36000000000000', 'diners'],
    ['38000000000000', 'diners'],
    ['39999999999999', 'diners'],
    ['3528000000000000', 'jcb'],
    ['3589999999999999', 'jcb'],
    ['6200000000000000', 'unionpay'],
    ['6221250000000000', 'unionpay'],
    ['6229260000000000', 'unionpay'],
    ['5000000000000000', 'maestro'],
    ['5600000000000000', 'maestro'],
    ['5899999999999999', 'maestro'],
    ['6304000000000000', 'maestro'],
    ['6759000000000000', 'maestro'],
    ['6767700000000000', 'maestro'],
    ['6767740000000000', 'maestro'],
    ['6761000000000000', 'maestro'],
    ['6763999999999999', 'maestro'],
  ];
  for (const [pan, brand] of cases) assert.equal(detectBrand(pan), brand, pan);
});

test('reports unknown just outside every issuer range', () => {
  for (const pan of ['2220999999999999', '2721000000000000', '3060000000000000', '3527999999999999', '3590000000000000', '3500000000000000', '5900000000000000', '6010999999999999', '6012000000000000', '6430000000000000', '6767710000000000', '6764000000000000', '1234567890123456', '']) {
    assert.equal(detectBrand(pan), 'unknown', pan);
  }
});

test('names the brand from the first digits while the number is being typed', () => {
  assert.equal(detectBrand('4'), 'visa');
  assert.equal(detectBrand('34'), 'amex');
  assert.equal(detectBrand('37 82'), 'amex');
  assert.equal(detectBrand('30'), 'diners');
  assert.equal(detectBrand('352'), 'jcb');
  assert.equal(detectBrand('2'), 'mastercard');
  assert.equal(detectBrand('51'), 'mastercard');
  assert.equal(detectBrand('601'), 'discover');
  assert.equal(detectBrand('620'), 'unionpay');
  assert.equal(detectBrand('6221 26'), 'discover');
});

test('keeps a prefix unknown while it could still become more than one brand', () => {
  assert.equal(detectBrand('3'), 'unknown');
  assert.equal(detectBrand('5'), 'unknown');
  assert.equal(detectBrand('6'), 'unknown');
  assert.equal(detectBrand('62'), 'unknown');
  assert.equal(detectBrand('6229'), 'unknown');
  assert.equal(detectBrand('4x'), 'unknown');
});

test('gives the allowed card number lengths of each brand', () => {
  assert.deepEqual(panLengthsFor('visa'), [13, 16, 19]);
  assert.deepEqual(panLengthsFor('mastercard'), [16]);
  assert.deepEqual(panLengthsFor('amex'), [15]);
  assert.deepEqual(panLengthsFor('discover'), [16, 17, 18, 19]);
  assert.deepEqual(panLengthsFor('diners'), [14, 15, 16, 17, 18, 19]);
  assert.deepEqual(panLengthsFor('jcb'), [16, 17, 18, 19]);
  assert.deepEqual(panLengthsFor('unionpay'), [16, 17, 18, 19]);
  assert.deepEqual(panLengthsFor('maestro'), [12, 13, 14, 15, 16, 17, 18, 19]);
  assert.deepEqual(panLengthsFor('unknown'), [12, 13, 14, 15, 16, 17, 18, 19]);
});

test('expects a four-digit security code for American Express and three for every other brand', () => {
  assert.equal(cvvLengthFor('amex'), 4);
  for (const brand of ['visa', 'mastercard', 'discover', 'diners', 'jcb', 'unionpay', 'maestro', 'unknown'] as const) {
    assert.equal(cvvLengthFor(brand), 3, brand);
  }
});

test('treats a card as valid through the last moment of its expiry month in UTC', () => {
  assert.equal(isExpired(5, 2026, new Date('2026-05-31T23:59:59.999Z')), false);
  assert.equal(isExpired(5, 2026, new Date('2026-06-01T00:00:00.000Z')), true);
  assert.equal(isExpired(2, 2028, new Date('2028-02-29T23:59:59.999Z')), false);
  assert.equal(isExpired(2, 2028, new Date('2028-03-01T00:00:00.000Z')), true);
  assert.equal(isExpired(12, 2026, new Date('2026-12-31T23:59:59.999Z')), false);
  assert.equal(isExpired(12, 2026, new Date('2027-01-01T00:00:00.000Z')), true);
  assert.equal(isExpired(4, 2026, NOW), true);
  assert.equal(isExpired(1, 2030, NOW), false);
});

test('masks a card number to its first six and last four digits', () => {
  assert.deepEqual(maskPan('4111111111111111'), { bin: '411111', last4: '1111', masked: '411111******1111' });
  assert.deepEqual(maskPan('378282246310005'), { bin: '378282', last4: '0005', masked: '378282*****0005' });
  assert.deepEqual(maskPan('4242 4242 4242 4242'), { bin: '424242', last4: '4242', masked: '424242******4242' });
  assert.equal(maskPan('4000123412341234567').masked, '400012*********4567');
});

test('groups the digits for the form as 4-4-4-4 and American Express as 4-6-5', () => {
  assert.equal(formatPanForInput('4111111111111111'), '4111 1111 1111 1111');
  assert.equal(formatPanForInput('41111'), '4111 1');
  assert.equal(formatPanForInput('4111'), '4111');
  assert.equal(formatPanForInput(''), '');
  assert.equal(formatPanForInput('4000123412341234567'), '4000 1234 1234 1234 567');
  assert.equal(formatPanForInput('378282246310005'), '3782 822463 10005');
  assert.equal(formatPanForInput('3782 8224'), '3782 8224');
  assert.equal(formatPanForInput('4111-1111-1'), '4111 1111 1');
  assert.equal(formatPanForInput('41111111111111111111111'), '4111 1111 1111 1111 111');
});

test('accepts a good card and hands back the number, brand, BIN and last four', () => {
  const result = validateCard({ number: '4242 4242 4242 4242', expiryMonth: 5, expiryYear: 2026, cvv: '123' }, NOW);
  assert.deepEqual(result, { ok: true, pan: '4242424242424242', brand: 'visa', bin: '424242', last4: '4242' });
  const amex = validateCard({ number: '3782-822463-10005', expiryMonth: 12, expiryYear: 2030, cvv: '1234' }, NOW);
  assert.equal(amex.ok && amex.brand, 'amex');
});

function fieldsOf(result: ReturnType<typeof validateCard>): Record<string, string> {
  assert.equal(result.ok, false);
  return result.ok ? {} : result.fields;
}

test('rejects a card number with letters or punctuation in it', () => {
  const fields = fieldsOf(validateCard({ number: '4242.4242.4242.4242', expiryMonth: 12, expiryYear: 2030, cvv: '123' }, NOW));
  assert.deepEqual(Object.keys(fields), ['number']);
  assert.match(fields['number'] ?? '', /digits only/);
});

test('rejects a card number of the wrong length for its brand, naming the brand and the lengths', () => {
  const visa = fieldsOf(validateCard({ number: '424242424242424', expiryMonth: 12, expiryYear: 2030, cvv: '123' }, NOW));
  assert.equal(visa['number'], 'Visa card numbers have 13, 16 or 19 digits; this one has 15.');
  const amex = fieldsOf(validateCard({ number: '3782822463100051', expiryMonth: 12, expiryYear: 2030, cvv: '1234' }, NOW));
  assert.equal(amex['number'], 'American Express card numbers have 15 digits; this one has 16.');
  const unknown = fieldsOf(validateCard({ number: '12345678903', expiryMonth: 12, expiryYear: 2030, cvv: '123' }, NOW));
  assert.equal(unknown['number'], 'Card numbers have 12 to 19 digits; this one has 11.');
});

test('rejects a card number that fails the Luhn check', () => {
  const fields = fieldsOf(validateCard({ number: '4242424242424241', expiryMonth: 12, expiryYear: 2030, cvv: '123' }, NOW));
  assert.match(fields['number'] ?? '', /not valid/);
});

test('rejects an empty card number and an empty security code', () => {
  const fields = fieldsOf(validateCard({ number: '', expiryMonth: 12, expiryYear: 2030, cvv: '' }, NOW));
  assert.equal(fields['number'], 'Enter the card number.');
  assert.equal(fields['cvv'], 'Enter the security code.');
});

test('rejects an expired card and an impossible expiry date', () => {
  const expired = fieldsOf(validateCard({ number: '4242424242424242', expiryMonth: 4, expiryYear: 2026, cvv: '123' }, NOW));
  assert.deepEqual(expired, { expiry: 'The card expired at the end of 04/2026.' });
  const badMonth = fieldsOf(validateCard({ number: '4242424242424242', expiryMonth: 13, expiryYear: 2030, cvv: '123' }, NOW));
  assert.match(badMonth['expiry'] ?? '', /month/);
  const shortYear = fieldsOf(validateCard({ number: '4242424242424242', expiryMonth: 1, expiryYear: 30, cvv: '123' }, NOW));
  assert.match(shortYear['expiry'] ?? '', /four digits/);
});

test('rejects a security code of the wrong length for the brand', () => {
  const visa = fieldsOf(validateCard({ number: '4242424242424242', expiryMonth: 12, expiryYear: 2030, cvv: '1234' }, NOW));
  assert.deepEqual(visa, { cvv: 'Visa security codes have 3 digits.' });
  const amex = fieldsOf(validateCard({ number: '378282246310005', expiryMonth: 12, expiryYear: 2030, cvv: '123' }, NOW));
  assert.deepEqual(amex, { cvv: 'American Express security codes have 4 digits.' });
  const letters = fieldsOf(validateCard({ number: '4242424242424242', expiryMonth: 12, expiryYear: 2030, cvv: '12a' }, NOW));
  assert.match(letters['cvv'] ?? '', /digits only/);
});

test('reports every wrong field at once', () => {
  const fields = fieldsOf(validateCard({ number: '4242424242424241', expiryMonth: 1, expiryYear: 2020, cvv: '1' }, NOW));
  assert.deepEqual(Object.keys(fields).sort(), ['cvv', 'expiry', 'number']);
});
