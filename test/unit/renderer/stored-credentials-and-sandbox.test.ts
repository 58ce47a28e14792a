import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChannelInput, ChannelName, ChannelOutput, Mandate, OperationOutcome, PaymentSummary, StoredCredential } from '../../../shared/ipc/contract.ts';
import type { Envelope } from '../../../shared/ipc/envelope.ts';
import type { CallFn } from '../../../renderer/src/api/client.ts';
import { translate } from '../../../renderer/src/i18n/translate.ts';
import { parseRoute, routeHref } from '../../../renderer/src/routing/route.ts';
import {
  buildChargeStoredRequest,
  buildCreateMandateRequest,
  checkCollectAmount,
  offeredMandateActions,
  selectChargeableTokens,
  selectMandatesInOrder,
  tokenExpired,
  validateMandateForm,
  validateMitForm,
  type MitValues,
} from '../../../renderer/src/features/stored-credentials/utils/stored-forms.ts';
import { createStoredCredentialsStore } from '../../../renderer/src/features/stored-credentials/stores/stored-credentials-store.ts';
import { selectOriginToken } from '../../../renderer/src/features/payment-detail/api/origin-token.ts';
import {
  actionsForMandate,
  actionsForPayment,
  actionTestId,
  selectOpenMandates,
  selectOpenPayments,
  type CustomerAction,
} from '../../../renderer/src/features/sandbox-tools/utils/sandbox-actions.ts';
import { QueryObserver } from '@tanstack/react-query';
import { createSandboxToolsStore } from '../../../renderer/src/features/sandbox-tools/stores/sandbox-tools-store.ts';
import { openPaymentsQuery, sandboxToolsKeys } from '../../../renderer/src/features/sandbox-tools/queries/sandbox-tools-queries.ts';
import { paymentChangedInCache } from '../../../renderer/src/features/transactions/queries/payments-list-queries.ts';
import { createConsoleQueryClient } from '../../../renderer/src/queries/query-client.ts';
import { eventually } from '../../helpers/eventually.ts';
import { notificationUrlFor } from '../../../renderer/src/features/settings/utils/notification-url.ts';
import { paymentSummaryFixture } from '../../helpers/payment-summary.ts';

const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate('en', key, vars);

function token(id: string, overrides: Partial<StoredCredential> = {}): StoredCredential {
  return {
    id,
    profileId: 'sibs-sbx',
    gatewayId: 'sibs-spg',
    type: 'card-token',
    brand: 'visa',
    last4: '0035',
    expiryMonth: 12,
    expiryYear: 2030,
    holder: 'Maria Costa',
    originPaymentId: `pay-${id}`,
    status: 'active',
    createdAt: '2025-05-01T10:00:00.000Z',
    ...overrides,
  };
}

function mandate(id: string, overrides: Partial<Mandate> = {}): Mandate {
  return {
    id,
    profileId: 'sibs-sbx',
    gatewayId: 'sibs-spg',
    gatewayMandateId: `gw-${id}`,
    merchantReference: `M-${id}`,
    phone: '351#912345678',
    customerName: 'Rui',
    mandateType: 'SUBSCRIPTION',
    status: 'active',
    limit: '50.00',
    currency: 'EUR',
    expiresAt: '2026-05-01T00:00:00.000Z',
    gatewayCode: null,
    gatewayMessage: null,
    createdAt: '2025-05-01T10:00:00.000Z',
    updatedAt: '2025-05-01T10:00:00.000Z',
    ...overrides,
  };
}

function payment(id: string, overrides: Partial<PaymentSummary> = {}): PaymentSummary {
  return paymentSummaryFixture(id, {
    profileId: 'sibs-sbx',
    profileName: 'SIBS sandbox',
    method: 'mbway',
    moto: false,
    status: 'pending',
    authorized: '0.00',
    captured: '0.00',
    refundable: '0.00',
    customerPhone: '351#912345678',
    createdAt: '2025-05-01T10:00:00.000Z',
    updatedAt: '2025-05-01T10:00:00.000Z',
    ...overrides,
  });
}

function outcome(paymentId: string, paymentStatus: OperationOutcome['paymentStatus']): OperationOutcome {
  return { paymentId, operationId: `op-${paymentId}`, state: 'succeeded', paymentStatus, gatewayCode: '000', gatewayMessage: 'Success', pendingAction: null };
}

/** The core's answers, scripted per channel; the stores under test see only the `call` seam. */
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

