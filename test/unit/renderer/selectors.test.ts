import { test } from 'node:test';
import { openPaymentPage } from '../../helpers/payment-page.ts';
import assert from 'node:assert/strict';
import type { ChannelInput, ChannelName, ChannelOutput, OperationEntry, PaymentDetail, Profile } from '../../../shared/ipc/contract.ts';
import type { Envelope } from '../../../shared/ipc/envelope.ts';
import type { CallFn } from '../../../renderer/src/api/client.ts';
import { selectActiveFilterCount } from '../../../renderer/src/features/transactions/stores/transactions-store.ts';
import { EMPTY_FILTERS } from '../../../renderer/src/features/transactions/utils/search-input.ts';
import {
  hasChargedBack,
  isBookedByGateway,
  selectOfferedActions,
  selectTimeline,
  wireLogAsText,
} from '../../../renderer/src/features/payment-detail/stores/payment-detail-store.ts';
import { actionLabelKey, operationLabelKey } from '../../../renderer/src/features/payment-detail/utils/action-labels.ts';
import { checkOperationAmount } from '../../../renderer/src/features/payment-detail/utils/operation-amount.ts';
import { chooseActiveProfile, selectActiveProfile, selectIsSandbox } from '../../../renderer/src/stores/workspace-store.ts';
import { paymentSummaryFixture as summary } from '../../helpers/payment-summary.ts';

function operation(id: string, createdAt: string, overrides: Partial<OperationEntry> = {}): OperationEntry {
  return {
    id,
    kind: 'refund',
    state: 'succeeded',
    amount: '1.00',
    currency: 'EUR',
    merchantReference: `OP-${id}`,
    gatewayOperationId: null,
    gatewayCode: '00',
    gatewayMessage: 'Approved',
    reason: 'returned',
    operator: 'ana',
    createdAt,
    completedAt: createdAt,
    ...overrides,
  };
}

