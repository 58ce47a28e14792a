import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { moneySchema } from '../../../shared/domain/schemas.ts';
import { formatDecimal, MAX_MINOR } from '../../../shared/money/money.ts';
import { translate } from '../../../renderer/src/i18n/translate.ts';
import { describeMbwayPhone } from '../../../renderer/src/format/phone-input.ts';
import { formatMultibancoReference, multibancoDigits } from '../../../renderer/src/format/multibanco-format.ts';
import { formatDateTimeWithZone } from '../../../renderer/src/format/date-format.ts';
import { amountProblemMessage, checkAmountInput } from '../../../renderer/src/format/amount-input.ts';
import {
  asyncFieldForContractPath,
  buildAsyncPaymentRequest,
  buildMbwayRequest,
  buildMultibancoRequest,
  EMPTY_MBWAY_VALUES,
  EMPTY_MULTIBANCO_VALUES,
  outcomeHeadingKey,
  parseValidForHours,
  validateMbwayForm,
  validateMultibancoForm,
  type MbwayValues,
  type MultibancoValues,
} from '../../../renderer/src/features/new-payment/utils/async-payment-form.ts';
import { effectiveMethod, methodForShortcut, selectAvailableMethods } from '../../../renderer/src/features/new-payment/utils/payment-methods.ts';
import { createNewPaymentStore } from '../../../renderer/src/features/new-payment/stores/new-payment-store.ts';

const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate('en', key, vars);

const mbway: MbwayValues = { ...EMPTY_MBWAY_VALUES, amount: '12,5', phone: '+351 912 345 678', reference: ' ORDER-1 ', customerName: ' Ana ', customerEmail: '' };
const multibanco: MultibancoValues = { ...EMPTY_MULTIBANCO_VALUES, amount: '30', description: 'Invoice 7' };

test('normalises an MB WAY phone as it is typed and says when it is still short or already wrong', () => {
  assert.deepEqual(describeMbwayPhone(''), { state: 'empty', normalised: null });
  assert.deepEqual(describeMbwayPhone('91234'), { state: 'typing', normalised: null });
  assert.deepEqual(describeMbwayPhone('+351 9'), { state: 'typing', normalised: null });
  assert.deepEqual(describeMbwayPhone('+3'), { state: 'typing', normalised: null });
  assert.deepEqual(describeMbwayPhone('912 345 678'), { state: 'valid', normalised: '351#912345678' });
  assert.deepEqual(describeMbwayPhone('+351 912-345-678'), { state: 'valid', normalised: '351#912345678' });
  assert.deepEqual(describeMbwayPhone('351#962345678'), { state: 'valid', normalised: '351#962345678' });
  assert.deepEqual(describeMbwayPhone('34#612345678'), { state: 'valid', normalised: '34#612345678' });
  assert.equal(describeMbwayPhone('212345678').state, 'invalid', 'a Lisbon landline is not a mobile');
  assert.equal(describeMbwayPhone('95').state, 'invalid', 'no Portuguese mobile starts 95');
  assert.equal(describeMbwayPhone('9123456789').state, 'invalid', 'ten digits is one too many');
  assert.equal(describeMbwayPhone('+44 7700 900123').state, 'invalid', 'other countries are written with #');
  assert.equal(describeMbwayPhone('91a').state, 'invalid');
});

test('prints a Multibanco reference in groups of three and copies the digits alone', () => {
  assert.equal(formatMultibancoReference('123456789'), '123 456 789');
  assert.equal(formatMultibancoReference('123 456 789'), '123 456 789');
  assert.equal(formatMultibancoReference('1234'), '123 4');
  assert.equal(multibancoDigits('123 456 789'), '123456789');
});

test('writes a reference deadline in local time with the time zone', () => {
  assert.equal(formatDateTimeWithZone('2025-01-10T23:59:00Z', 'en-GB', 'Europe/Lisbon'), '10/01/2025, 23:59 WET (Europe/Lisbon)');
  assert.equal(formatDateTimeWithZone('2025-07-10T22:59:00Z', 'pt-PT', 'Europe/Lisbon'), '10/07/2025, 23:59 WEST (Europe/Lisbon)');
  assert.equal(formatDateTimeWithZone('soon', 'en-GB', 'UTC'), 'soon');
});

