/**
 * SIBS's asynchronous flows, stored cards, 3-D Secure continuation and webhooks: the adapter
 * against the emulator over real HTTP on 127.0.0.1. The emulator's clock is ours to move, so
 * approval windows and expiries pass without waiting.
 */
import { eventually } from '../helpers/eventually.ts';
import { sandboxAdapter } from '../helpers/sandbox-adapter.ts';
import { startWebhookReceiver, type Receiver } from '../helpers/webhook-receiver.ts';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AuthenticationError } from '../../electron/core/errors.ts';
import { sibsSpg } from '../../electron/core/gateways/sibs-spg/index.ts';
import type { SibsAdapter } from '../../electron/core/gateways/sibs-spg/adapter.ts';
import type {
  CallProgress,
  CardData,
  GatewayData,
  MandateRef,
  MandateResult,
  NotificationEvent,
  PaymentRef,
  PaymentResult,
  ProfileConfig,
} from '../../electron/core/gateways/types.ts';
import { createHttpClient, type PooledHttpClient, type WireRecord } from '../../electron/core/http/http-client.ts';
import { systemClock, type Clock } from '../../electron/core/ports.ts';
import { createSandboxServer, type SandboxServer } from '../../electron/core/sandbox/sandbox-server.ts';

const VISA_NO_3DS: CardData = { number: '4761340000000035', cvv: '536', expiryMonth: 12, expiryYear: 2031, holder: 'Joana Silva' };
const VISA_CHALLENGE: CardData = { number: '4176660000000100', cvv: '597', expiryMonth: 12, expiryYear: 2031, holder: 'Joana Silva' };
const CHALLENGE_EVEN_MOTO: CardData = { number: '4000000000003220', cvv: '123', expiryMonth: 12, expiryYear: 2031, holder: 'Joana Silva' };

/** Real time plus an offset the test moves forward. */
function movableClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms) => void (offset += ms) };
}

interface Harness {
  readonly adapter: SibsAdapter;
  readonly profile: ProfileConfig;
}