const mit: MitValues = { amount: '9,90', currency: 'EUR', recurrence: 'recurring', reason: ' Monthly plan ', reference: '' };

test('routes to the stored credentials screen, with a card preselected for charging', () => {
  assert.deepEqual(parseRoute('#/stored'), { name: 'stored', tokenId: null });
  assert.deepEqual(parseRoute('#/stored/tok_1'), { name: 'stored', tokenId: 'tok_1' });
  assert.deepEqual(parseRoute('#/stored/%E0%A4%A'), { name: 'transactions' });
  assert.deepEqual(parseRoute('#/sandbox'), { name: 'sandbox' });
  assert.equal(routeHref({ name: 'stored', tokenId: 'tok 1' }), '#/stored/tok%201');
  assert.equal(routeHref({ name: 'sandbox' }), '#/sandbox');
});

test('a merchant-initiated charge needs an amount and a reason, and says whether it is recurring', () => {
  assert.deepEqual(validateMitForm(mit, t), {});
  assert.deepEqual(buildChargeStoredRequest(mit, 'tok_1'), {
    tokenId: 'tok_1',
    kind: 'sale',
    money: { amount: '9.90', currency: 'EUR' },
    recurrence: 'recurring',
    reason: 'Monthly plan',
  });
  assert.deepEqual(Object.keys(validateMitForm({ ...mit, amount: '', reason: 'ok' }, t)).sort(), ['amount', 'reason']);
  assert.equal(buildChargeStoredRequest({ ...mit, reason: '  ' }, 'tok_1'), null);
});

test('a mandate request goes out with the normalised phone and a customer name of at most 45 characters', () => {
  const values = { phone: '912 345 678', customerName: ' Rui Lopes ', mandateType: 'ONECLICK' as const, reference: '' };
  assert.deepEqual(validateMandateForm(values, t), {});
  assert.deepEqual(buildCreateMandateRequest(values, 'sibs-sbx'), { profileId: 'sibs-sbx', phone: '351#912345678', customerName: 'Rui Lopes', mandateType: 'ONECLICK' });
  assert.deepEqual(Object.keys(validateMandateForm({ ...values, phone: '21', customerName: 'x'.repeat(46) }, t)).sort(), ['customerName', 'phone']);
  assert.equal(buildCreateMandateRequest({ ...values, phone: '9123' }, 'sibs-sbx'), null);
});

test('a collection stays within the limit the customer set on the mandate', () => {
  assert.deepEqual(checkCollectAmount('50', mandate('m1'), t), { ok: true, amount: '50.00', currency: 'EUR' });
  const over = checkCollectAmount('50.01', mandate('m1'), t);
  assert.equal(over.ok, false);
  assert.equal(over.ok ? '' : over.message, t('stored.error.overLimit', { limit: '50.00' }));
  assert.deepEqual(checkCollectAmount('500', mandate('m2', { limit: null }), t), { ok: true, amount: '500.00', currency: 'EUR' });
  assert.equal(checkCollectAmount('0', mandate('m1'), t).ok, false);
});

test('offers collect only through an active mandate and cancel only while it can still be used', () => {
  assert.deepEqual(offeredMandateActions({ status: 'active' }), ['collect', 'sync', 'cancel']);
  assert.deepEqual(offeredMandateActions({ status: 'pending' }), ['sync', 'cancel']);
  assert.deepEqual(offeredMandateActions({ status: 'cancelled' }), ['sync']);
  assert.deepEqual(offeredMandateActions({ status: 'expired' }), ['sync']);
});

test('lists chargeable cards newest first and live mandates before ended ones', () => {
  const tokens = [token('old'), token('gone', { status: 'deleted' }), token('new', { createdAt: '2025-06-01T10:00:00.000Z' })];
  assert.deepEqual(selectChargeableTokens(tokens).map((entry) => entry.id), ['new', 'old']);
  const mandates = [mandate('ended', { status: 'cancelled', createdAt: '2025-07-01T00:00:00.000Z' }), mandate('a'), mandate('b', { status: 'pending', createdAt: '2025-06-01T00:00:00.000Z' })];
  assert.deepEqual(selectMandatesInOrder(mandates).map((entry) => entry.id), ['b', 'a', 'ended']);
  assert.equal(tokenExpired({ expiryMonth: 5, expiryYear: 2025 }, new Date('2025-06-15T12:00:00Z')), true);
  assert.equal(tokenExpired({ expiryMonth: 6, expiryYear: 2025 }, new Date('2025-06-15T12:00:00Z')), false);
  assert.equal(tokenExpired({ expiryMonth: null, expiryYear: null }, new Date()), false);
});

