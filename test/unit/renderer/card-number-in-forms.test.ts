/**
 * The forms point out a card number typed in a free-text field before anything is sent, with the
 * same message the core gives, and keep taking one in the card number field.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Profile } from '../../../shared/ipc/contract.ts';
import { translate } from '../../../renderer/src/i18n/translate.ts';
import { validateMotoField, validateMotoForm } from '../../../renderer/src/features/new-payment/utils/moto-form.ts';
import { EMPTY_MBWAY_VALUES, EMPTY_MULTIBANCO_VALUES, validateBankTransferForm, validateMbwayForm, validateMultibancoForm } from '../../../renderer/src/features/new-payment/utils/async-payment-form.ts';
import { validateMandateForm, validateMitForm } from '../../../renderer/src/features/stored-credentials/utils/stored-forms.ts';
import { checkImportLookup } from '../../../renderer/src/features/transactions/utils/import-lookup.ts';
import { reasonProblem } from '../../../renderer/src/format/free-text.ts';
import { motoFormValues } from '../../helpers/moto-form-values.ts';

const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate('en', key, vars);
const MESSAGE = t('common.cardNumberInText');
const PANS = ['4111 1111 1111 1111', '5555-5555-5555-4444', '378282246310005'];
const now = new Date('2025-06-15T12:00:00Z');

const moto = motoFormValues();

test('the MOTO form refuses a card number in every field but the card number', () => {
  assert.deepEqual(validateMotoForm(moto, now, t), {}, 'the card number field takes one');
  for (const pan of PANS) {
    assert.equal(validateMotoField('holder', { ...moto, holder: `Ana ${pan}` }, now, t), MESSAGE);
    assert.equal(validateMotoField('reference', { ...moto, reference: pan }, now, t), MESSAGE);
    assert.equal(validateMotoField('phone', { ...moto, phone: pan }, now, t), MESSAGE);
    assert.equal(validateMotoField('email', { ...moto, email: `${pan.replace(/\D/g, '')}@example.com` }, now, t), MESSAGE);
  }
  assert.deepEqual(validateMotoForm({ ...moto, reference: 'ORD-2024-000123', phone: '+351 912 345 678' }, now, t), {});
});

test('the MB WAY, Multibanco and bank-transfer forms refuse a card number in reference, description, name and e-mail', () => {
  const mbway = { ...EMPTY_MBWAY_VALUES, amount: '10', phone: '912 345 678' };
  const multibanco = { ...EMPTY_MULTIBANCO_VALUES, amount: '10' };
  for (const pan of PANS) {
    const typed = { reference: pan, description: `Order, card ${pan}`, customerName: pan, customerEmail: `${pan.replace(/\D/g, '')}@example.com` };
    for (const errors of [validateMbwayForm({ ...mbway, ...typed }, t), validateMultibancoForm({ ...multibanco, ...typed }, t), validateBankTransferForm({ ...multibanco, ...typed }, t)]) {
      assert.equal(errors.reference, MESSAGE);
      assert.equal(errors.description, MESSAGE);
      assert.equal(errors.customerName, MESSAGE);
      assert.equal(errors.customerEmail, MESSAGE);
    }
  }
  assert.deepEqual(validateMbwayForm({ ...mbway, description: 'Call +351 912 345 678, IBAN PT50 0002 0123 1234 5678 9015 4', reference: 'INV-000000001234567' }, t), {});
});

test('the merchant-initiated charge and mandate forms refuse a card number in reason, reference and customer name', () => {
  for (const pan of PANS) {
    const mit = validateMitForm({ amount: '5', currency: 'EUR', recurrence: 'unscheduled', reason: `card ${pan}`, reference: pan }, t);
    assert.equal(mit.reason, MESSAGE);
    assert.equal(mit.reference, MESSAGE);
    const mandate = validateMandateForm({ phone: '912 345 678', customerName: pan, mandateType: 'SUBSCRIPTION', reference: pan }, t);
    assert.equal(mandate.customerName, MESSAGE);
    assert.equal(mandate.reference, MESSAGE);
  }
  assert.deepEqual(validateMitForm({ amount: '5', currency: 'EUR', recurrence: 'unscheduled', reason: 'Second delivery of order 12345678', reference: '' }, t), {});
});

test('a refund or rebill reason is required and never a card number', () => {
  assert.equal(reasonProblem('', t), t('action.reasonRequired'));
  assert.equal(reasonProblem(' ab ', t), t('action.reasonRequired'));
  for (const pan of PANS) assert.equal(reasonProblem(`wrong card, the right one is ${pan}`, t), MESSAGE);
  assert.equal(reasonProblem('Customer returned 2 of 3 items, ticket 2024-000123', t), null);
});

test('the import lookup refuses a card number as transaction id or order reference', () => {
  const importable = [{ id: 'b2b', name: 'B2B', gatewayId: 'be2bill', environment: 'sandbox', baseUrl: 'https://x', options: {}, credentials: {}, available: true } satisfies Profile];
  for (const pan of PANS) {
    assert.deepEqual(checkImportLookup({ profileId: 'b2b', gatewayTransactionId: pan, merchantReference: '' }, importable), { ok: false, problems: ['cardNumber'] });
    assert.deepEqual(checkImportLookup({ profileId: 'b2b', gatewayTransactionId: '', merchantReference: pan }, importable), { ok: false, problems: ['cardNumber'] });
  }
});