test('checks a typed amount in minor units, with an optional cap', () => {
  assert.deepEqual(checkAmountInput('12,5', 'EUR'), { ok: true, amount: '12.50' });
  assert.deepEqual(checkAmountInput('0', 'EUR'), { ok: false, problem: 'zero' });
  assert.deepEqual(checkAmountInput('1.234', 'EUR'), { ok: false, problem: 'decimals' });
  assert.deepEqual(checkAmountInput('-12.30', 'EUR'), { ok: false, problem: 'negative' });
  assert.deepEqual(checkAmountInput(' -5 ', 'EUR'), { ok: false, problem: 'negative' });
  assert.deepEqual(checkAmountInput('12-5', 'EUR'), { ok: false, problem: 'format' });
  assert.deepEqual(checkAmountInput('10000000000000.00', 'EUR'), { ok: true, amount: '10000000000000.00' }, 'the largest amount a payment may have');
  assert.deepEqual(checkAmountInput('10000000000000.01', 'EUR'), { ok: false, problem: 'tooLarge' });
  assert.deepEqual(checkAmountInput('99999999999999999999999', 'JPY'), { ok: false, problem: 'tooLarge' });
  assert.deepEqual(checkAmountInput('50.01', 'EUR', '50.00'), { ok: false, problem: 'over' });
  assert.deepEqual(checkAmountInput('50', 'EUR', '50.00'), { ok: true, amount: '50.00' });
  assert.deepEqual(checkAmountInput('5', 'XYZ'), { ok: false, problem: 'format' });
});

test('each amount mistake has its own words, in both languages', () => {
  for (const locale of ['en', 'pt-PT'] as const) {
    const say = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate(locale, key, vars);
    const problems = ['format', 'negative', 'zero', 'decimals', 'tooLarge', 'over'] as const;
    const messages = problems.map((problem) => amountProblemMessage(problem, 'EUR', say, '50.00'));
    assert.equal(new Set(messages.filter((_, at) => problems[at] !== 'decimals')).size, problems.length - 1, `${locale}: ${messages.join(' | ')}`);
    assert.match(amountProblemMessage('decimals', 'JPY', say), /0/, 'the currency’s number of decimals is said');
  }
});

test('builds the MB WAY request with the normalised phone and only the fields that were filled', () => {
  assert.deepEqual(validateMbwayForm(mbway, t), {});
  assert.deepEqual(buildMbwayRequest(mbway, 'sibs-sbx'), {
    profileId: 'sibs-sbx',
    money: { amount: '12.50', currency: 'EUR' },
    merchantReference: 'ORDER-1',
    phone: '351#912345678',
    customer: { name: 'Ana' },
  });
  assert.equal(buildMbwayRequest({ ...mbway, phone: '91234' }, 'sibs-sbx'), null);
});

test('names each MB WAY field that is wrong, in words the agent can act on', () => {
  const errors = validateMbwayForm({ ...mbway, amount: '0', phone: '', currency: 'USD', customerEmail: 'ana@', reference: 'não' }, t, { gatewayName: 'Sayswitch', rule: { characters: 'letters-digits-dot-dash-underscore-equals', minLength: 1, maxLength: 64 } });
  assert.deepEqual(Object.keys(errors).sort(), ['amount', 'currency', 'customerEmail', 'phone', 'reference']);
  assert.equal(errors.phone, t('async.error.phoneMissing'));
  assert.equal(validateMbwayForm({ ...mbway, phone: '9123' }, t).phone, t('async.error.phoneShort'));
  assert.equal(validateMbwayForm({ ...mbway, phone: '212345678' }, t).phone, t('async.error.phone'));
});

test('builds the Multibanco request with its validity in hours, 72 unless changed', () => {
  assert.deepEqual(validateMultibancoForm(multibanco, t), {});
  assert.deepEqual(buildMultibancoRequest(multibanco, 'sibs-sbx'), {
    profileId: 'sibs-sbx',
    money: { amount: '30.00', currency: 'EUR' },
    description: 'Invoice 7',
    validForHours: 72,
    customer: {},
  });
  assert.equal(parseValidForHours('0'), null);
  assert.equal(parseValidForHours('2161'), null);
  assert.equal(parseValidForHours('1.5'), null);
  assert.equal(parseValidForHours(' 24 '), 24);
  assert.deepEqual(Object.keys(validateMultibancoForm({ ...multibanco, validForHours: 'x' }, t)), ['validForHours']);
  const built = buildAsyncPaymentRequest('multibanco', { ...EMPTY_MBWAY_VALUES, ...multibanco }, 'p');
  assert.equal(built?.method, 'multibanco');
  assert.equal(buildAsyncPaymentRequest('mbway', { ...EMPTY_MULTIBANCO_VALUES, ...mbway }, 'p')?.method, 'mbway');
});

