import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCalendarDay, parseQuery, tokenize } from '../../../renderer/src/features/transactions/utils/query-syntax.ts';

test('reads status, amount bounds, last4, currency, gateway and kind, leaving the rest as free text', () => {
  const parsed = parseQuery('status:pending amount>50 amount<100 last4:4242 currency:EUR gateway:sibs-spg kind:auth Ana Silva');
  assert.deepEqual(parsed.filters, {
    statuses: ['pending'],
    amountMin: { value: '50', exclusive: true },
    amountMax: { value: '100', exclusive: true },
    currency: 'EUR',
    gatewayId: 'sibs-spg',
    kind: 'auth',
  });
  assert.equal(parsed.text, '4242 Ana Silva');
  assert.deepEqual(parsed.problems, []);
});

test('accepts several statuses in one word or in several, without duplicates', () => {
  const parsed = parseQuery('status:pending,authorized status:pending STATUS:Partially-Refunded');
  assert.deepEqual(parsed.filters.statuses, ['pending', 'authorized', 'partially_refunded']);
});

test('takes a status as its label says it, in English or Portuguese, with or without accents', () => {
  assert.deepEqual(parseQuery('status:authorised status:Capturado,reembolsado status:expirado status:Needs-review').filters.statuses, ['authorized', 'captured', 'refunded', 'expired', 'needs_review']);
  const parsed = parseQuery('status:authorized-ish');
  assert.equal(parsed.filters.statuses, undefined);
  assert.deepEqual(parsed.problems, [{ code: 'unknown_status', token: 'authorized-ish' }]);
});

test('treats >= and <= as inclusive bounds and amount: as an exact amount', () => {
  assert.deepEqual(parseQuery('amount>=10.50 amount<=20').filters, {
    amountMin: { value: '10.50', exclusive: false },
    amountMax: { value: '20', exclusive: false },
  });
  assert.deepEqual(parseQuery('amount:12,30').filters, {
    amountMin: { value: '12.30', exclusive: false },
    amountMax: { value: '12.30', exclusive: false },
  });
});

test('reports values it cannot use instead of silently dropping or guessing them', () => {
  const parsed = parseQuery('status:paid gateway:paypal kind:refund currency:EURO amount>abc last4:42 from:2024-02-30', ['sibs-spg', 'be2bill']);
  assert.deepEqual(
    parsed.problems.map((problem) => problem.code),
    ['unknown_status', 'unknown_gateway', 'unknown_kind', 'unknown_currency', 'bad_amount', 'bad_last4', 'bad_date'],
  );
  assert.deepEqual(parsed.filters, {});
  assert.equal(parsed.text, '');
});

test('keeps unknown key:value words and quoted phrases as free text', () => {
  const parsed = parseQuery('ref:ABC:123 "status:pending is text" https://example.com');
  assert.deepEqual(parsed.filters, {});
  assert.equal(parsed.text, 'ref:ABC:123 status:pending is text https://example.com');
});

test('reads calendar days for from: and to:', () => {
  const parsed = parseQuery('from:2024-05-01 to:2024-05-31');
  assert.deepEqual(parsed.filters, { fromDate: '2024-05-01', toDate: '2024-05-31' });
  assert.equal(isCalendarDay('2024-02-29'), true);
  assert.equal(isCalendarDay('2023-02-29'), false);
});

test('from: and to: take days in the locale order of the screen as the date fields do, and YYYY-MM-DD whatever the locale', () => {
  assert.deepEqual(parseQuery('from:04/03/2026 to:2026-03-31', [], 'pt-PT').filters, { fromDate: '2026-03-04', toDate: '2026-03-31' });
  assert.deepEqual(parseQuery('from:4.3.26', [], 'en-GB').filters, { fromDate: '2026-03-04' });
  assert.deepEqual(parseQuery('from:31/02/2026', [], 'pt-PT').problems, [{ code: 'bad_date', token: 'from:31/02/2026' }]);
  // Without a locale (a caller that has none) only YYYY-MM-DD is a day.
  assert.deepEqual(parseQuery('from:04/03/2026').problems, [{ code: 'bad_date', token: 'from:04/03/2026' }]);
});

test('splits on any whitespace and tolerates an unclosed quote', () => {
  assert.deepEqual(tokenize('  a\tb  "c d'), [
    { text: 'a', quoted: false },
    { text: 'b', quoted: false },
    { text: 'c d', quoted: true },
  ]);
  assert.deepEqual(parseQuery('   ').text, '');
});

test('checks a gateway filter against the gateways this console has, or only its form before they are known', () => {
  assert.equal(parseQuery('gateway:paypal', ['sibs-spg']).problems[0]?.code, 'unknown_gateway');
  assert.equal(parseQuery('gateway:sibs-spg', ['sibs-spg']).filters.gatewayId, 'sibs-spg');
  assert.equal(parseQuery('gateway:new-acquirer').filters.gatewayId, 'new-acquirer');
  assert.equal(parseQuery('gateway:pay_pal!').problems[0]?.code, 'unknown_gateway');
});

test('takes a payment method by its code or as the list says it, in English or Portuguese', () => {
  const method = (query: string) => parseQuery(query).filters.method;
  assert.equal(method('method:mbway'), 'mbway');
  assert.equal(method('method:MB-WAY'), 'mbway');
  assert.equal(method('method:bank_transfer'), 'bank_transfer');
  assert.equal(method('method:Transferência-bancária'), 'bank_transfer');
  assert.equal(method('method:banktransfer'), 'bank_transfer');
  assert.equal(method('method:multibanco'), 'multibanco');
  assert.equal(method('method:referencia_multibanco'), 'multibanco');
  assert.equal(method('method:card'), 'card');
  assert.equal(method('method:cartão'), 'card', 'a bracketed aside in the label is not needed');
  const unknown = parseQuery('method:cheque Ana');
  assert.equal(unknown.filters.method, undefined);
  assert.deepEqual(unknown.problems, [{ code: 'unknown_method', token: 'method:cheque' }]);
  assert.equal(unknown.text, 'Ana');
});

test('takes an environment by its code or its label in either language, as env: or environment:', () => {
  assert.equal(parseQuery('env:production').filters.environment, 'production');
  assert.equal(parseQuery('environment:Produção').filters.environment, 'production');
  assert.equal(parseQuery('env:teste').filters.environment, 'test');
  assert.deepEqual(parseQuery('env:live').problems, [{ code: 'unknown_environment', token: 'env:live' }]);
});

test('takes the start of a label or of one of its words when it names one method only', () => {
  assert.equal(parseQuery('method:transferência').filters.method, 'bank_transfer');
  assert.equal(parseQuery('method:transfer').filters.method, 'bank_transfer');
  assert.equal(parseQuery('method:refer').filters.method, 'multibanco');
  assert.equal(parseQuery('method:mandate').filters.method, 'mandate');
  assert.deepEqual(parseQuery('method:mb').problems, [{ code: 'unknown_method', token: 'method:mb' }], 'too short to guess');
  assert.equal(parseQuery('method:mbw').filters.method, undefined, 'MB WAY and its mandate both start so');
  assert.equal(parseQuery('status:partially').filters.statuses, undefined, 'partially captured or refunded');
});
