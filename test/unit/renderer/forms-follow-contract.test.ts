/**
 * The forms check what the contract checks: each limit is read from the contract's schema, so a
 * form takes exactly what the core takes, one character or one hour more is refused before it is
 * sent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { reasonSchema } from '../../../shared/domain/schemas.ts';
import { cardInputSchema, customerEmailSchema, mandateCustomerNameSchema, multibancoValidForHoursSchema, otpSchema } from '../../../shared/ipc/contract.ts';
import { contractAccepts, maxLengthOf, maxValueOf } from '../../../renderer/src/domain/contract-rules.ts';
import { validateMotoField } from '../../../renderer/src/features/new-payment/utils/moto-form.ts';
import { EMPTY_MULTIBANCO_VALUES, parseValidForHours, validateMultibancoForm } from '../../../renderer/src/features/new-payment/utils/async-payment-form.ts';
import { validateMandateForm } from '../../../renderer/src/features/stored-credentials/utils/stored-forms.ts';
import { reasonProblem } from '../../../renderer/src/format/free-text.ts';
import { checkOtp, otpInputValue } from '../../../renderer/src/format/otp.ts';
import { translate } from '../../../renderer/src/i18n/translate.ts';
import { motoFormValues } from '../../helpers/moto-form-values.ts';

const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate('en', key, vars);
const NOW = new Date('2026-05-10T12:00:00Z');

test("the MOTO form takes a holder and an e-mail up to the contract's length and not one character more", () => {
  const holderMax = maxLengthOf(cardInputSchema.shape.holder);
  assert.equal(validateMotoField('holder', motoFormValues({ holder: 'A'.repeat(holderMax) }), NOW, t), null);
  assert.equal(validateMotoField('holder', motoFormValues({ holder: 'A'.repeat(holderMax + 1) }), NOW, t), t('moto.error.holder'));
  assert.equal(validateMotoField('holder', motoFormValues({ holder: '   ' }), NOW, t), t('moto.error.holder'), 'the contract trims before it counts');
  const emailMax = maxLengthOf(customerEmailSchema);
  const domain = '@example.pt';
  assert.equal(validateMotoField('email', motoFormValues({ email: `${'a'.repeat(emailMax - domain.length)}${domain}` }), NOW, t), null);
  assert.equal(validateMotoField('email', motoFormValues({ email: `${'a'.repeat(emailMax - domain.length + 1)}${domain}` }), NOW, t), t('moto.error.email'));
  assert.equal(validateMotoField('email', motoFormValues({ email: 'ana@' }), NOW, t), t('moto.error.email'));
});

test('a Multibanco reference is valid for as many hours as the contract allows', () => {
  const most = maxValueOf(multibancoValidForHoursSchema);
  assert.equal(parseValidForHours(String(most)), most);
  assert.equal(parseValidForHours(String(most + 1)), null);
  assert.equal(parseValidForHours('0'), null);
  const errors = validateMultibancoForm({ ...EMPTY_MULTIBANCO_VALUES, amount: '10.00', validForHours: String(most + 1) }, t);
  assert.equal(errors.validForHours, t('async.error.validity', { max: most }));
});

test("a mandate's name and a refund's reason follow the contract, and a card number is named as such first", () => {
  const nameMax = maxLengthOf(mandateCustomerNameSchema);
  const mandate = { phone: '912345678', mandateType: 'SUBSCRIPTION' as const, reference: '' };
  assert.equal(validateMandateForm({ ...mandate, customerName: 'J'.repeat(nameMax) }, t).customerName, undefined);
  assert.equal(validateMandateForm({ ...mandate, customerName: 'J'.repeat(nameMax + 1) }, t).customerName, t('stored.error.customerName'));
  assert.equal(validateMandateForm({ ...mandate, customerName: '4111 1111 1111 1111' }, t).customerName, t('common.cardNumberInText'));
  assert.equal(reasonProblem('ok', t), t('action.reasonRequired'));
  assert.equal(reasonProblem('Returned', t), null);
  assert.equal(reasonProblem('R'.repeat(maxLengthOf(reasonSchema) + 1), t), t('action.reasonRequired'));
  assert.equal(reasonProblem('card 4111 1111 1111 1111', t), t('common.cardNumberInText'));
});

test('the one-time password field keeps as many digits as the contract takes and checks the fewest', () => {
  const most = maxLengthOf(otpSchema);
  assert.equal(otpInputValue('1'.repeat(most + 3)).length, most);
  assert.deepEqual(checkOtp('1'.repeat(most)), { ok: true, otp: '1'.repeat(most) });
  assert.deepEqual(checkOtp('123'), { ok: false });
  assert.deepEqual(checkOtp('12a4'), { ok: false });
});

test('reading a limit the contract does not set is a mistake in the form, not a silent infinity', () => {
  assert.throws(() => maxLengthOf(z.string()), /sets no longest length/);
  assert.equal(contractAccepts(z.string().max(2), 'abc'), false);
});