test('finds the stored card a payment created, for its charge-again shortcut', () => {
  const tokens = [token('t1', { originPaymentId: 'p1', status: 'deleted' }), token('t2', { originPaymentId: 'p1' }), token('t3', { originPaymentId: 'p2' })];
  assert.equal(selectOriginToken(tokens, 'p1')?.id, 't2');
  assert.equal(selectOriginToken(tokens, 'p9'), null);
});

test('charges a stored card once even when submitted twice, then follows the new payment’s status', async () => {
  let release: (() => void) | null = null;
  const { call, calls } = scriptedCall({
    'payments:chargeStored': async (input) => {
      await new Promise<void>((resolve) => (release = resolve));
      return { ok: true, value: outcome(`mit-${input.tokenId}`, 'pending') };
    },
  });
  const store = createStoredCredentialsStore(call);
  const request = buildChargeStoredRequest(mit, 'tok_1');
  assert.ok(request);
  const first = store.getState().chargeStored(request);
  assert.equal(await store.getState().chargeStored(request), false);
  while (!release) await new Promise((resolve) => setTimeout(resolve, 1));
  (release as () => void)();
  assert.equal(await first, true);
  assert.equal(calls.filter((entry) => entry.channel === 'payments:chargeStored').length, 1);
  assert.equal(store.getState().lastOutcome?.outcome.paymentId, 'mit-tok_1');
  store.getState().paymentStatusChanged('mit-tok_1', 'captured');
  assert.equal(store.getState().lastOutcome?.outcome.paymentStatus, 'captured');
  assert.equal(store.getState().inFlight, null);
});

test('keeps the refusal of a collection over the limit and frees the screen', async () => {
  const { call } = scriptedCall({
    'mandates:list': async () => ({ ok: true, value: [mandate('m1')] }),
    'mandates:charge': async () => ({ ok: false, error: { kind: 'conflict', message: 'Above the mandate limit' } }),
    'mandates:cancel': async (input) => ({ ok: true, value: mandate(input.mandateId, { status: 'cancelled' }) }),
  });
  const store = createStoredCredentialsStore(call);
  await store.getState().loadMandates();
  assert.equal(await store.getState().collect('m1', '60.00', 'EUR'), false);
  assert.equal(store.getState().operationError?.operation, 'collect');
  assert.equal(store.getState().operationError?.error.message, 'Above the mandate limit');
  assert.equal(store.getState().inFlight, null);
  assert.equal(await store.getState().cancelMandate('m1'), true);
  assert.equal(store.getState().mandates[0]?.status, 'cancelled');
  assert.deepEqual(store.getState().notice, { operation: 'cancel', targetId: 'm1' });
});

test('a deleted card leaves the chargeable list at once', async () => {
  const { call } = scriptedCall({
    'tokens:list': async () => ({ ok: true, value: [token('t1'), token('t2')] }),
    'tokens:delete': async () => ({ ok: true, value: { deleted: true } }),
  });
  const store = createStoredCredentialsStore(call);
  await store.getState().loadTokens();
  assert.equal(await store.getState().deleteToken('t1'), true);
  assert.deepEqual(selectChargeableTokens(store.getState().tokens).map((entry) => entry.id), ['t2']);
});

const actions: CustomerAction[] = [
  { gatewayId: 'sibs-spg', name: 'mbway.approve', label: 'Approve in MB WAY app', target: 'payment' },
  { gatewayId: 'sibs-spg', name: 'mbway.decline', label: 'Decline in MB WAY app', target: 'payment' },
  { gatewayId: 'sibs-spg', name: 'reference.pay', label: 'Pay at ATM', target: 'payment' },
  { gatewayId: 'sibs-spg', name: 'mandate.approve', label: 'Approve mandate', target: 'mandate' },
  { gatewayId: 'aci-oppwa', name: 'threeds.complete', label: 'Complete 3-D Secure', target: 'payment' },
];

