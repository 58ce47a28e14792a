import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChannelInput, ChannelName, ChannelOutput, PaymentDetail, PaymentSummary, Profile } from '../../../shared/ipc/contract.ts';
import type { Envelope } from '../../../shared/ipc/envelope.ts';
import type { CallFn } from '../../../renderer/src/api/client.ts';
import { translate } from '../../../renderer/src/i18n/translate.ts';
import {
  asyncFieldForContractPath,
  buildAsyncPaymentRequest,
  buildBankTransferRequest,
  buildUssdRequest,
  defaultCurrencyFor,
  EMPTY_MBWAY_VALUES,
  EMPTY_MULTIBANCO_VALUES,
  methodHasInstructions,
  outcomeHeadingKey,
  validateBankTransferForm,
  validateUssdForm,
  type BankTransferValues,
  type UssdValues,
} from '../../../renderer/src/features/new-payment/utils/async-payment-form.ts';
import { methodForShortcut, selectAvailableMethods } from '../../../renderer/src/features/new-payment/utils/payment-methods.ts';
import { createNewPaymentStore } from '../../../renderer/src/features/new-payment/stores/new-payment-store.ts';
import { accountNumberCompact, formatAccountNumberForReading } from '../../../renderer/src/format/account-number-format.ts';
import { checkImportLookup, defaultImportProfileId, importableProfiles } from '../../../renderer/src/features/transactions/utils/import-lookup.ts';
import { createTransactionsStore } from '../../../renderer/src/features/transactions/stores/transactions-store.ts';

const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate('en', key, vars);

const transfer: BankTransferValues = { amount: '15000', currency: 'NGN', reference: ' INV-9 ', description: '', customerName: ' Ada Obi ', customerEmail: ' ada@example.ng ' };

test('offers a bank transfer where the gateway declares the method or the verb', () => {
  assert.deepEqual(selectAvailableMethods({ paymentMethods: ['card', 'bank_transfer'], capabilities: [] }), ['card', 'bank-transfer']);
  assert.deepEqual(selectAvailableMethods({ paymentMethods: ['card'], capabilities: ['bankTransfer'] }), ['card', 'bank-transfer']);
  assert.deepEqual(selectAvailableMethods({ paymentMethods: ['card'], capabilities: [] }), ['card']);
  assert.equal(methodForShortcut('2', ['card', 'bank-transfer']), 'bank-transfer');
});

test('defaults a bank transfer to naira on Sayswitch and to euros elsewhere', () => {
  assert.equal(defaultCurrencyFor({ defaultCurrencies: { bank_transfer: 'NGN' } }, 'bank_transfer'), 'NGN');
  assert.equal(defaultCurrencyFor({ defaultCurrencies: { bank_transfer: 'NGN' } }, 'ussd'), 'EUR');
  assert.equal(defaultCurrencyFor({ defaultCurrencies: {} }, 'bank_transfer'), 'EUR');
  assert.equal(defaultCurrencyFor(null, 'ussd'), 'EUR');
});

test('requires the customer e-mail for a bank transfer and takes any known currency', () => {
  assert.deepEqual(validateBankTransferForm(transfer, t), {});
  assert.deepEqual(validateBankTransferForm({ ...transfer, customerEmail: '  ' }, t), { customerEmail: 'Enter the customer’s e-mail address.' });
  assert.deepEqual(Object.keys(validateBankTransferForm({ ...transfer, customerEmail: 'ada@' }, t)), ['customerEmail']);
  assert.deepEqual(Object.keys(validateBankTransferForm({ ...transfer, currency: 'XYZ' }, t)).sort(), ['amount', 'currency']);
  assert.deepEqual(Object.keys(validateBankTransferForm({ ...transfer, amount: '0' }, t)), ['amount']);
});

test('builds the bank-transfer request with the e-mail, trimmed, and the amount in the currency decimals', () => {
  assert.deepEqual(buildBankTransferRequest(transfer, 'say-sbx'), {
    profileId: 'say-sbx',
    money: { amount: '15000.00', currency: 'NGN' },
    merchantReference: 'INV-9',
    customer: { email: 'ada@example.ng', name: 'Ada Obi' },
  });
  assert.equal(buildBankTransferRequest({ ...transfer, customerEmail: '' }, 'say-sbx'), null);
  const built = buildAsyncPaymentRequest('bank-transfer', { ...EMPTY_MBWAY_VALUES, ...EMPTY_MULTIBANCO_VALUES, ...transfer }, 'say-sbx');
  assert.equal(built?.method, 'bank-transfer');
  assert.equal(asyncFieldForContractPath('customer.email'), 'customerEmail');
});