interface Sandbox {
  readonly server: SandboxServer;
  readonly clock: ReturnType<typeof movableClock>;
  harness(options?: Record<string, string | number | boolean>): Harness;
  control(path: string, body?: unknown, method?: 'GET' | 'POST'): Promise<{ status: number; body: Record<string, unknown> }>;
  act(action: string, id: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
}

const wireLog: WireRecord[] = [];
let http: PooledHttpClient;

async function startSandbox(): Promise<Sandbox> {
  const clock = movableClock();
  const server = await createSandboxServer({ definitions: [sibsSpg], clock, port: 0 });
  async function control(path: string, body?: unknown, method: 'GET' | 'POST' = body === undefined ? 'GET' : 'POST') {
    const response = await fetch(`${server.baseUrl}/control/sibs-spg${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
  return {
    server,
    clock,
    control,
    act: (action, id, body) => control(`/actions/${action}/${encodeURIComponent(id)}`, body ?? {}, 'POST'),
    harness: (options = {}) => sandboxAdapter(sibsSpg, server, http, options),
  };
}

function progress(): CallProgress & { recorded: Array<{ id: string; data: GatewayData }> } {
  const recorded: Array<{ id: string; data: GatewayData }> = [];
  return { recorded, recordGatewayReference: (id, data) => recorded.push({ id, data }) };
}

function refOf(result: PaymentResult, merchantReference: string, kind: 'sale' | 'auth', amountMinor: bigint): PaymentRef {
  return { gatewayTransactionId: result.gatewayTransactionId, merchantReference, kind, amountMinor, currency: 'EUR', gatewayData: result.gatewayData, createdAt: new Date() };
}

function reference(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

async function mbway(adapter: SibsAdapter, phone: string, amountMinor = 1_590n) {
  const merchantReference = reference('MBW');
  const result = await adapter.capabilities.mbway.request({ amountMinor, currency: 'EUR', merchantReference, description: 'Phone order', customer: { name: 'Rita Alves' }, phone }, progress());
  assert.ok(result);
  return { result, ref: refOf(result, merchantReference, 'sale', amountMinor) };
}

async function card(adapter: SibsAdapter, data: CardData, kind: 'sale' | 'auth', options: { moto?: boolean; storeCard?: boolean; amountMinor?: bigint } = {}) {
  const merchantReference = reference('CARD');
  const amountMinor = options.amountMinor ?? 3_000n;
  const request = { kind, amountMinor, currency: 'EUR', merchantReference, description: 'Order', card: data, customer: { name: data.holder }, moto: options.moto ?? true, storeCard: options.storeCard ?? false };
  const result = kind === 'sale' ? await adapter.purchase(request, progress()) : await adapter.capabilities.authorization.authorize(request, progress());
  return { result, ref: refOf(result, merchantReference, kind, amountMinor) };
}

function mandateRef(result: MandateResult): MandateRef {
  assert.ok(result.gatewayMandateId !== null && result.phone !== null);
  return { gatewayMandateId: result.gatewayMandateId, phone: result.phone, gatewayData: result.gatewayData };
}

before(() => {
  http = createHttpClient({ clock: systemClock, wireSink: { record: (entry) => void wireLog.push(entry) }, requestTimeoutMs: 5_000 });
});
after(() => http.close());

describe('SIBS flows against the emulator over HTTP', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(() => sandbox.server.close());

  it('MB WAY: pending until the customer approves, then captured', async () => {
    const { adapter } = sandbox.harness();
    const { result, ref } = await mbway(adapter, '351#912345678');
    assert.deepEqual([result.outcome, result.status, result.method], ['pending', 'pending', 'mbway']);
    assert.equal((await adapter.sync(ref)).status, 'pending');
    assert.deepEqual(await sandbox.server.emulator('sibs-spg').performCustomerAction?.('mbway.approve', result.gatewayTransactionId ?? ''), { ok: true, message: 'The customer approved the MB WAY request' });
    const status = await adapter.sync(ref);
    assert.deepEqual([status.status, status.final], ['captured', true]);
    const byReference = await adapter.sync({ ...ref, gatewayTransactionId: null });
    assert.equal(byReference.gatewayTransactionId, result.gatewayTransactionId);
  });

  it('MB WAY: the customer declines, with SIBS\'s MB WAY decline code', async () => {
    const { adapter } = sandbox.harness();
    const { result, ref } = await mbway(adapter, '351#912345678');
    assert.equal((await sandbox.act('mbway.decline', result.gatewayTransactionId ?? '')).status, 200);
    const status = await adapter.sync(ref);
    assert.deepEqual([status.status, status.final, status.gatewayCode], ['declined', true, '01.106.0004']);
    assert.equal((await sandbox.act('mbway.approve', result.gatewayTransactionId ?? '')).status, 409, 'a declined request cannot be approved');
  });

  it('MB WAY: nobody answers within the approval window, and it times out', async () => {
    const { adapter } = sandbox.harness();
    const { ref } = await mbway(adapter, '351#936000078');
    sandbox.clock.advance(4 * 60_000 + 1_000);
    const status = await adapter.sync(ref);
    assert.deepEqual([status.status, status.final, status.gatewayCode, status.gatewayMessage], ['expired', true, '999', 'Timeout']);
  });

  it('MB WAY scenario phones: ending 11 approves by itself, ending 999999 times out at once', async () => {
    const { adapter } = sandbox.harness();
    const approving = await mbway(adapter, '351#912000011');
    assert.equal(approving.result.status, 'pending');
    sandbox.clock.advance(3_500);
    assert.equal((await adapter.sync(approving.ref)).status, 'captured');
    const timeout = await mbway(adapter, '351#919999999');
    assert.deepEqual([timeout.result.outcome, timeout.result.status, timeout.result.gatewayMessage], ['failed', 'expired', 'Timeout'], 'an unanswered request expired; SIBS\'s "Please try again." is not passed on');
  });

  it('Multibanco: a 9-digit reference to read out, paid at the ATM, then refundable', async () => {
    const { adapter } = sandbox.harness();
    const merchantReference = reference('MB');
    const expiresAt = new Date(Date.now() + 48 * 3_600_000);
    const result = await adapter.capabilities.multibanco.generateReference({ amountMinor: 510n, currency: 'EUR', merchantReference, description: undefined, customer: {}, expiresAt }, progress());
    assert.ok(result);
    assert.deepEqual([result.outcome, result.status, result.method], ['pending', 'pending', 'multibanco']);
    assert.equal(result.instructions?.type, 'multibanco');
    assert.equal(result.instructions?.type === 'multibanco' ? result.instructions.entity : null, '24000');
    assert.match(result.instructions?.type === 'multibanco' ? result.instructions.reference : '', /^\d{9}$/);
    assert.equal(result.instructions?.amountMinor, 510n);
    assert.equal(result.instructions?.expiresAt?.getTime(), expiresAt.getTime());
    const ref = refOf(result, merchantReference, 'sale', 510n);
    assert.equal((await adapter.sync(ref)).status, 'pending');
    assert.equal((await sandbox.act('reference.pay', result.gatewayTransactionId ?? '')).body['ok'], true);
    assert.equal((await adapter.sync(ref)).status, 'captured');
    const refund = await adapter.refund({ payment: ref, kind: 'refund', amountMinor: 510n, currency: 'EUR', merchantReference: reference('RF'), reason: undefined });
    assert.equal(refund.outcome, 'succeeded');
  });

  it('Multibanco: unpaid at its finalDatetime, the reference expires and cannot be paid', async () => {
    const { adapter } = sandbox.harness();
    const merchantReference = reference('MB');
    const result = await adapter.capabilities.multibanco.generateReference({ amountMinor: 2_000n, currency: 'EUR', merchantReference, description: undefined, customer: {}, expiresAt: new Date(Date.now() + 3_600_000) }, progress());
    assert.ok(result);
    sandbox.clock.advance(2 * 3_600_000);
    const status = await adapter.sync(refOf(result, merchantReference, 'sale', 2_000n));
    assert.deepEqual([status.status, status.final], ['expired', true]);
    assert.equal((await sandbox.act('reference.pay', result.gatewayTransactionId ?? '')).status, 409);
  });

  it('mandate: create → approve → collect within the limit → refuse over it → cancel → refuse to collect', async () => {
    const { adapter } = sandbox.harness();
    const created = await adapter.capabilities.mandates.create({ merchantReference: reference('MDT'), phone: '351#936543210', customerName: 'Rita Alves', mandateType: 'SUBSCRIPTION' });
    assert.ok(created);
    assert.equal(created.status, 'pending');
    const ref = mandateRef(created);
    assert.equal((await adapter.capabilities.mandates.get(ref))?.status, 'pending');
    assert.equal((await sandbox.server.emulator('sibs-spg').performCustomerAction?.('mandate.approve', ref.gatewayMandateId))?.ok, true);
    const active = await adapter.capabilities.mandates.get(ref);
    assert.ok(active);
    assert.deepEqual([active.status, active.limitMinor, active.currency], ['active', 10_000n, 'EUR']);
    assert.ok((active.expiresAt?.getTime() ?? 0) > Date.now() + 360 * 86_400_000);
    assert.ok(active.gatewayData['mandateId']);

    const collect = (amountMinor: bigint) =>
      adapter.capabilities.storedCredentials.charge(
        { kind: 'sale', amountMinor, currency: 'EUR', merchantReference: reference('COL'), description: 'Monthly', credential: { type: 'mandate', value: ref.gatewayMandateId, gatewayData: active.gatewayData }, recurrence: 'recurring' },
        progress(),
      );
    const within = await collect(1_000n);
    assert.deepEqual([within?.outcome, within?.status, within?.method], ['succeeded', 'captured', 'mandate']);
    const over = await collect(10_001n);
    assert.deepEqual([over?.outcome, over?.status, over?.gatewayCode], ['declined', 'declined', 'E0119']);

    const cancelled = await adapter.capabilities.mandates.cancel(ref, reference('MDC'));
    assert.equal(cancelled?.status, 'cancelled');
    const afterCancel = await collect(100n);
    assert.equal(afterCancel?.outcome, 'declined');
    assert.equal((await adapter.capabilities.mandates.get(ref))?.status, 'cancelled');
  });

  it('mandate: the customer sets the limit and expiry through the control route; after expiry nothing is collected', async () => {
    const { adapter } = sandbox.harness();
    const created = await adapter.capabilities.mandates.create({ merchantReference: reference('MDT'), phone: '351#912345678', customerName: 'Rui Costa', mandateType: 'ONECLICK' });
    assert.ok(created);
    const ref = mandateRef(created);
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    assert.equal((await sandbox.act('mandate.approve', ref.gatewayMandateId, { limit: '25.00', currency: 'EUR', expiresAt })).status, 200);
    const active = await adapter.capabilities.mandates.get(ref);
    assert.deepEqual([active?.status, active?.limitMinor, active?.expiresAt?.toISOString()], ['active', 2_500n, expiresAt]);
    sandbox.clock.advance(2 * 86_400_000);
    assert.equal((await adapter.capabilities.mandates.get(ref))?.status, 'expired');
    const late = await adapter.capabilities.storedCredentials.charge(
      { kind: 'sale', amountMinor: 100n, currency: 'EUR', merchantReference: reference('COL'), description: undefined, credential: { type: 'mandate', value: ref.gatewayMandateId, gatewayData: created.gatewayData }, recurrence: 'unscheduled' },
      progress(),
    );
    assert.equal(late?.outcome, 'declined');
  });

  it('mandate: a declined mandate is declined', async () => {
    const { adapter } = sandbox.harness();
    const created = await adapter.capabilities.mandates.create({ merchantReference: reference('MDT'), phone: '351#912345678', customerName: 'Rui Costa', mandateType: 'SUBSCRIPTION' });
    assert.ok(created);
    await sandbox.act('mandate.decline', created.gatewayMandateId ?? '');
    assert.equal((await adapter.capabilities.mandates.get(mandateRef(created)))?.status, 'declined');
  });

  it('stored card: CIT with a token → MIT authorisation (RCRR) → capture; an MIT sale is captured at once', async () => {
    const { adapter } = sandbox.harness();
    const cit = await card(adapter, VISA_NO_3DS, 'sale', { storeCard: true });
    assert.equal(cit.result.status, 'captured');
    const token = cit.result.token;
    assert.ok(token);
    assert.deepEqual([token.brand, token.last4, token.expiryMonth, token.expiryYear], ['visa', '0035', 12, 2031]);
    assert.equal(cit.result.gatewayData['citTransactionId'], cit.result.gatewayTransactionId);
    assert.ok(cit.result.gatewayData['citTransactionDateTime']);
    const credential = { type: 'card-token' as const, value: token.value, gatewayData: cit.result.gatewayData };

    const merchantReference = reference('MIT');
    const mit = await adapter.capabilities.storedCredentials.charge({ kind: 'auth', amountMinor: 999n, currency: 'EUR', merchantReference, description: 'Monthly', credential, recurrence: 'recurring' }, progress());
    assert.ok(mit);
    assert.deepEqual([mit.outcome, mit.status], ['succeeded', 'authorized']);
    assert.notEqual(mit.gatewayTransactionId, cit.result.gatewayTransactionId);
    const sent = wireLog.find((entry) => entry.url.endsWith(`/payments/${cit.result.gatewayTransactionId ?? ''}/mit`));
    assert.match(sent?.requestBody ?? '', /"merchantInitiatedTransaction":\{"type":"RCRR"\}/);
    const capture = await adapter.capabilities.authorization.capture({ payment: refOf(mit, merchantReference, 'auth', 999n), kind: 'capture', amountMinor: 999n, currency: 'EUR', merchantReference: reference('CAP'), reason: undefined });
    assert.equal(capture.outcome, 'succeeded');
    const view = await sandbox.control(`/payments/${mit.gatewayTransactionId ?? ''}`);
    assert.deepEqual([view.body['captured'], view.body['citTransactionId']], ['9.99', cit.result.gatewayTransactionId]);

    const sale = await adapter.capabilities.storedCredentials.charge({ kind: 'sale', amountMinor: 500n, currency: 'EUR', merchantReference: reference('MIT'), description: undefined, credential, recurrence: 'unscheduled' }, progress());
    assert.deepEqual([sale?.outcome, sale?.status], ['succeeded', 'captured']);
    const lookedUp = await adapter.lookupOperation('mit', merchantReference, refOf(mit, merchantReference, 'auth', 999n));
    assert.equal(lookedUp?.gatewayTransactionId, mit.gatewayTransactionId);
  });

  it('stored card: an MIT on a cancelled token or on a cancelled CIT is refused and moves nothing', async () => {
    const { adapter } = sandbox.harness();
    const cit = await card(adapter, VISA_NO_3DS, 'sale', { storeCard: true });
    const token = cit.result.token;
    assert.ok(token);
    assert.equal((await sandbox.act('token.revoke', cit.result.gatewayTransactionId ?? '')).status, 200);
    const refused = await adapter.capabilities.storedCredentials.charge(
      { kind: 'sale', amountMinor: 100n, currency: 'EUR', merchantReference: reference('MIT'), description: undefined, credential: { type: 'card-token', value: token.value, gatewayData: cit.result.gatewayData }, recurrence: 'recurring' },
      progress(),
    );
    assert.deepEqual([refused?.outcome, refused?.gatewayCode, refused?.gatewayTransactionId], ['declined', 'E0119', null]);

    const auth = await card(adapter, VISA_NO_3DS, 'auth', { storeCard: true, amountMinor: 1_000n });
    assert.equal(auth.result.status, 'authorized');
    const voided = await adapter.capabilities.void.void({ payment: auth.ref, kind: 'void', amountMinor: 1_000n, currency: 'EUR', merchantReference: reference('VOID'), reason: undefined });
    assert.equal(voided.outcome, 'succeeded');
    const afterVoid = await adapter.capabilities.storedCredentials.charge(
      { kind: 'sale', amountMinor: 100n, currency: 'EUR', merchantReference: reference('MIT'), description: undefined, credential: { type: 'card-token', value: auth.result.token?.value ?? '', gatewayData: auth.result.gatewayData }, recurrence: 'unscheduled' },
      progress(),
    );
    assert.equal(afterVoid?.outcome, 'declined');
  });

  it('3-D Secure: Partial, the cardholder passes the challenge, continueAction completes the payment', async () => {
    const { adapter } = sandbox.harness();
    const first = await card(adapter, VISA_CHALLENGE, 'sale', { moto: false });
    assert.deepEqual([first.result.outcome, first.result.status], ['pending', 'requires_action']);
    const action = first.result.pendingAction;
    assert.ok(action?.url);
    // Through the ACS page, as a browser would.
    const acs = await fetch(action.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'password=123456' });
    assert.equal(acs.status, 200);
    const actionId = action.url.slice(action.url.lastIndexOf('/') + 1);
    const done = await adapter.capabilities.customerSteps.continueAction(first.ref, { id: actionId, type: action.type });
    assert.deepEqual([done?.outcome, done?.status], ['succeeded', 'captured']);

    // Through the sandbox tools, on a phone order with the card that always asks.
    const moto = await card(adapter, CHALLENGE_EVEN_MOTO, 'auth', { moto: true });
    assert.equal(moto.result.status, 'requires_action');
    const motoAction = moto.result.pendingAction;
    assert.ok(motoAction?.url);
    assert.equal((await sandbox.act('threeds.complete', moto.result.gatewayTransactionId ?? '')).status, 200);
    const motoDone = await adapter.capabilities.customerSteps.continueAction(moto.ref, { id: motoAction.url.slice(motoAction.url.lastIndexOf('/') + 1), type: motoAction.type });
    assert.deepEqual([motoDone?.outcome, motoDone?.status], ['succeeded', 'authorized']);
    assert.equal((await adapter.sync(moto.ref)).status, 'authorized');
  });

  it('3-D Secure: continuing without the cardholder passing the challenge declines', async () => {
    const { adapter } = sandbox.harness();
    const first = await card(adapter, VISA_CHALLENGE, 'sale', { moto: false });
    const url = first.result.pendingAction?.url ?? '';
    const done = await adapter.capabilities.customerSteps.continueAction(first.ref, { id: url.slice(url.lastIndexOf('/') + 1), type: 'THREEDS_CHALLENGE' });
    assert.deepEqual([done?.outcome, done?.gatewayMessage], ['declined', '3-D Secure authentication failed']);
  });

  it('lists the customer actions and every scenario, each labelled SIBS asset or ours', () => {
    const emulator = sandbox.server.emulator('sibs-spg');
    assert.deepEqual(
      emulator.customerActions?.map((action) => action.name),
      ['mbway.approve', 'mbway.decline', 'reference.pay', 'threeds.complete', 'token.revoke', 'mandate.approve', 'mandate.decline', 'mandate.cancel'],
    );
    for (const scenario of emulator.scenarios) assert.match(scenario.description, /SIBS|Sandbox scenario of this console/);
    assert.ok(emulator.scenarios.some((scenario) => scenario.card === null && scenario.name.startsWith('MB WAY')));
  });
});

// ---------- webhooks ----------


describe('SIBS webhooks from the emulator', () => {
  let sandbox: Sandbox;
  let harness: Harness;
  let receiver: Receiver;
  before(async () => {
    sandbox = await startSandbox();
    harness = sandbox.harness();
    receiver = await startWebhookReceiver(() => harness.adapter);
    sandbox.server.emulator('sibs-spg').setNotificationUrl?.(receiver.url);
    await sandbox.control('/settings', { webhookRetryTimeScale: 1 / 6_000 });
  });
  after(async () => {
    await sandbox.server.close();
    await receiver.close();
  });

  interface DeliveryView {
    id: string;
    state: string;
    attempts: Array<{ status: number | null; acknowledged: boolean }>;
  }

  async function deliveryOf(notificationId: string): Promise<DeliveryView | undefined> {
    const deliveries = (await sandbox.control('/webhooks')).body['deliveries'] as DeliveryView[];
    return deliveries.find((entry) => entry.id === notificationId);
  }

  async function acknowledged(notificationId: string): Promise<DeliveryView> {
    return eventually(async () => {
      const delivery = await deliveryOf(notificationId);
      return delivery?.state === 'acknowledged' ? delivery : undefined;
    }, `the acknowledgement of ${notificationId}`);
  }

  function eventsFor(transactionId: string | null): NotificationEvent[] {
    return receiver.received.flatMap((entry) => entry.events).filter((event) => event.gatewayTransactionId === transactionId);
  }

  it('delivers every status change encrypted, and parseNotification decrypts and maps it', async () => {
    const { result, ref } = await mbway(harness.adapter, '351#912345678', 1_590n);
    await sandbox.act('mbway.approve', result.gatewayTransactionId ?? '');
    const captured = await eventually(() => eventsFor(result.gatewayTransactionId).find((event) => event.status === 'captured'), 'the captured event');
    assert.equal(captured.subject, 'payment');
    assert.equal(captured.merchantReference, ref.merchantReference);
    assert.equal(captured.final, true);
    assert.match(captured.eventId, /^[0-9a-f-]{36}$/);
    assert.ok(captured.occurredAt instanceof Date);
    assert.ok(eventsFor(result.gatewayTransactionId).some((event) => event.status === 'pending'));
    const delivery = receiver.received.find((entry) => entry.events.includes(captured));
    assert.equal(delivery?.notification.headers['content-type'], 'application/json');
    assert.equal(Buffer.from(delivery?.notification.headers['x-initialization-vector'] ?? '', 'base64').length, 12);
    assert.equal(Buffer.from(delivery?.notification.headers['x-authentication-tag'] ?? '', 'base64').length, 16);
    await acknowledged(captured.eventId);
  });

  it('rejects a delivery whose tag was altered with AuthenticationError', async () => {
    const delivery = receiver.received.find((entry) => entry.rejected === null);
    assert.ok(delivery);
    const tag = Buffer.from(delivery.notification.headers['x-authentication-tag'] ?? '', 'base64');
    tag[0] = (tag[0] ?? 0) ^ 0x01;
    const forged = { ...delivery.notification, headers: { ...delivery.notification.headers, 'x-authentication-tag': tag.toString('base64') } };
    await assert.rejects(harness.adapter.capabilities.webhooks.parse(forged), AuthenticationError);
  });

  it('sends mandate, operation and token events', async () => {
    const created = await harness.adapter.capabilities.mandates.create({ merchantReference: reference('MDT'), phone: '351#912345678', customerName: 'Rita Alves', mandateType: 'SUBSCRIPTION' });
    await sandbox.act('mandate.approve', created?.gatewayMandateId ?? '');
    const active = await eventually(() => eventsFor(created?.gatewayMandateId ?? null).find((event) => event.mandateStatus === 'active'), 'the mandate event');
    assert.equal(active.subject, 'mandate');

    const cit = await card(harness.adapter, VISA_NO_3DS, 'sale', { storeCard: true });
    const refund = await harness.adapter.refund({ payment: cit.ref, kind: 'refund', amountMinor: 1_000n, currency: 'EUR', merchantReference: reference('RF'), reason: undefined });
    const operation = await eventually(() => eventsFor(refund.gatewayOperationId).find((event) => event.subject === 'operation'), 'the refund event');
    assert.equal(operation.final, true);
    const tokenEvent = await eventually(() => eventsFor(cit.result.gatewayTransactionId).find((event) => event.subject === 'token'), 'the token event');
    assert.equal(tokenEvent.token?.last4, '0035');
  });

  it('retries until the receiver acknowledges', async () => {
    receiver.failEveryFirst = 2;
    try {
      const { result } = await mbway(harness.adapter, '351#912345678', 700n);
      const pending = await eventually(() => eventsFor(result.gatewayTransactionId).find((event) => event.status === 'pending'), 'the pending event');
      const entry = await acknowledged(pending.eventId);
      assert.deepEqual(
        entry.attempts.map((attempt) => [attempt.status, attempt.acknowledged]),
        [
          [500, false],
          [500, false],
          [200, true],
        ],
      );
      assert.equal(receiver.received.filter((delivery) => delivery.events[0]?.eventId === pending.eventId).length, 3);
      assert.equal(entry.state, 'acknowledged');
    } finally {
      receiver.failEveryFirst = 0;
    }
  });

  it('accepts the "200" acknowledgement of the older DOC pages as well', async () => {
    const older = sandbox.harness({ webhookAckStatusCode: '200' });
    const previous = harness;
    harness = older;
    try {
      const { result } = await mbway(older.adapter, '351#912345678', 800n);
      const pending = await eventually(() => eventsFor(result.gatewayTransactionId).find((event) => event.status === 'pending'), 'the pending event');
      const delivery = await acknowledged(pending.eventId);
      assert.equal(delivery.attempts.length, 1);
    } finally {
      harness = previous;
    }
  });

  it('duplicates deliveries on request: the same notificationID arrives twice', async () => {
    await sandbox.control('/settings', { webhookDuplicate: true });
    try {
      const { result } = await mbway(harness.adapter, '351#912345678', 900n);
      const copies = await eventually(() => {
        const pending = eventsFor(result.gatewayTransactionId).filter((event) => event.status === 'pending');
        return pending.length >= 2 ? pending : undefined;
      }, 'two copies');
      assert.equal(copies[0]?.eventId, copies[1]?.eventId);
    } finally {
      await sandbox.control('/settings', { webhookDuplicate: false });
    }
  });

  it('reorders deliveries on request: the later Success arrives before the earlier Pending', async () => {
    await sandbox.control('/settings', { webhookReorder: true, webhookReorderWindowMs: 300 });
    try {
      const { result } = await mbway(harness.adapter, '351#912345678', 1_000n);
      await sandbox.act('mbway.approve', result.gatewayTransactionId ?? '');
      const order = await eventually(() => {
        const statuses = eventsFor(result.gatewayTransactionId).map((event) => event.status);
        return statuses.length >= 2 ? statuses : undefined;
      }, 'both events');
      assert.deepEqual(order, ['captured', 'pending']);
      const [captured, pending] = eventsFor(result.gatewayTransactionId);
      assert.ok((captured?.occurredAt?.getTime() ?? 0) >= (pending?.occurredAt?.getTime() ?? Infinity), 'occurredAt still tells which is newer');
    } finally {
      await sandbox.control('/settings', { webhookReorder: false });
    }
  });
});