test('offers each waiting payment the customer actions of its gateway and method', () => {
  assert.deepEqual(actionsForPayment(actions, payment('p1')).map((action) => action.name), ['mbway.approve', 'mbway.decline']);
  assert.deepEqual(actionsForPayment(actions, payment('p2', { method: 'multibanco' })).map((action) => action.name), ['reference.pay']);
  assert.deepEqual(actionsForPayment(actions, payment('p3', { method: '' })).map((action) => action.name), ['mbway.approve', 'mbway.decline', 'reference.pay']);
  assert.deepEqual(actionsForMandate(actions, mandate('m1')).map((action) => action.name), ['mandate.approve']);
  assert.equal(actionTestId('mbway.approve'), 'sandbox-action-mbway-approve');
});

test('lists only open payments and live mandates of the sandbox profile', () => {
  const rows = [payment('a'), payment('b', { status: 'captured' }), payment('c', { profileId: 'other' }), payment('d', { status: 'requires_action' })];
  assert.deepEqual(selectOpenPayments(rows, 'sibs-sbx').map((row) => row.id), ['a', 'd']);
  const mandates = [mandate('m1'), mandate('m2', { status: 'pending' }), mandate('m3', { status: 'expired' }), mandate('m4', { profileId: 'other' })];
  assert.deepEqual(selectOpenMandates(mandates, 'sibs-sbx').map((entry) => entry.id), ['m1', 'm2']);
});

test('plays the customer once at a time, shows the emulator’s answer and reads again what is waiting', async () => {
  let open = [payment('p1')];
  const { call, calls } = scriptedCall({
    'payments:search': async () => ({ ok: true, value: { rows: open, nextCursor: null } }),
    'sandbox:act': async () => {
      open = [];
      return { ok: true, value: { ok: true, message: 'The customer approved the MB WAY request' } };
    },
  });
  const client = createConsoleQueryClient();
  const waiting = new QueryObserver(client, openPaymentsQuery(call, 'sibs-sbx'));
  const off = waiting.subscribe(() => undefined);
  const store = createSandboxToolsStore(call, async () => {
    await Promise.all(sandboxToolsKeys(call, 'sibs-sbx').map((queryKey) => client.invalidateQueries({ queryKey })));
  });
  store.getState().chooseProfile('sibs-sbx');
  await eventually(() => (waiting.getCurrentResult().isSuccess ? true : undefined), 'the open payments', 2_000);
  assert.deepEqual(calls.find((entry) => entry.channel === 'payments:search')?.input, { profileId: 'sibs-sbx', statuses: ['pending', 'requires_action', 'unknown'], limit: 200 });
  assert.deepEqual(selectOpenPayments(waiting.getCurrentResult().data?.rows ?? [], 'sibs-sbx').map((row) => row.id), ['p1']);
  const acting = store.getState().act('mbway.approve', 'p1');
  assert.equal(await store.getState().act('mbway.approve', 'p1'), false);
  assert.equal(await acting, true);
  assert.deepEqual(calls.filter((entry) => entry.channel === 'sandbox:act').map((entry) => entry.input), [{ action: 'mbway.approve', targetId: 'p1' }]);
  assert.equal(store.getState().lastResult?.message, 'The customer approved the MB WAY request');
  assert.deepEqual(waiting.getCurrentResult().data?.rows, []);
  store.getState().chooseProfile('other-sbx');
  assert.equal(store.getState().lastResult, null, 'an answer about another profile is put away');
  off();
});

test('a payment change leaves the open payments, a one-page search of their own, to their screen', async () => {
  const { call } = scriptedCall({ 'payments:search': async () => ({ ok: true, value: { rows: [payment('p1')], nextCursor: null } }) });
  const client = createConsoleQueryClient();
  await client.fetchQuery(openPaymentsQuery(call, 'sibs-sbx'));
  const asked: unknown[] = [];
  paymentChangedInCache(client, payment('p1', { status: 'captured' }), { refresh: (key) => asked.push(key), markStale: (key) => asked.push(key) });
  assert.deepEqual(asked, [['payments:totals']]);
  assert.equal(client.getQueryData(openPaymentsQuery(call, 'sibs-sbx').queryKey)?.rows[0]?.status, 'pending');
});

test('writes each profile’s notification URL under the receiver’s base', () => {
  assert.equal(notificationUrlFor('http://127.0.0.1:4100', 'sibs-sbx'), 'http://127.0.0.1:4100/notifications/sibs-sbx');
  assert.equal(notificationUrlFor('http://127.0.0.1:4100/', 'a:b'), 'http://127.0.0.1:4100/notifications/a%3Ab');
});