test('waits for the customer’s transfer and reads out the account once it exists', () => {
  assert.equal(outcomeHeadingKey('bank-transfer', { paymentStatus: 'pending', pendingAction: null }, 'moto.outcome.unknown'), 'bankTransfer.outcome.waiting');
  assert.equal(methodHasInstructions('bank-transfer'), true);
  assert.equal(methodHasInstructions('multibanco'), true);
  assert.equal(methodHasInstructions('mbway'), false);
  const store = createNewPaymentStore();
  store.getState().startSubmission();
  store.getState().finishWithOutcome(
    { paymentId: 'p1', operationId: 'o1', state: 'pending', paymentStatus: 'pending', gatewayCode: null, gatewayMessage: null, pendingAction: null },
    { profile: { id: 'profile_a', name: 'Shop A', environment: 'sandbox' as const }, method: 'bank-transfer', phone: null },
  );
  const account = { type: 'bank_transfer' as const, bankName: 'Wema Bank', accountNumber: '0123456789', accountName: 'SAYSWITCH/ADA OBI', amount: '15000.00', currency: 'NGN', expiresAt: null };
  store.getState().instructionsLoaded('p1', account, null);
  const loaded = store.getState().instructions;
  assert.equal(loaded?.type === 'bank_transfer' ? loaded.accountNumber : null, '0123456789');
});

test('writes an account number in groups to read out, and copies it without them', () => {
  assert.equal(formatAccountNumberForReading('0123456789'), '012 345 6789');
  assert.equal(formatAccountNumberForReading('PT50 0002 0123 1234 5678 9015 4'), 'PT50 0002 0123 1234 5678 9015 4');
  assert.equal(formatAccountNumberForReading('pt50000201231234567890154'), 'PT50 0002 0123 1234 5678 9015 4');
  assert.equal(formatAccountNumberForReading('123456789012'), '1234 5678 9012');
  assert.equal(formatAccountNumberForReading(' - '), '-');
  assert.equal(accountNumberCompact('012 345-6789'), '0123456789');
});

function profile(id: string, gatewayId: Profile['gatewayId']): Profile {
  return { id, name: id, gatewayId, environment: 'sandbox', baseUrl: 'http://127.0.0.1:1', options: {}, credentials: {}, available: true };
}

const gateways = [
  { id: 'be2bill' as const, capabilities: ['imports'] },
  { id: 'sibs-spg' as const, capabilities: [] },
];

test('looks payments up only on profiles whose gateway can fetch one, starting from the active profile', () => {
  const profiles = [profile('sibs', 'sibs-spg'), profile('b2b', 'be2bill'), profile('b2b-2', 'be2bill')];
  const importable = importableProfiles(profiles, gateways);
  assert.deepEqual(importable.map((found) => found.id), ['b2b', 'b2b-2']);
  assert.equal(defaultImportProfileId(importable, 'b2b-2'), 'b2b-2');
  assert.equal(defaultImportProfileId(importable, 'sibs'), 'b2b');
  assert.equal(defaultImportProfileId([], 'sibs'), '');
});

test('needs the gateway transaction id or the order reference, trimmed, on a profile that can look up', () => {
  const importable = [profile('b2b', 'be2bill')];
  assert.deepEqual(checkImportLookup({ profileId: 'b2b', gatewayTransactionId: ' A123 ', merchantReference: '' }, importable), {
    ok: true,
    request: { profileId: 'b2b', gatewayTransactionId: 'A123' },
  });
  assert.deepEqual(checkImportLookup({ profileId: 'b2b', gatewayTransactionId: '', merchantReference: 'ORDER-7' }, importable), {
    ok: true,
    request: { profileId: 'b2b', merchantReference: 'ORDER-7' },
  });
  assert.deepEqual(checkImportLookup({ profileId: 'b2b', gatewayTransactionId: ' ', merchantReference: '' }, importable), { ok: false, problems: ['missing'] });
  assert.deepEqual(checkImportLookup({ profileId: 'sibs', gatewayTransactionId: 'A1', merchantReference: 'ação\u200B' }, importable), { ok: false, problems: ['profile', 'reference'] });
  assert.deepEqual(checkImportLookup({ profileId: 'b2b', gatewayTransactionId: 'x'.repeat(129), merchantReference: '' }, importable), { ok: false, problems: ['transactionId'] });
});

function importedDetail(id: string): PaymentDetail {
  const payment = { id, imported: true } as PaymentSummary;
  return { payment, operations: [], statusHistory: [], wireEntries: 0, actions: { capture: false, refund: false, void: false, sync: true, continueAction: false, rebill: false, stopSchedule: false }, refundPolicy: { partial: true, note: null } };
}

function scriptedCall(answers: Partial<{ [C in ChannelName]: (input: ChannelInput<C>) => Promise<Envelope<ChannelOutput<C>>> }>) {
  const calls: Array<{ channel: ChannelName; input: unknown }> = [];
  const call = (async (channel: ChannelName, input: unknown) => {
    calls.push({ channel, input });
    const answer = answers[channel] as ((input: unknown) => Promise<Envelope<unknown>>) | undefined;
    if (!answer) return { ok: false, error: { kind: 'not_found', message: channel } };
    return answer(input);
  }) as CallFn;
  return { call, calls };
}

