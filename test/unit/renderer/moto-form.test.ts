import { test } from 'node:test';
import assert from 'node:assert/strict';
import { translate } from '../../../renderer/src/i18n/translate.ts';
import {
  buildMotoRequest,
  caretAfterDigits,
  classifyOutcome,
  describePan,
  fieldForContractPath,
  formatExpiryInput,
  parseExpiry,
  validateMotoForm,
  cardWasNotProcessed,
  chargeKey,
  REPEAT_WINDOW_MS,
} from '../../../renderer/src/features/new-payment/utils/moto-form.ts';
import { createNewPaymentStore } from '../../../renderer/src/features/new-payment/stores/new-payment-store.ts';
import { motoFormValues } from '../../helpers/moto-form-values.ts';
import { ERROR_KINDS } from '../../../shared/ipc/envelope.ts';

const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate('en', key, vars);
const now = new Date('2025-06-15T12:00:00Z');

const valid = motoFormValues();

test('a complete form has no problems', () => {
  assert.deepEqual(validateMotoForm(valid, now, t), {});
});

test('names every field that is wrong, with the card rules of the brand', () => {
  const errors = validateMotoForm(
    { ...valid, amount: '12.345', cardNumber: '4111 1111 1111 1112', expiry: '05/25', cvv: '12', holder: ' ', email: 'ana@', phone: 'call me', reference: 'ação' },
    now,
    t,
    { gatewayName: 'Be2bill', rule: { characters: 'ascii', minLength: 1, maxLength: 64 } },
  );
  assert.deepEqual(Object.keys(errors).sort(), ['amount', 'cardNumber', 'cvv', 'email', 'expiry', 'holder', 'phone', 'reference']);
  assert.match(errors.cardNumber ?? '', /mistyped digit/);
  assert.match(errors.expiry ?? '', /expired/);
  assert.match(errors.cvv ?? '', /3 digits/);
  assert.equal(validateMotoForm({ ...valid, cardNumber: '3782 822463 10005', cvv: '123' }, now, t).cvv, 'American Express security codes have 4 digits.');
  assert.equal(validateMotoForm({ ...valid, amount: '0' }, now, t).amount, 'The amount must be above zero.');
  assert.equal(validateMotoForm({ ...valid, currency: 'JPY', amount: '100.5' }, now, t).amount !== undefined, true);
});

test('builds the one request the card travels in, with digits only and optional fields left out', () => {
  const request = buildMotoRequest({ ...valid, kind: 'auth', amount: '12,30', email: ' ana@example.pt ', reference: ' ORDER-7 ' }, 'sbx-sibs');
  assert.deepEqual(request, {
    profileId: 'sbx-sibs',
    kind: 'auth',
    money: { amount: '12.30', currency: 'EUR' },
    card: { number: '4111111111111111', expiryMonth: 12, expiryYear: 2027, cvv: '123', holder: 'Ana Silva' },
    customer: { name: 'Ana Silva', email: 'ana@example.pt' },
    storeCard: false,
    merchantReference: 'ORDER-7',
  });
  assert.equal(buildMotoRequest({ ...valid, expiry: '13/27' }, 'p'), null);
});

test('formats the expiry as it is typed and reads it back', () => {
  assert.equal(formatExpiryInput('1'), '1');
  assert.equal(formatExpiryInput('12'), '12');
  assert.equal(formatExpiryInput('122'), '12/2');
  assert.equal(formatExpiryInput('12/279'), '12/27');
  assert.deepEqual(parseExpiry('0931'), { month: 9, year: 2031 });
  assert.equal(parseExpiry('00/31'), null);
  assert.equal(parseExpiry('9/31'), null);
});

test('keeps the caret after the same digit when spaces are inserted', () => {
  assert.equal(caretAfterDigits('4111 1111 1', 5), 6);
  assert.equal(caretAfterDigits('4111 1111 1', 4), 4);
  assert.equal(caretAfterDigits('4111', 0), 0);
  assert.equal(caretAfterDigits('4111', 9), 4);
});

test('tells brand, security code length and whether the number checks out while typing', () => {
  assert.deepEqual(describePan(''), { brand: 'unknown', progress: 'empty', cvvLength: 3 });
  assert.deepEqual(describePan('4111 11'), { brand: 'visa', progress: 'typing', cvvLength: 3 });
  assert.deepEqual(describePan('4111 1111 1111 1111'), { brand: 'visa', progress: 'valid', cvvLength: 3 });
  assert.deepEqual(describePan('3782 822463 10005'), { brand: 'amex', progress: 'valid', cvvLength: 4 });
  assert.deepEqual(describePan('3782 822463 10006'), { brand: 'amex', progress: 'invalid', cvvLength: 4 });
  assert.equal(describePan('5555 5555 5555 4445').progress, 'invalid');
});

