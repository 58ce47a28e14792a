/**
 * The SIBS adapter against the SIBS emulator over real HTTP on 127.0.0.1: sandbox server,
 * undici client, wire log, generated sandbox credentials — only the far end is ours.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { luhnValid } from '../../shared/card/card-rules.ts';
import { AuthenticationError, ConnectionError, leavesOutcomeUnknown, RateLimitedError, TimeoutError, UnexpectedGatewayResponseError } from '../../electron/core/errors.ts';
import { sibsSpg } from '../../electron/core/gateways/sibs-spg/index.ts';
import type { SibsAdapter } from '../../electron/core/gateways/sibs-spg/adapter.ts';
import type {
  CallProgress,
  CardData,
  GatewayData,
  OperationRequest,
  PaymentRef,
  PaymentRequest,
  PaymentResult,
  ProfileConfig,
} from '../../electron/core/gateways/types.ts';
import { createHttpClient, type PooledHttpClient, type WireRecord } from '../../electron/core/http/http-client.ts';
import { systemClock } from '../../electron/core/ports.ts';
import { createSandboxServer, type SandboxServer } from '../../electron/core/sandbox/sandbox-server.ts';

const VISA_NO_3DS: CardData = { number: '4761340000000035', cvv: '536', expiryMonth: 12, expiryYear: 2031, holder: 'Joana Silva' };
const VISA_CHALLENGE: CardData = { number: '4176660000000100', cvv: '597', expiryMonth: 12, expiryYear: 2031, holder: 'Joana Silva' };
const DECLINED: CardData = { number: '4000000000000002', cvv: '123', expiryMonth: 6, expiryYear: 2030, holder: 'Rui Costa' };
const INSUFFICIENT: CardData = { number: '4000000000009995', cvv: '321', expiryMonth: 6, expiryYear: 2030, holder: 'Rui Costa' };
const HANGS: CardData = { number: '4000000000004087', cvv: '777', expiryMonth: 6, expiryYear: 2030, holder: 'Rui Costa' };
const UNAVAILABLE: CardData = { number: '4000000000005035', cvv: '888', expiryMonth: 6, expiryYear: 2030, holder: 'Rui Costa' };
const USED_CARDS = [VISA_NO_3DS, VISA_CHALLENGE, DECLINED, INSUFFICIENT, HANGS, UNAVAILABLE];

interface Harness {
  readonly adapter: SibsAdapter;
  readonly profile: ProfileConfig;
  readonly credentials: Record<string, string>;
}

let sandbox: SandboxServer;
let http: PooledHttpClient;
let impatientHttp: PooledHttpClient;
const wireLog: WireRecord[] = [];
const wireSink = { record: (entry: WireRecord) => void wireLog.push(entry) };

function harness(overrides: { credentials?: Record<string, string>; options?: Record<string, string | number | boolean>; client?: PooledHttpClient } = {}): Harness {
  const generated = sandbox.emulator('sibs-spg').sandboxProfile();
  const credentials = { ...generated.credentials, ...overrides.credentials };
  const profile: ProfileConfig = {
    id: randomUUID(),
    name: 'SIBS sandbox',
    gatewayId: 'sibs-spg',
    environment: 'sandbox',
    baseUrl: `${sandbox.baseUrl}${generated.baseUrlPath}`,
    options: { ...generated.options, ...overrides.options },
  };
  const adapter = sibsSpg.createAdapter({
    profile,
    secret: async (field) => {
      const value = credentials[field];
      if (value === undefined) throw new AuthenticationError(`No ${field} stored`);
      return value;
    },
    http: (overrides.client ?? http).withContext({ gatewayId: 'sibs-spg', paymentId: null, operationId: null }),
    clock: systemClock,
  });
  return { adapter, profile, credentials };
}

function paymentRequest(card: CardData, amountMinor: bigint, kind: 'sale' | 'auth' = 'sale', moto = true): PaymentRequest {
  return {
    kind,
    amountMinor,
    currency: 'EUR',
    merchantReference: `PAY-${randomUUID()}`,
    description: 'Phone order',
    card,
    customer: { name: card.holder, email: 'joana@example.pt' },
    moto,
    storeCard: false,
  };
}

function recordingProgress(): CallProgress & { readonly recorded: Array<{ id: string; data: GatewayData }> } {
  const recorded: Array<{ id: string; data: GatewayData }> = [];
  return { recorded, recordGatewayReference: (id, data) => recorded.push({ id, data }) };
}

function refOf(request: PaymentRequest, result: PaymentResult): PaymentRef {
  return {
    gatewayTransactionId: result.gatewayTransactionId,
    merchantReference: request.merchantReference,
    kind: request.kind,
    amountMinor: request.amountMinor,
    currency: request.currency,
    gatewayData: result.gatewayData,
    createdAt: new Date(),
  };
}

function operation(payment: PaymentRef, kind: OperationRequest['kind'], amountMinor: bigint): OperationRequest {
  return { payment, kind, amountMinor, currency: payment.currency, merchantReference: `OP-${randomUUID()}`, reason: `${kind} by test` };
}

interface EmulatorView {
  paymentStatus: string;
  authorised: string;
  captured: string;
  refunded: string;
  cancelled: string;
  operations: Array<{ transactionId: string; action: string; merchantTransactionId: string; amount: string }>;
}

async function emulatorView(transactionId: string): Promise<EmulatorView> {
  const response = await fetch(`${sandbox.baseUrl}/control/sibs-spg/payments/${transactionId}`);
  assert.equal(response.status, 200);
  return (await response.json()) as EmulatorView;
}

async function control(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${sandbox.baseUrl}/control/sibs-spg${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  assert.equal(response.status, 200, await response.text());
}

async function authorised(harnessed: Harness, amountMinor: bigint): Promise<PaymentRef> {
  const request = paymentRequest(VISA_NO_3DS, amountMinor, 'auth');
  const result = await harnessed.adapter.capabilities.authorization.authorize(request, recordingProgress());
  assert.equal(result.outcome, 'succeeded');
  assert.equal(result.status, 'authorized');
  return refOf(request, result);
}

before(async () => {
  sandbox = await createSandboxServer({ definitions: [sibsSpg], clock: systemClock, port: 0 });
  http = createHttpClient({ clock: systemClock, wireSink, requestTimeoutMs: 5_000 });
  impatientHttp = createHttpClient({ clock: systemClock, wireSink, requestTimeoutMs: 400 });
});

after(async () => {
  await http.close();
  await impatientHttp.close();
  await sandbox.close();
});

describe('SIBS SPG adapter against the emulator over HTTP', () => {
  it('sells with a SIBS no-3DS test card and records the checkout before the card step', async () => {
    const { adapter } = harness();
    const request = paymentRequest(VISA_NO_3DS, 1230n);
    const progress = recordingProgress();
    const result = await adapter.purchase(request, progress);
    assert.equal(result.outcome, 'succeeded');
    assert.equal(result.status, 'captured');
    assert.match(result.gatewayTransactionId ?? '', /^s2[A-Za-z0-9]{18}$/);
    assert.equal(progress.recorded.length, 1);
    assert.equal(progress.recorded[0]?.id, result.gatewayTransactionId);
    assert.ok((progress.recorded[0]?.data['transactionSignature'] ?? '').length > 20);
    const view = await emulatorView(result.gatewayTransactionId ?? '');
    assert.equal(view.paymentStatus, 'Success');
    assert.equal(view.captured, '12.30');
    const status = await adapter.sync(refOf(request, result));
    assert.deepEqual({ status: status.status, final: status.final }, { status: 'captured', final: true });
  });

  it('authorises, captures part, refunds in two parts, and the emulator refuses an over-refund', async () => {
    const harnessed = harness();
    const payment = await authorised(harnessed, 10_000n);
    const capture = await harnessed.adapter.capabilities.authorization.capture(operation(payment, 'capture', 6_000n));
    assert.equal(capture.outcome, 'succeeded');
    assert.match(capture.gatewayOperationId ?? '', /^s2/);
    assert.notEqual(capture.gatewayOperationId, payment.gatewayTransactionId);
    const firstRefund = await harnessed.adapter.refund(operation(payment, 'refund', 2_000n));
    const secondRefund = await harnessed.adapter.refund(operation(payment, 'refund', 3_000n));
    assert.equal(firstRefund.outcome, 'succeeded');
    assert.equal(secondRefund.outcome, 'succeeded');
    const overRefund = await harnessed.adapter.refund(operation(payment, 'refund', 1_001n));
    assert.equal(overRefund.outcome, 'declined');
    assert.equal(overRefund.gatewayCode, 'E0119');
    assert.equal(overRefund.gatewayOperationId, null);
    const view = await emulatorView(payment.gatewayTransactionId ?? '');
    assert.deepEqual({ authorised: view.authorised, captured: view.captured, refunded: view.refunded }, { authorised: '100.00', captured: '60.00', refunded: '50.00' });
    assert.deepEqual(
      view.operations.map((entry) => [entry.action, entry.amount]),
      [
        ['capture', '60.00'],
        ['refund', '20.00'],
        ['refund', '30.00'],
      ],
    );
  });

  it('cancels an authorisation, after which a capture is declined', async () => {
    const harnessed = harness();
    const payment = await authorised(harnessed, 4_550n);
    const voided = await harnessed.adapter.capabilities.void.void(operation(payment, 'void', 4_550n));
    assert.equal(voided.outcome, 'succeeded');
    const capture = await harnessed.adapter.capabilities.authorization.capture(operation(payment, 'capture', 100n));
    assert.equal(capture.outcome, 'declined');
    const view = await emulatorView(payment.gatewayTransactionId ?? '');
    assert.deepEqual({ cancelled: view.cancelled, captured: view.captured }, { cancelled: '45.50', captured: '0.00' });
  });

  it('declines the sandbox decline and insufficient-funds cards as data with the gateway code', async () => {
    const { adapter } = harness();
    const declined = await adapter.purchase(paymentRequest(DECLINED, 500n), recordingProgress());
    assert.deepEqual(
      { outcome: declined.outcome, status: declined.status, code: declined.gatewayCode, message: declined.gatewayMessage },
      { outcome: 'declined', status: 'declined', code: '10.106.0001', message: 'Do not honour' },
    );
    const poor = await adapter.purchase(paymentRequest(INSUFFICIENT, 500n), recordingProgress());
    assert.equal(poor.outcome, 'declined');
    assert.equal(poor.gatewayMessage, 'Insufficient funds');
  });

  it('declines a card whose expiry has passed', async () => {
    const { adapter } = harness();
    const result = await adapter.purchase(paymentRequest({ ...VISA_NO_3DS, expiryMonth: 1, expiryYear: 2020 }, 500n), recordingProgress());
    assert.equal(result.outcome, 'declined');
    assert.equal(result.gatewayMessage, 'Expired card');
  });

  it('asks for 3-D Secure on an e-commerce payment with a challenge card, never calling it success or failure', async () => {
    const { adapter } = harness();
    const request = paymentRequest(VISA_CHALLENGE, 900n, 'sale', false);
    const result = await adapter.purchase(request, recordingProgress());
    assert.deepEqual({ outcome: result.outcome, status: result.status }, { outcome: 'pending', status: 'requires_action' });
    assert.equal(result.pendingAction?.type, 'THREEDS_CHALLENGE');
    assert.ok(result.pendingAction?.url?.startsWith(`${sandbox.baseUrl}/sibs-spg/acs/`));
    const status = await adapter.sync(refOf(request, result));
    assert.deepEqual({ status: status.status, final: status.final }, { status: 'requires_action', final: false });
    const moto = await adapter.purchase(paymentRequest(VISA_CHALLENGE, 900n, 'sale', true), recordingProgress());
    assert.equal(moto.outcome, 'succeeded');
  });

  it('refuses wrong credentials with AuthenticationError and says so in testCredentials', async () => {
    const wrong = harness({ credentials: { authToken: 'not-the-token.at-all' } });
    await assert.rejects(wrong.adapter.purchase(paymentRequest(VISA_NO_3DS, 100n), recordingProgress()), AuthenticationError);
    assert.deepEqual((await wrong.adapter.testCredentials()).ok, false);
    const right = harness();
    assert.deepEqual(await right.adapter.testCredentials(), { ok: true, message: 'SIBS accepted the credentials' });
  });

  it('finds a refund by its merchant reference and answers null for one never sent', async () => {
    const harnessed = harness();
    const sale = paymentRequest(VISA_NO_3DS, 2_500n);
    const payment = refOf(sale, await harnessed.adapter.purchase(sale, recordingProgress()));
    const refund = operation(payment, 'refund', 1_000n);
    const refunded = await harnessed.adapter.refund(refund);
    const found = await harnessed.adapter.lookupOperation('refund', refund.merchantReference, payment);
    assert.equal(found?.outcome, 'succeeded');
    assert.equal(found?.gatewayOperationId, refunded.gatewayOperationId);
    assert.equal(await harnessed.adapter.lookupOperation('refund', `OP-${randomUUID()}`, payment), null);
    const purchase = await harnessed.adapter.lookupOperation('purchase', sale.merchantReference, payment);
    assert.equal(purchase?.gatewayTransactionId, payment.gatewayTransactionId);
  });

  it('leaves a purchase whose answer never came unknown (timeout), and sync finds it captured', async () => {
    const { adapter } = harness({ client: impatientHttp });
    const request = paymentRequest(HANGS, 700n);
    const progress = recordingProgress();
    await assert.rejects(adapter.purchase(request, progress), TimeoutError);
    const recorded = progress.recorded[0];
    assert.ok(recorded !== undefined);
    const status = await adapter.sync({ ...refOf(request, { gatewayTransactionId: recorded.id, gatewayData: recorded.data } as PaymentResult) });
    assert.deepEqual({ status: status.status, final: status.final }, { status: 'captured', final: true });
    const byReference = await adapter.sync({ ...refOf(request, { gatewayTransactionId: null, gatewayData: {} } as unknown as PaymentResult) });
    assert.equal(byReference.gatewayTransactionId, recorded.id);
  });

  it('reports a 503 from SIBS as a connection error with an unknown outcome', async () => {
    const { adapter } = harness();
    await assert.rejects(adapter.purchase(paymentRequest(UNAVAILABLE, 700n), recordingProgress()), ConnectionError);
  });

  it('settles a refund whose connection was reset after the gateway acted, by looking it up', async () => {
    const harnessed = harness();
    const sale = paymentRequest(VISA_NO_3DS, 3_000n);
    const payment = refOf(sale, await harnessed.adapter.purchase(sale, recordingProgress()));
    await control('/faults', { faults: [{ fault: 'reset', phase: 'after', method: 'POST', pathIncludes: '/refund' }] });
    const refund = operation(payment, 'refund', 3_000n);
    await assert.rejects(harnessed.adapter.refund(refund), ConnectionError);
    const found = await harnessed.adapter.lookupOperation('refund', refund.merchantReference, payment);
    assert.equal(found?.outcome, 'succeeded');
    assert.equal((await emulatorView(payment.gatewayTransactionId ?? '')).refunded, '30.00');
  });

  it('leaves an authorisation, a capture and a refund throttled after SIBS acted unknown, and finds each by lookup', async () => {
    const harnessed = harness();
    const throttledAfter = (pathIncludes: string) => control('/faults', { faults: [{ fault: 'http-429', phase: 'after', method: 'POST', pathIncludes }] });
    const throttled = (error: unknown) => error instanceof RateLimitedError && leavesOutcomeUnknown(error);

    const auth = paymentRequest(VISA_NO_3DS, 4_000n, 'auth');
    const progress = recordingProgress();
    await throttledAfter('/card/purchase');
    await assert.rejects(harnessed.adapter.capabilities.authorization.authorize(auth, progress), throttled);
    const recorded = progress.recorded[0];
    assert.ok(recorded !== undefined);
    const payment = refOf(auth, { gatewayTransactionId: recorded.id, gatewayData: recorded.data } as PaymentResult);
    const authorised = await harnessed.adapter.lookupOperation('authorize', auth.merchantReference, payment);
    assert.deepEqual([authorised?.outcome, authorised?.gatewayTransactionId], ['succeeded', recorded.id]);

    const capture = operation(payment, 'capture', 4_000n);
    await throttledAfter('/capture');
    await assert.rejects(harnessed.adapter.capabilities.authorization.capture(capture), throttled);
    assert.equal((await harnessed.adapter.lookupOperation('capture', capture.merchantReference, payment))?.outcome, 'succeeded');

    const refund = operation(payment, 'refund', 1_500n);
    await throttledAfter('/refund');
    await assert.rejects(harnessed.adapter.refund(refund), throttled);
    assert.equal((await harnessed.adapter.lookupOperation('refund', refund.merchantReference, payment))?.outcome, 'succeeded');
    assert.deepEqual([(await emulatorView(recorded.id)).captured, (await emulatorView(recorded.id)).refunded], ['40.00', '15.00']);
  });

  it('reads status answers in the seed-001 spelling (amount "5.50", merchantTransactionId) as well', async () => {
    await control('/settings', { statusAmountFormat: 'string', statusMerchantReferenceKey: 'merchantTransactionId' });
    try {
      const harnessed = harness();
      const sale = paymentRequest(VISA_NO_3DS, 550n);
      const payment = refOf(sale, await harnessed.adapter.purchase(sale, recordingProgress()));
      const refund = operation(payment, 'refund', 550n);
      await harnessed.adapter.refund(refund);
      assert.equal((await harnessed.adapter.sync(payment)).status, 'captured');
      assert.equal((await harnessed.adapter.lookupOperation('refund', refund.merchantReference, payment))?.outcome, 'succeeded');
    } finally {
      await control('/settings', { statusAmountFormat: 'number', statusMerchantReferenceKey: 'transactionId' });
    }
  });

  it('reads a refusal answered as HTTP 400 + E0119 as a decline too', async () => {
    await control('/settings', { refusalHttpStatus: 400 });
    try {
      const harnessed = harness();
      const sale = paymentRequest(VISA_NO_3DS, 1_000n);
      const payment = refOf(sale, await harnessed.adapter.purchase(sale, recordingProgress()));
      const overRefund = await harnessed.adapter.refund(operation(payment, 'refund', 1_001n));
      assert.deepEqual({ outcome: overRefund.outcome, code: overRefund.gatewayCode }, { outcome: 'declined', code: 'E0119' });
    } finally {
      await control('/settings', { refusalHttpStatus: 409 });
    }
  });

  it('sends a purchase whose merchant reference SIBS already knows to review, never to a decline', async () => {
    await control('/settings', { rejectDuplicateMerchantTransactionId: true });
    try {
      const { adapter } = harness();
      const sale = paymentRequest(VISA_NO_3DS, 1_000n);
      assert.equal((await adapter.purchase(sale, recordingProgress())).outcome, 'succeeded');
      await assert.rejects(adapter.purchase(sale, recordingProgress()), UnexpectedGatewayResponseError);
    } finally {
      await control('/settings', { rejectDuplicateMerchantTransactionId: false });
    }
  });

  it('sends originalTransaction at the top level or not at all when the profile says so', async () => {
    for (const placement of ['top-level', 'omit']) {
      const harnessed = harness({ options: { originalTransactionPlacement: placement } });
      const sale = paymentRequest(VISA_NO_3DS, 1_000n);
      const payment = refOf(sale, await harnessed.adapter.purchase(sale, recordingProgress()));
      assert.equal((await harnessed.adapter.refund(operation(payment, 'refund', 400n))).outcome, 'succeeded');
    }
  });

  it('keeps card numbers and security codes out of the wire log', () => {
    assert.ok(wireLog.length > 20);
    const logged = JSON.stringify(wireLog);
    for (const card of USED_CARDS) {
      assert.ok(!logged.includes(card.number), `PAN ${card.number.slice(-4)} leaked`);
      assert.ok(!new RegExp(`"secureCode\\\\?"\\s*:\\s*\\\\?"${card.cvv}`).test(logged), `CVV of ${card.number.slice(-4)} leaked`);
    }
    for (const run of logged.match(/\d{12,19}/g) ?? []) assert.ok(!luhnValid(run), 'a Luhn-valid digit run reached the wire log');
    const cardSteps = wireLog.filter((entry) => entry.url.endsWith('/card/purchase'));
    assert.ok(cardSteps.length > 0);
    for (const entry of cardSteps) {
      assert.equal(entry.requestHeaders['Authorization'], 'Digest [REDACTED]');
      assert.ok(entry.requestBody?.includes('"PAN":"[REDACTED]"'));
    }
  });
});