function profile(id: string, environment: Profile['environment']): Profile {
  return { id, name: id, gatewayId: 'be2bill', environment, baseUrl: 'https://example.test', options: {}, credentials: {}, available: true };
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

test('counts the filters that are set', () => {
  assert.equal(selectActiveFilterCount({ filters: EMPTY_FILTERS }), 0);
  assert.equal(selectActiveFilterCount({ filters: { ...EMPTY_FILTERS, statuses: ['pending', 'unknown'], currency: 'EUR', fromDate: '2024-01-01' } }), 3);
});

test('puts operations and status changes on one time line, the cause before its effect', () => {
  const detail: Pick<PaymentDetail, 'operations' | 'statusHistory'> = {
    operations: [operation('refund', '2024-05-01T11:00:00.000Z'), operation('sale', '2024-05-01T10:00:00.000Z', { kind: 'purchase' })],
    statusHistory: [
      { at: '2024-05-01T11:00:00.000Z', from: 'captured', to: 'refunded', source: 'operation', detail: null },
      { at: '2024-05-01T10:00:00.000Z', from: null, to: 'captured', source: 'operation', detail: null },
    ],
  };
  assert.deepEqual(
    selectTimeline(detail).map((entry) => (entry.type === 'operation' ? `op:${entry.operation.id}` : `status:${entry.to}`)),
    ['op:sale', 'status:captured', 'op:refund', 'status:refunded'],
  );
});

test('offers exactly the actions the core allows', () => {
  assert.deepEqual(
    selectOfferedActions({ actions: { capture: true, refund: false, void: true, sync: true, continueAction: false, rebill: false, stopSchedule: false } }),
    ['capture', 'void', 'sync'],
  );
  assert.deepEqual(
    selectOfferedActions({ actions: { capture: false, refund: true, void: false, sync: true, continueAction: false, rebill: true, stopSchedule: true } }),
    ['refund', 'rebill', 'stopSchedule', 'sync'],
  );
  assert.deepEqual(selectOfferedActions(null), []);
});

test('shows a charged-back amount only when the issuer took money back', () => {
  assert.equal(hasChargedBack(summary('a')), false);
  assert.equal(hasChargedBack(summary('a', { chargedBack: '0' })), false);
  assert.equal(hasChargedBack(summary('a', { chargedBack: '0.01' })), true);
  assert.equal(hasChargedBack(summary('a', { chargedBack: '10.00' })), true);
});

test('marks chargebacks and their reversals as booked by the gateway, not by an operator', () => {
  assert.equal(isBookedByGateway({ kind: 'chargeback' }), true);
  assert.equal(isBookedByGateway({ kind: 'chargeback_reversal' }), true);
  assert.equal(isBookedByGateway({ kind: 'refund' }), false);
  assert.equal(isBookedByGateway({ kind: 'rebill' }), false);
});

test('calls a void a reversal where the gateway says reversal, and a void elsewhere', () => {
  assert.equal(actionLabelKey('void', 'reversal'), 'action.reverse');
  assert.equal(actionLabelKey('void', 'void'), 'action.void');
  assert.equal(actionLabelKey('refund', 'reversal'), 'action.refund');
  assert.equal(operationLabelKey('void', 'reversal'), 'operation.reversal');
  assert.equal(operationLabelKey('void'), 'operation.void');
  assert.equal(operationLabelKey('chargeback', 'reversal'), 'operation.chargeback');
});

test('writes the redacted wire log as text for a support ticket', () => {
  const text = wireLogAsText([
      {
        id: 'w1',
        operationId: null,
        at: '2024-05-01T10:00:00.000Z',
        method: 'POST',
        url: 'https://gw.test/v1/payments',
        requestHeaders: { authorization: '[redacted]' },
        requestBody: 'card.number=[redacted]',
        responseStatus: 200,
        responseHeaders: {},
        responseBody: '{"ok":true}',
        durationMs: 12,
        error: null,
        repeats: 1,
        lastAt: null,
      },
      {
        id: 'w2',
        operationId: null,
        at: '2024-05-01T10:01:00.000Z',
        method: 'GET',
        url: 'https://gw.test/v1/payments/1',
        requestHeaders: {},
        requestBody: null,
        responseStatus: 200,
        responseHeaders: {},
        responseBody: '{"status":"pending"}',
        durationMs: 9,
        error: null,
        repeats: 3,
        lastAt: '2024-05-01T10:03:00.000Z',
      },
  ]);
  assert.equal(
    text,
    '# 2024-05-01T10:00:00.000Z POST https://gw.test/v1/payments\n> authorization: [redacted]\n\ncard.number=[redacted]\n\n< HTTP 200 (12 ms)\n\n{"ok":true}\n\n' +
      '# 2024-05-01T10:01:00.000Z GET https://gw.test/v1/payments/1 (×3, last 2024-05-01T10:03:00.000Z)\n\n< HTTP 200 (9 ms)\n\n{"status":"pending"}',
  );
});

test('checks capture and refund amounts in minor units against what the form showed', () => {
  assert.deepEqual(checkOperationAmount('10', 'EUR', '10.00'), { ok: true, amount: '10.00' });
  assert.deepEqual(checkOperationAmount('4,5', 'EUR', '10.00'), { ok: true, amount: '4.50' });
  assert.deepEqual(checkOperationAmount('10.01', 'EUR', '10.00'), { ok: false });
  assert.deepEqual(checkOperationAmount('0', 'EUR', '10.00'), { ok: false });
  assert.deepEqual(checkOperationAmount('1.5', 'JPY', '100'), { ok: false });
  assert.deepEqual(checkOperationAmount('-1', 'EUR', '10.00'), { ok: false });
});

test('sends the amount shown when the refund form opened and refuses a second request in flight', async () => {
  let release: (() => void) | null = null;
  const { call, calls } = scriptedCall({
    'payments:get': async (input) => ({ ok: true, value: { payment: summary(input.paymentId), operations: [], statusHistory: [], wireEntries: 0, actions: { capture: false, refund: true, void: false, sync: true, continueAction: false, rebill: false, stopSchedule: false }, refundPolicy: { partial: true, note: null } } }),
    'payments:refund': async (input) => {
      await new Promise<void>((resolve) => (release = resolve));
      return { ok: true, value: { paymentId: input.paymentId, operationId: 'op', state: 'succeeded', paymentStatus: 'partially_refunded', gatewayCode: null, gatewayMessage: null, pendingAction: null } };
    },
  });
  const { store } = await openPaymentPage(call, 'p1');
  const first = store.getState().refund('4.00', '10.00', 'returned');
  assert.equal(await store.getState().refund('4.00', '10.00', 'returned'), false);
  assert.equal(store.getState().inFlight, 'refund');
  while (!release) await new Promise((resolve) => setTimeout(resolve, 1));
  (release as () => void)();
  assert.equal(await first, true);
  assert.equal(calls.filter((entry) => entry.channel === 'payments:refund').length, 1);
  assert.deepEqual(calls.find((entry) => entry.channel === 'payments:refund')?.input, { paymentId: 'p1', amount: '4.00', expectedRefundable: '10.00', reason: 'returned' });
  assert.equal(store.getState().inFlight, null);
  assert.equal(store.getState().lastOutcome?.outcome.paymentStatus, 'partially_refunded');
});

test('rebills once with the amount and reason typed, refusing a second request in flight', async () => {
  let release: (() => void) | null = null;
  const { call, calls } = scriptedCall({
    'payments:get': async (input) => ({
      ok: true,
      value: {
        payment: summary(input.paymentId, { chargedBack: '10.00', refundable: '0.00' }),
        operations: [],
        statusHistory: [],
        wireEntries: 0,
        actions: { capture: false, refund: false, void: false, sync: true, continueAction: false, rebill: true, stopSchedule: false },
        refundPolicy: { partial: true, note: null },
      },
    }),
    'payments:rebill': async (input) => {
      await new Promise<void>((resolve) => (release = resolve));
      return { ok: true, value: { paymentId: input.paymentId, operationId: 'rb', state: 'succeeded', paymentStatus: 'captured', gatewayCode: '000.100.110', gatewayMessage: null, pendingAction: null } };
    },
  });
  const { store } = await openPaymentPage(call, 'p1');
  const first = store.getState().rebill('10.00', 'Chargeback disputed, customer agreed');
  assert.equal(await store.getState().rebill('10.00', 'Chargeback disputed, customer agreed'), false);
  assert.equal(await store.getState().refund('1.00', '10.00', 'second operator'), false);
  assert.equal(store.getState().inFlight, 'rebill');
  while (!release) await new Promise((resolve) => setTimeout(resolve, 1));
  (release as () => void)();
  assert.equal(await first, true);
  assert.deepEqual(
    calls.filter((entry) => entry.channel !== 'payments:get'),
    [{ channel: 'payments:rebill', input: { paymentId: 'p1', amount: '10.00', reason: 'Chargeback disputed, customer agreed' } }],
  );
  assert.equal(store.getState().inFlight, null);
  assert.equal(store.getState().lastOutcome?.action, 'rebill');
});

test('shows the error envelope of a refused operation and frees the buttons', async () => {
  const { call } = scriptedCall({
    'payments:get': async (input) => ({ ok: true, value: { payment: summary(input.paymentId), operations: [], statusHistory: [], wireEntries: 0, actions: { capture: true, refund: false, void: true, sync: true, continueAction: false, rebill: false, stopSchedule: false }, refundPolicy: { partial: true, note: null } } }),
    'payments:capture': async () => ({ ok: false, error: { kind: 'conflict', message: 'Capturable changed to 5.00', fields: { expectedCapturable: 'Stale' } } }),
  });
  const { store } = await openPaymentPage(call, 'p1');
  assert.equal(await store.getState().capture('10.00', '10.00'), false);
  assert.equal(store.getState().actionError?.kind, 'conflict');
  assert.equal(store.getState().inFlight, null);
});

test('keeps the chosen profile while it exists, else starts in a sandbox one', () => {
  const profiles = [profile('live', 'production'), profile('sbx', 'sandbox')];
  assert.equal(chooseActiveProfile(profiles, 'live'), 'live');
  assert.equal(chooseActiveProfile(profiles, 'gone'), 'sbx');
  assert.equal(chooseActiveProfile([profile('t', 'test')], null), 't');
  assert.equal(chooseActiveProfile([], 'x'), null);
  assert.equal(selectIsSandbox({ profiles, activeProfileId: 'sbx' }), true);
  assert.equal(selectIsSandbox({ profiles, activeProfileId: 'live' }), false);
  assert.equal(selectActiveProfile({ profiles, activeProfileId: null }), null);
});
