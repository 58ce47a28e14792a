/**
 * Every emulator shows its book at `GET /control/<gatewayId>/book` in one shape: payments with
 * their captures, refunds and cancellations, and the requests it received and refused. The soak
 * suites compare the ledger with it, so it must show what the gateway did, including a refund the
 * console should never have sent (sent here through the adapter, past the console's own checks).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import type { TestedGatewayId } from '../helpers/gateway-ids.ts';
import { sandboxBookSchema, type SandboxBookPayment } from '../../electron/core/sandbox/sandbox-book.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';
import { refunded } from '../helpers/refund-outcome.ts';

let t: TestCore;

const CARDS: Record<TestedGatewayId, { number: string; cvv: string }> = {
  'sibs-spg': { number: '4761340000000035', cvv: '536' },
  'aci-oppwa': { number: '4200000000000000', cvv: '123' },
  be2bill: { number: '5555556778250000', cvv: '123' },
  sayswitch: { number: '4111111111111111', cvv: '123' },
};

function moto(gatewayId: TestedGatewayId, kind: 'sale' | 'auth', amount: string, storeCard = false) {
  return {
    profileId: sandboxProfileId(gatewayId),
    kind,
    storeCard,
    money: { amount, currency: gatewayId === 'sayswitch' ? 'NGN' : 'EUR' },
    customer: { email: 'soak@example.com' },
    card: { ...CARDS[gatewayId], expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Book Keeper' },
  };
}

async function book(gatewayId: TestedGatewayId): Promise<SandboxBookPayment[]> {
  const response = await request(`${t.core.info.sandboxBaseUrl}/control/${gatewayId}/book`);
  assert.equal(response.statusCode, 200);
  return sandboxBookSchema.parse(await response.body.json()).payments;
}

async function bookedPayment(gatewayId: TestedGatewayId, paymentId: string): Promise<SandboxBookPayment> {
  const detail = await t.value('payments:get', { paymentId });
  const found = (await book(gatewayId)).find((candidate) => candidate.merchantReference === detail.payment.merchantReference);
  assert.ok(found, `the ${gatewayId} book has payment ${detail.payment.merchantReference}`);
  // Sayswitch's API names a transaction by its reference, so that is the id the console keeps.
  assert.equal(gatewayId === 'sayswitch' ? found.merchantReference : found.gatewayId, detail.payment.gatewayTransactionId);
  return found;
}

async function sale(gatewayId: TestedGatewayId, amount: string): Promise<string> {
  const outcome = await t.value('payments:createMoto', moto(gatewayId, 'sale', amount));
  if (gatewayId === 'sayswitch') await t.value('payments:continueAction', { paymentId: outcome.paymentId, otp: '123456' });
  return outcome.paymentId;
}

/** A second full refund sent straight through the adapter: the console itself would refuse it. */
async function refundPastTheConsole(paymentId: string, amountMinor: bigint, merchantReference: string) {
  const payment = await t.core.internals.ledger.payments.get(paymentId);
  assert.ok(payment);
  const { adapter } = t.core.internals.profiles.adapterFor(payment.profileId, { paymentId, operationId: null });
  const request = { payment: t.core.internals.payments.engine.refOf(payment), kind: 'refund' as const, amountMinor, currency: payment.currency, merchantReference, reason: 'Book test' };
  const result = await adapter.refund(request).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
  assert.ok(result instanceof Error || result.outcome === 'declined' || result.outcome === 'failed', `the gateway refused the second refund (${JSON.stringify(result)})`);
}

before(async () => {
  t = await startTestCore({ requestTimeoutMs: 3_000 });
});
after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

describe('the sandbox book', () => {
  for (const gatewayId of ['sibs-spg', 'aci-oppwa', 'be2bill', 'sayswitch'] as const) {
    test(`${gatewayId}: a sale, its refund and a refused second refund, as the gateway booked them`, async () => {
      const amount = gatewayId === 'sayswitch' ? '1500.00' : '25.00';
      const paymentId = await sale(gatewayId, amount);
      const refund = refunded(await t.value('payments:refund', { paymentId, amount, expectedRefundable: amount, reason: 'Returned' }));
      const refundReference = (await t.value('payments:get', { paymentId })).operations.find((op) => op.id === refund.operationId)?.merchantReference;
      await refundPastTheConsole(paymentId, gatewayId === 'sayswitch' ? 150_000n : 2_500n, `RF-BOOK-${gatewayId.slice(0, 4).toUpperCase()}`);

      const booked = await bookedPayment(gatewayId, paymentId);
      assert.equal(booked.kind, 'sale');
      assert.equal(booked.state, 'succeeded');
      assert.equal(booked.merchantInitiated, false);
      assert.equal(booked.amountMinor, gatewayId === 'sayswitch' ? '150000' : '2500');
      assert.equal(booked.operations.length, 2, JSON.stringify(booked.operations));
      const [accepted, refused] = booked.operations;
      assert.equal(accepted?.kind, 'refund');
      assert.ok(accepted?.state === 'succeeded' || accepted?.state === 'pending');
      assert.equal(accepted?.merchantReference, gatewayId === 'sayswitch' ? null : refundReference);
      assert.equal(refused?.kind, 'refund');
      assert.equal(refused?.state, 'refused');
      assert.equal(refused?.gatewayId === null || gatewayId === 'aci-oppwa', true, 'only OPPWA books a refusal under an id of its own');
      assert.equal(refused?.merchantReference, gatewayId === 'sayswitch' ? null : `RF-BOOK-${gatewayId.slice(0, 4).toUpperCase()}`);
      assert.equal(refused?.amountMinor, booked.amountMinor);
    });
  }

  for (const gatewayId of ['sibs-spg', 'aci-oppwa'] as const) {
    test(`${gatewayId}: an authorisation with a capture, and a cancellation of another`, async () => {
      const captured = await t.value('payments:createMoto', moto(gatewayId, 'auth', '40.00'));
      await t.value('payments:capture', { paymentId: captured.paymentId, amount: '40.00', expectedCapturable: '40.00' });
      const voided = await t.value('payments:createMoto', moto(gatewayId, 'auth', '12.00'));
      await t.value('payments:void', { paymentId: voided.paymentId, expectedCapturable: '12.00' });

      const withCapture = await bookedPayment(gatewayId, captured.paymentId);
      assert.equal(withCapture.kind, 'auth');
      assert.deepEqual(
        withCapture.operations.map((op) => [op.kind, op.state, op.amountMinor]),
        [['capture', 'succeeded', '4000']],
      );
      const withVoid = await bookedPayment(gatewayId, voided.paymentId);
      assert.deepEqual(
        withVoid.operations.map((op) => [op.kind, op.state]),
        [['void', 'succeeded']],
      );
    });
  }

  for (const gatewayId of ['sibs-spg', 'aci-oppwa', 'be2bill'] as const) {
    test(`${gatewayId}: a charge on a stored card is booked as merchant-initiated`, async () => {
      const first = await t.value('payments:createMoto', moto(gatewayId, 'sale', '9.00', true));
      const token = (await t.value('tokens:list', { profileId: sandboxProfileId(gatewayId) })).find((candidate) => candidate.originPaymentId === first.paymentId);
      assert.ok(token, 'the card was stored');
      const mit = await t.value('payments:chargeStored', { tokenId: token.id, money: { amount: '9.00', currency: 'EUR' }, recurrence: 'recurring', reason: 'Monthly plan' });
      assert.equal((await bookedPayment(gatewayId, first.paymentId)).merchantInitiated, false);
      assert.equal((await bookedPayment(gatewayId, mit.paymentId)).merchantInitiated, true);
    });
  }
});
