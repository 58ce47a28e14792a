import { test } from 'node:test';
import { summaryChangedInCache } from '../../../renderer/src/features/payment-detail/queries/payment-detail-queries.ts';
import { openPaymentPage } from '../../helpers/payment-page.ts';
import assert from 'node:assert/strict';
import type { ChannelInput, ChannelName, ChannelOutput, PaymentDetail, PaymentSummary } from '../../../shared/ipc/contract.ts';
import type { Envelope } from '../../../shared/ipc/envelope.ts';
import type { CallFn } from '../../../renderer/src/api/client.ts';
import { checkRefundAmount, refundAmountIsFixed } from '../../../renderer/src/features/payment-detail/utils/refund-policy.ts';
import { checkOtp, isOtpAction, otpInputValue } from '../../../renderer/src/format/otp.ts';
import { totalOfInstallments, upcomingInstallments } from '../../../renderer/src/features/payment-detail/utils/schedule.ts';
import { actionLabelKey } from '../../../renderer/src/features/payment-detail/utils/action-labels.ts';
import { formatCalendarDay } from '../../../renderer/src/format/date-format.ts';
import { paymentSummaryFixture } from '../../helpers/payment-summary.ts';

function summary(id: string, overrides: Partial<PaymentSummary> = {}): PaymentSummary {
  return paymentSummaryFixture(id, {
    profileId: 'say',
    profileName: 'Sayswitch sandbox',
    gatewayId: 'sayswitch',
    currency: 'NGN',
    amount: '5000.00',
    authorized: '5000.00',
    captured: '5000.00',
    refundable: '5000.00',
    createdAt: '2025-05-01T10:00:00.000Z',
    updatedAt: '2025-05-01T10:00:00.000Z',
    ...overrides,
  });
}