test('maps the core’s field paths back to the async forms', () => {
  assert.equal(asyncFieldForContractPath('phone'), 'phone');
  assert.equal(asyncFieldForContractPath('money.amount'), 'amount');
  assert.equal(asyncFieldForContractPath('customer.email'), 'customerEmail');
  assert.equal(asyncFieldForContractPath('validForHours'), 'validForHours');
  assert.equal(asyncFieldForContractPath('card.number'), null);
});

test('offers only the methods the active gateway declares, card alone when none is known', () => {
  assert.deepEqual(selectAvailableMethods(null), ['card']);
  assert.deepEqual(selectAvailableMethods({ paymentMethods: ['card', 'mbway', 'multibanco'], capabilities: [] }), ['card', 'mbway', 'multibanco']);
  assert.deepEqual(selectAvailableMethods({ paymentMethods: ['card', 'MB WAY'], capabilities: [] }), ['card', 'mbway']);
  assert.deepEqual(selectAvailableMethods({ paymentMethods: ['card'], capabilities: ['multibanco'] }), ['card', 'multibanco']);
  assert.deepEqual(selectAvailableMethods({ paymentMethods: ['paypal'], capabilities: [] }), ['card']);
  assert.equal(effectiveMethod('mbway', ['card']), 'card');
  assert.equal(effectiveMethod('mbway', ['card', 'mbway']), 'mbway');
  assert.equal(methodForShortcut('2', ['card', 'mbway', 'multibanco']), 'mbway');
  assert.equal(methodForShortcut('3', ['card', 'mbway']), null);
  assert.equal(methodForShortcut('KeyA', ['card']), null);
});

test('heads a pending MB WAY or Multibanco outcome as waiting for the customer, not as unknown', () => {
  const pending = { paymentStatus: 'pending' as const, pendingAction: null };
  assert.equal(outcomeHeadingKey('mbway', pending, 'moto.outcome.unknown'), 'mbway.outcome.waiting');
  assert.equal(outcomeHeadingKey('multibanco', pending, 'moto.outcome.unknown'), 'multibanco.outcome.waiting');
  assert.equal(outcomeHeadingKey('card', pending, 'moto.outcome.unknown'), 'moto.outcome.unknown');
  assert.equal(outcomeHeadingKey('mbway', { paymentStatus: 'captured', pendingAction: null }, 'moto.outcome.approved'), 'moto.outcome.approved');
});

test('the terminal store keeps the method, the outcome’s context and instructions only for the payment on screen', () => {
  const store = createNewPaymentStore();
  store.getState().chooseMethod('multibanco');
  assert.equal(store.getState().method, 'multibanco');
  assert.equal(store.getState().startSubmission(), true);
  store.getState().chooseMethod('card');
  assert.equal(store.getState().method, 'multibanco', 'the method stays while a request is in flight');
  store.getState().finishWithOutcome(
    { paymentId: 'p1', operationId: 'o1', state: 'pending', paymentStatus: 'pending', gatewayCode: null, gatewayMessage: null, pendingAction: null },
    { profile: { id: 'profile_a', name: 'Shop A', environment: 'sandbox' as const }, method: 'multibanco', phone: null },
  );
  const instructions = { type: 'multibanco' as const, entity: '12345', reference: '123456789', amount: '30.00', currency: 'EUR', expiresAt: null };
  store.getState().instructionsLoaded('other', instructions, null);
  assert.equal(store.getState().instructions, null);
  store.getState().instructionsLoaded('p1', instructions, null);
  const loaded = store.getState().instructions;
  assert.equal(loaded?.type === 'multibanco' ? loaded.reference : null, '123456789');
  store.getState().paymentStatusChanged('p1', 'captured');
  assert.equal(store.getState().outcome?.paymentStatus, 'captured');
  store.getState().dismissOutcome();
  assert.equal(store.getState().instructions, null);
  assert.equal(store.getState().outcomeContext, null);
});

test('a typed amount is accepted exactly when the contract would take it, and checking never throws', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 1n, max: MAX_MINOR }), fc.constantFrom('EUR', 'NGN', 'JPY', 'KWD'), (minor, currency) => {
      const text = formatDecimal(minor, currency);
      assert.deepEqual(checkAmountInput(text, currency), { ok: true, amount: text });
      assert.equal(moneySchema.safeParse({ amount: text, currency }).success, true);
    }),
  );
  fc.assert(
    fc.property(fc.string(), fc.constantFrom('EUR', 'JPY'), (typed, currency) => {
      const checked = checkAmountInput(typed, currency);
      if (checked.ok) assert.equal(moneySchema.safeParse({ amount: checked.amount, currency }).success, true, typed);
    }),
  );
});