test('maps the core field paths to the form fields', () => {
  assert.equal(fieldForContractPath('card.number'), 'cardNumber');
  assert.equal(fieldForContractPath('card.expiryYear'), 'expiry');
  assert.equal(fieldForContractPath('money.amount'), 'amount');
  assert.equal(fieldForContractPath('customer.email'), 'email');
  assert.equal(fieldForContractPath('profileId'), null);
});

test('classifies outcomes for the outcome panel', () => {
  assert.equal(classifyOutcome({ paymentStatus: 'captured', pendingAction: null }), 'approved');
  assert.equal(classifyOutcome({ paymentStatus: 'authorized', pendingAction: null }), 'approved');
  assert.equal(classifyOutcome({ paymentStatus: 'declined', pendingAction: null }), 'declined');
  assert.equal(classifyOutcome({ paymentStatus: 'unknown', pendingAction: null }), 'unknown');
  assert.equal(classifyOutcome({ paymentStatus: 'needs_review', pendingAction: null }), 'unknown');
  assert.equal(classifyOutcome({ paymentStatus: 'pending', pendingAction: { type: 'redirect', url: 'https://acs.test', method: 'POST', parameters: [], message: '3-D Secure' } }), 'requires_action');
});

test('the terminal store holds the outcome only, allows one charge at a time and follows later status changes', () => {
  const store = createNewPaymentStore();
  assert.equal(store.getState().startSubmission(), true);
  assert.equal(store.getState().startSubmission(), false);
  store.getState().finishWithOutcome({ paymentId: 'p9', operationId: 'o9', state: 'unknown', paymentStatus: 'unknown', gatewayCode: null, gatewayMessage: null, pendingAction: null }, { profile: { id: 'profile_a', name: 'Shop A', environment: 'sandbox' as const }, method: 'card', phone: null });
  store.getState().paymentStatusChanged('other', 'declined');
  assert.equal(store.getState().outcome?.paymentStatus, 'unknown');
  store.getState().paymentStatusChanged('p9', 'captured');
  assert.equal(store.getState().outcome?.paymentStatus, 'captured');
  assert.deepEqual(Object.keys(store.getState()).filter((key) => typeof (store.getState() as unknown as Record<string, unknown>)[key] !== 'function').sort(), ['clearedForIdle', 'continueError', 'continuing', 'error', 'instructions', 'instructionsError', 'method', 'outcome', 'outcomeContext', 'recentCharges', 'submittedAt', 'submitting']);
});

test('the card stays in the form after a refusal decided before any card processing, and only then', () => {
  const kept = ERROR_KINDS.filter((kind) => cardWasNotProcessed({ kind, message: '' }));
  assert.deepEqual(kept, ['validation', 'conflict', 'forbidden', 'authentication', 'rate_limited', 'invalid_request', 'not_supported', 'vault_unavailable']);
});

test('a repeat charge is told by the card’s first six and last four, expiry, amount and currency, never by the whole number, for ten minutes', () => {
  const key = chargeKey({ cardNumber: '4761 3400 0000 0035', expiry: '12/29', amount: '7.77', currency: 'EUR' });
  assert.equal(key, '476134…0035 12/29 7.77 EUR');
  assert.ok(!key?.includes('4761340000000035'));
  assert.equal(chargeKey({ cardNumber: '4761', expiry: '12/29', amount: '7.77', currency: 'EUR' }), null);
  const store = createNewPaymentStore();
  store.getState().recordCharge({ key: key ?? '', at: 1_000_000, paymentId: 'pay_1' });
  assert.equal(store.getState().recentCharge(key ?? '', 1_000_000 + REPEAT_WINDOW_MS - 1, REPEAT_WINDOW_MS)?.paymentId, 'pay_1');
  assert.equal(store.getState().recentCharge(key ?? '', 1_000_000 + REPEAT_WINDOW_MS, REPEAT_WINDOW_MS), null);
  assert.equal(store.getState().recentCharge('476134…0035 12/29 7.78 EUR', 1_000_001, REPEAT_WINDOW_MS), null);
});