function detail(payment: PaymentSummary, actions: Partial<PaymentDetail['actions']> = {}): PaymentDetail {
  return {
    payment,
    operations: [],
    statusHistory: [],
    wireEntries: 0,
    actions: { capture: false, refund: false, void: false, sync: true, continueAction: false, rebill: false, stopSchedule: false, ...actions },
    refundPolicy: { partial: true, note: null },
  };
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

const outcome = (paymentId: string, paymentStatus: ChannelOutput<'payments:continueAction'>['paymentStatus']) => ({
  paymentId,
  operationId: 'op',
  state: 'succeeded' as const,
  paymentStatus,
  gatewayCode: null,
  gatewayMessage: null,
  pendingAction: null,
});

test('refunds exactly the refundable amount where the gateway refunds in full only, whatever is typed', () => {
  const fullOnly = { partial: false, note: 'Sayswitch refunds the whole transaction.' };
  assert.equal(refundAmountIsFixed(fullOnly), true);
  assert.deepEqual(checkRefundAmount('10.00', 'NGN', '5000.00', fullOnly), { ok: true, amount: '5000.00' });
  assert.deepEqual(checkRefundAmount('', 'NGN', '5000', fullOnly), { ok: true, amount: '5000.00' });
  assert.deepEqual(checkRefundAmount('', 'NGN', '0.00', fullOnly), { ok: false }, 'nothing left to refund is refused before sending');
});

test('refunds the typed part where the gateway refunds in part, never above the refundable amount', () => {
  const partial = { partial: true, note: null };
  assert.equal(refundAmountIsFixed(partial), false);
  assert.deepEqual(checkRefundAmount('12,5', 'EUR', '42.50', partial), { ok: true, amount: '12.50' });
  assert.deepEqual(checkRefundAmount('42.51', 'EUR', '42.50', partial), { ok: false });
  assert.deepEqual(checkRefundAmount('0', 'EUR', '42.50', partial), { ok: false });
});

test('takes an OTP of 4 to 8 digits and nothing else', () => {
  assert.deepEqual(checkOtp('1234'), { ok: true, otp: '1234' });
  assert.deepEqual(checkOtp('12345678'), { ok: true, otp: '12345678' });
  assert.deepEqual(checkOtp(' 123 456 '), { ok: true, otp: '123456' }, 'spaces from reading it out in groups are dropped');
  assert.deepEqual(checkOtp('123'), { ok: false });
  assert.deepEqual(checkOtp('123456789'), { ok: false });
  assert.deepEqual(checkOtp('12a4'), { ok: false });
  assert.deepEqual(checkOtp(''), { ok: false });
  assert.equal(otpInputValue('12-34 5x6789'), '12345678');
});

test('recognises a pending OTP step and leaves other pending actions as they were', () => {
  const action = { type: 'OTP', url: null, method: null, parameters: [], message: 'Enter the OTP sent to 0803…' };
  assert.equal(isOtpAction(action), true);
  assert.equal(isOtpAction({ ...action, type: 'otp' }), true);
  assert.equal(isOtpAction({ ...action, type: '3DS' }), false);
  assert.equal(isOtpAction(null), false);
});

test('submits the OTP with the payment once, refusing a second submission in flight', async () => {
  let release: (() => void) | null = null;
  const { call, calls } = scriptedCall({
    'payments:get': async (input) => ({ ok: true, value: detail(summary(input.paymentId, { status: 'requires_action' }), { continueAction: true }) }),
    'payments:continueAction': async (input) => {
      await new Promise<void>((resolve) => (release = resolve));
      return { ok: true, value: outcome(input.paymentId, 'captured') };
    },
  });
  const { store } = await openPaymentPage(call, 'p1');
  const first = store.getState().continueAction('123456');
  assert.equal(await store.getState().continueAction('123456'), false);
  while (!release) await new Promise((resolve) => setTimeout(resolve, 1));
  (release as () => void)();
  assert.equal(await first, true);
  assert.deepEqual(
    calls.filter((entry) => entry.channel === 'payments:continueAction').map((entry) => entry.input),
    [{ paymentId: 'p1', otp: '123456' }],
  );
});

test('continues a 3-D Secure payment without an OTP field in the request', async () => {
  const { call, calls } = scriptedCall({
    'payments:get': async (input) => ({ ok: true, value: detail(summary(input.paymentId, { status: 'requires_action' }), { continueAction: true }) }),
    'payments:continueAction': async (input) => ({ ok: true, value: outcome(input.paymentId, 'captured') }),
  });
  const { store } = await openPaymentPage(call, 'p1');
  assert.equal(await store.getState().continueAction(), true);
  assert.deepEqual(calls.find((entry) => entry.channel === 'payments:continueAction')?.input, { paymentId: 'p1' });
});

test('stops the remaining instalments once and reloads the payment', async () => {
  const schedule = [
    { date: '2025-05-01', amount: '33.34' },
    { date: '2025-06-01', amount: '33.33' },
    { date: '2025-07-01', amount: '33.33' },
  ];
  let stopped = false;
  const { call, calls } = scriptedCall({
    'payments:get': async (input) => ({ ok: true, value: detail(summary(input.paymentId, { gatewayId: 'be2bill', currency: 'EUR', schedule }), { stopSchedule: !stopped }) }),
    'payments:stopSchedule': async (input) => {
      stopped = true;
      return { ok: true, value: outcome(input.paymentId, 'captured') };
    },
  });
  const { store, detail: shown } = await openPaymentPage(call, 'p1');
  assert.equal(shown()?.actions.stopSchedule, true);
  assert.equal(await store.getState().stopSchedule(), true);
  assert.deepEqual(calls.filter((entry) => entry.channel === 'payments:stopSchedule').map((entry) => entry.input), [{ paymentId: 'p1' }]);
  assert.equal(shown()?.actions.stopSchedule, false, 'the reloaded payment no longer offers it');
  assert.equal(store.getState().lastOutcome?.action, 'stopSchedule');
  assert.equal(actionLabelKey('stopSchedule'), 'action.stopSchedule');
});

test('counts as remaining only the instalments dated after today, added up in minor units', () => {
  const schedule = [
    { date: '2025-05-01', amount: '33.34' },
    { date: '2025-06-01', amount: '33.33' },
    { date: '2025-07-01', amount: '33.33' },
  ];
  const upcoming = upcomingInstallments(schedule, '2025-06-01');
  assert.deepEqual(upcoming.map((item) => item.date), ['2025-07-01']);
  assert.equal(totalOfInstallments(upcomingInstallments(schedule, '2025-05-01'), 'EUR'), '66.66');
  assert.equal(totalOfInstallments([{ date: '2025-01-01', amount: '0.1' }, { date: '2025-02-01', amount: '0.2' }], 'EUR'), '0.30');
  assert.deepEqual(upcomingInstallments(null, '2025-01-01'), []);
  assert.equal(totalOfInstallments([{ date: '2025-01-01', amount: '1.5' }], 'JPY'), null);
});

test('shows a schedule date as the calendar day it is, in the locale', () => {
  assert.equal(formatCalendarDay('2025-07-01', 'en-GB'), '01/07/2025');
  assert.equal(formatCalendarDay('2025-07-01', 'pt-PT'), '01/07/2025');
  assert.equal(formatCalendarDay('not a day', 'en-GB'), 'not a day');
});

test('an open payment shows the summary announced by another operator’s partial refund at once, and nothing stale or foreign', async () => {
  const { call, calls } = scriptedCall({
    'payments:get': async (input) => ({ ok: true, value: detail(summary(input.paymentId), { refund: true }) }),
  });
  const { detail: shown, client } = await openPaymentPage(call, 'p1');
  const refunded = summary('p1', { status: 'partially_refunded', refunded: '1500.00', refundable: '3500.00', updatedAt: '2025-05-01T11:00:00.000Z' });
  summaryChangedInCache(client, refunded);
  assert.equal(shown()?.payment.refundable, '3500.00');
  assert.equal(shown()?.payment.status, 'partially_refunded');
  assert.equal(shown()?.actions.refund, true, 'the rest of the page stays until its reload');

  summaryChangedInCache(client, summary('p1', { refundable: '5000.00', updatedAt: '2025-05-01T10:30:00.000Z' }));
  assert.equal(shown()?.payment.refundable, '3500.00', 'an older announcement does not overwrite a newer one');
  summaryChangedInCache(client, summary('p2', { refundable: '1.00', updatedAt: '2025-05-01T12:00:00.000Z' }));
  assert.equal(shown()?.payment.id, 'p1');
  assert.equal(shown()?.payment.refundable, '3500.00', 'another payment’s announcement is not this page’s');
  assert.deepEqual(calls.map((entry) => entry.channel), ['payments:get'], 'patched without a round trip');
});