test('imports a payment once however often the button is pressed, and names it for opening', async () => {
  let release: (() => void) | null = null;
  const { call, calls } = scriptedCall({
    'payments:import': async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return { ok: true, value: importedDetail('pay_imported') };
    },
  });
  const store = createTransactionsStore(call);
  const first = store.getState().importPayment({ profileId: 'b2b', gatewayTransactionId: 'A123' });
  assert.equal(await store.getState().importPayment({ profileId: 'b2b', gatewayTransactionId: 'A123' }), null);
  assert.equal(store.getState().importing, true);
  while (!release) await new Promise((resolve) => setTimeout(resolve, 1));
  (release as () => void)();
  assert.equal(await first, 'pay_imported');
  assert.equal(store.getState().importing, false);
  assert.equal(calls.filter((entry) => entry.channel === 'payments:import').length, 1);
});

test('keeps the gateway’s answer when a payment cannot be found, and frees the button', async () => {
  const { call } = scriptedCall({
    'payments:import': async () => ({ ok: false, error: { kind: 'not_found', message: 'The gateway knows no transaction A999' } }),
  });
  const store = createTransactionsStore(call);
  assert.equal(await store.getState().importPayment({ profileId: 'b2b', gatewayTransactionId: 'A999' }), null);
  assert.equal(store.getState().importError?.message, 'The gateway knows no transaction A999');
  assert.equal(store.getState().importing, false);
  store.getState().clearImportError();
  assert.equal(store.getState().importError, null);
});

const ussd: UssdValues = { amount: '7500', currency: 'NGN', reference: '', description: '', customerName: '', customerEmail: ' ada@example.ng ', bankCode: 'GTB' };

test('offers USSD next to bank transfer where the gateway declares the method or the capability', () => {
  assert.deepEqual(selectAvailableMethods({ paymentMethods: ['card', 'bank_transfer', 'ussd'], capabilities: [] }), ['card', 'bank-transfer', 'ussd']);
  assert.deepEqual(selectAvailableMethods({ paymentMethods: ['card'], capabilities: ['ussd'] }), ['card', 'ussd']);
  assert.equal(methodForShortcut('3', ['card', 'bank-transfer', 'ussd']), 'ussd');
});

test('requires the customer’s bank and e-mail for USSD, in naira', () => {
  assert.deepEqual(validateUssdForm(ussd, t), {});
  assert.deepEqual(validateUssdForm({ ...ussd, bankCode: '' }, t), { bankCode: 'Choose the customer’s bank.' });
  assert.deepEqual(validateUssdForm({ ...ussd, customerEmail: '' }, t), { customerEmail: 'Enter the customer’s e-mail address.' });
  assert.deepEqual(validateUssdForm({ ...ussd, currency: 'USD' }, t), { currency: 'USSD payments are in naira (NGN).' });
});

test('builds the USSD request with the bank from the list and the e-mail, and maps the core’s bank error to the bank field', () => {
  assert.deepEqual(buildUssdRequest(ussd, 'say-sbx'), { profileId: 'say-sbx', money: { amount: '7500.00', currency: 'NGN' }, customer: { email: 'ada@example.ng' }, bankCode: 'GTB' });
  assert.equal(buildUssdRequest({ ...ussd, bankCode: ' ' }, 'say-sbx'), null);
  const built = buildAsyncPaymentRequest('ussd', { ...EMPTY_MBWAY_VALUES, ...EMPTY_MULTIBANCO_VALUES, ...ussd }, 'say-sbx');
  assert.equal(built?.method === 'ussd' ? built.request.bankCode : null, 'GTB');
  assert.equal(asyncFieldForContractPath('bankCode'), 'bankCode');
});

test('waits for the customer to dial and reads out the code once it exists', () => {
  assert.equal(outcomeHeadingKey('ussd', { paymentStatus: 'pending', pendingAction: null }, 'moto.outcome.unknown'), 'ussd.outcome.waiting');
  assert.equal(methodHasInstructions('ussd'), true);
  const store = createNewPaymentStore();
  store.getState().startSubmission();
  store.getState().finishWithOutcome({ paymentId: 'p2', operationId: 'o2', state: 'pending', paymentStatus: 'pending', gatewayCode: null, gatewayMessage: null, pendingAction: null }, { profile: { id: 'profile_a', name: 'Shop A', environment: 'sandbox' as const }, method: 'ussd', phone: null });
  const code = { type: 'ussd' as const, bankName: 'Guaranty Trust Bank', code: '*737*000*4772#', amount: '7500.00', currency: 'NGN', expiresAt: '2026-12-06T08:03:00.000Z' };
  store.getState().instructionsLoaded('p2', code, null);
  const loaded = store.getState().instructions;
  assert.equal(loaded?.type === 'ussd' ? loaded.code : null, '*737*000*4772#');
});
