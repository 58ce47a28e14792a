import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRoute, paymentHref } from '../../../renderer/src/routing/route.ts';
import { formatAmount } from '../../../renderer/src/format/money-format.ts';
import { formatDateTime } from '../../../renderer/src/format/date-format.ts';
import { maskedCardLabel } from '../../../renderer/src/format/card-format.ts';
import { normaliseAmountInput } from '../../../renderer/src/format/amount-input.ts';
import { detectLocale, translate } from '../../../renderer/src/i18n/translate.ts';
import { en } from '../../../renderer/src/i18n/en.ts';
import { ptPT } from '../../../renderer/src/i18n/pt-PT.ts';

test('formats decimal-string amounts exactly, in the currency decimals and the locale', () => {
  assert.equal(formatAmount('1234.5', 'EUR', 'en-GB'), '€1,234.50');
  assert.equal(formatAmount('1234.5', 'EUR', 'pt-PT').replace(/\s/g, ' '), '1234,50 €');
  assert.equal(formatAmount('500', 'JPY', 'en-GB'), 'JP¥500');
  assert.equal(formatAmount('9007199254740993.01', 'EUR', 'en-GB'), '€9,007,199,254,740,993.01');
  assert.equal(formatAmount('12.5', 'XXX', 'en-GB'), '12.5 XXX');
});

test('formats instants in the given time zone', () => {
  assert.equal(formatDateTime('2024-07-01T12:34:56Z', 'en-GB', 'Europe/Lisbon', true), '01/07/2024, 13:34:56 WEST');
  assert.equal(formatDateTime('not a date', 'en-GB', 'UTC'), 'not a date');
});

test('shows a card as brand and last four only', () => {
  assert.equal(maskedCardLabel({ brand: 'mastercard', last4: '4444' }), 'Mastercard •••• 4444');
  assert.equal(maskedCardLabel(null), null);
});

test('accepts a decimal comma but no grouping separators in typed amounts', () => {
  assert.equal(normaliseAmountInput(' 12,30 '), '12.30');
  assert.equal(normaliseAmountInput('1.000,00'), null);
  assert.equal(normaliseAmountInput('1e3'), null);
  assert.equal(normaliseAmountInput('-5'), null);
});

test('routes hashes to screens and falls back to the transaction list', () => {
  assert.deepEqual(parseRoute('#/payments/pay_123'), { name: 'payment', paymentId: 'pay_123' });
  assert.deepEqual(parseRoute(paymentHref('a:b.c')), { name: 'payment', paymentId: 'a:b.c' });
  assert.deepEqual(parseRoute('#/new'), { name: 'new-payment' });
  assert.deepEqual(parseRoute('#/settings/'), { name: 'settings' });
  assert.deepEqual(parseRoute(''), { name: 'home' });
  assert.deepEqual(parseRoute('#/'), { name: 'home' });
  assert.deepEqual(parseRoute('#/dashboard'), { name: 'dashboard' });
  assert.deepEqual(parseRoute('#/elsewhere'), { name: 'transactions' });
  assert.deepEqual(parseRoute('#/payments/%E0%A4%A'), { name: 'transactions' });
  assert.deepEqual(parseRoute('#/payments/<script>'), { name: 'transactions' });
});

test('both catalogues have the same keys and the same placeholders', () => {
  assert.deepEqual(Object.keys(ptPT).sort(), Object.keys(en).sort());
  for (const key of Object.keys(en) as Array<keyof typeof en>) {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    assert.deepEqual(placeholders(ptPT[key]), placeholders(en[key]), key);
  }
  assert.equal(translate('pt-PT', 'detail.title', { id: 'p1' }), 'Pagamento p1');
  assert.equal(detectLocale(['pt-BR', 'en']), 'pt-PT');
  assert.equal(detectLocale(['de-DE']), 'en');
});
