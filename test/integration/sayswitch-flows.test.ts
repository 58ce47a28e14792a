/**
 * Sayswitch's flows, the adapter against the emulator over real HTTP on 127.0.0.1: card charges
 * through the OTP read out and through the hosted 3-D Secure page, declines, bank transfers paid
 * through the sandbox's control API, verify, full refunds, payload encryption on and off, signed
 * webhooks into a small receiver, and the key checks.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { AuthenticationError, InvalidRequestError, leavesOutcomeUnknown, NotSupportedError, TimeoutError, ValidationError } from '../../electron/core/errors.ts';
import { sayswitch } from '../../electron/core/gateways/sayswitch/index.ts';
import type { SayswitchAdapter } from '../../electron/core/gateways/sayswitch/adapter.ts';
import type { CallProgress, CardData, IncomingNotification, PaymentRef, PaymentResult, ProfileConfig } from '../../electron/core/gateways/types.ts';
import { createHttpClient, type PooledHttpClient, type WireRecord } from '../../electron/core/http/http-client.ts';
import type { Clock } from '../../electron/core/ports.ts';
import { createSandboxServer, type SandboxServer } from '../../electron/core/sandbox/sandbox-server.ts';

const MASTERCARD_3DS: CardData = { number: '5204730000002449', cvv: '244', expiryMonth: 12, expiryYear: 2035, holder: 'Ada Obi' };
const VISA_OTP: CardData = { number: '4111111111111111', cvv: '123', expiryMonth: 5, expiryYear: 2034, holder: 'Ada Obi' };
const DECLINED: CardData = { ...VISA_OTP, number: '4000000000000002' };
const TIMES_OUT: CardData = { ...VISA_OTP, number: '4000000000000259' };

function movableClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms) => void (offset += ms) };
}

const wireLog: WireRecord[] = [];
let http: PooledHttpClient;
let sandbox: SandboxServer;
let clock: ReturnType<typeof movableClock>;

before(async () => {
  http = createHttpClient({ clock: { now: () => new Date() }, wireSink: { record: (entry) => void wireLog.push(entry) }, requestTimeoutMs: 5_000 });
  clock = movableClock();
  sandbox = await createSandboxServer({ definitions: [sayswitch], clock, port: 0 });
});
after(async () => {
  await sandbox.close();
  await http.close();
});

async function control(path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${sandbox.baseUrl}/control/sayswitch${path}`, { method: body === undefined ? 'GET' : 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

interface Harness {
  readonly adapter: SayswitchAdapter;
  readonly credentials: Record<string, string>;
}

function harness(options: Record<string, string | number | boolean> = {}, client: PooledHttpClient = http): Harness {
  const generated = sandbox.emulator('sayswitch').sandboxProfile();
  const profile: ProfileConfig = { id: randomUUID(), name: 'Sayswitch sandbox', gatewayId: 'sayswitch', environment: 'sandbox', baseUrl: `${sandbox.baseUrl}${generated.baseUrlPath}`, options: { ...generated.options, ...options } };
  const adapter = sayswitch.createAdapter({
    profile,
    secret: async (field) => {
      const value = generated.credentials[field];
      if (value === undefined) throw new AuthenticationError(`No ${field}`);
      return value;
    },
    http: client.withContext({ gatewayId: 'sayswitch', paymentId: null, operationId: null }),
    clock,
  });
  return { adapter, credentials: generated.credentials };
}

function progress(): CallProgress {
  return { recordGatewayReference: () => undefined };
}

function reference(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

async function charge(adapter: SayswitchAdapter, card: CardData, merchantReference = reference('MOTO')): Promise<{ result: PaymentResult; ref: PaymentRef }> {
  const request = { kind: 'sale' as const, amountMinor: 1_000n, currency: 'NGN', merchantReference, description: 'Phone order', card, customer: { name: card.holder, email: 'ada@example.ng' }, moto: true, storeCard: false };
  const result = await adapter.purchase(request, progress());
  return { result, ref: { gatewayTransactionId: result.gatewayTransactionId, merchantReference, kind: 'sale', amountMinor: 1_000n, currency: 'NGN', gatewayData: result.gatewayData, createdAt: new Date() } };
}

function actionOf(result: PaymentResult, otp?: string): { id: string; type: string; otp?: string } {
  assert.ok(result.pendingAction);
  return { id: result.pendingAction.id ?? '', type: result.pendingAction.type, ...(otp === undefined ? {} : { otp }) };
}

describe('Sayswitch flows against the emulator over HTTP', () => {
  it('charges with the OTP the customer reads out: requires action, then captured with fees reported apart', async () => {
    const { adapter } = harness();
    const { result, ref } = await charge(adapter, VISA_OTP);
    assert.deepEqual([result.outcome, result.status, result.pendingAction?.type], ['pending', 'requires_action', 'OTP']);
    assert.match(result.pendingAction?.id ?? '', /^\d+$/);
    const done = await adapter.capabilities.customerSteps.continueAction(ref, actionOf(result, '123456'));
    assert.deepEqual([done?.outcome, done?.status], ['succeeded', 'captured']);
    assert.equal(done?.gatewayData['requestedAmount'], '10.00');
    assert.equal(done?.gatewayData['fees'], '0.12');
    assert.equal(done?.gatewayData['chargedAmount'], '10.12');
    const sent = wireLog.filter((entry) => entry.url.endsWith('/api/s2s/test/encryption')).at(-1);
    assert.ok(sent?.requestBody);
    assert.doesNotMatch(sent.requestBody, /4111111111111111|"cvv":"123"/, 'the wire log never holds the card');
    assert.equal(wireLog.filter((entry) => entry.url.endsWith('/api/s2s/test/encryption')).at(-1)?.responseBody, '[ENCRYPTED]');
  });

  it('declines on a wrong OTP', async () => {
    const { adapter } = harness();
    const { result, ref } = await charge(adapter, VISA_OTP);
    const done = await adapter.capabilities.customerSteps.continueAction(ref, actionOf(result, '000000'));
    assert.deepEqual([done?.outcome, done?.status, done?.gatewayMessage], ['declined', 'declined', 'Invalid OTP']);
    assert.equal((await adapter.sync(ref)).status, 'declined');
  });

  it('charges through the hosted 3-D Secure page: the customer enters the code, verify says captured', async () => {
    const { adapter } = harness();
    const { result, ref } = await charge(adapter, MASTERCARD_3DS);
    assert.equal(result.pendingAction?.type, 'OTP_PAGE');
    const pageUrl = result.pendingAction?.url ?? '';
    const page = await fetch(pageUrl);
    assert.match(await page.text(), /One-time code from your bank/);
    assert.equal((await adapter.sync(ref)).status, 'requires_action', 'still waiting for the customer');
    const submitted = await fetch(pageUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'otp=123456' });
    assert.match(await submitted.text(), /Payment successful/);
    const done = await adapter.capabilities.customerSteps.continueAction(ref, actionOf(result));
    assert.deepEqual([done?.outcome, done?.status], ['succeeded', 'captured']);
    const status = await adapter.sync(ref);
    assert.deepEqual([status.status, status.final, status.pendingAction], ['captured', true, null]);
  });

  it('hands over the issuer challenge form, whose page completes the payment too', async () => {
    const { adapter } = harness({ authenticationPage: 'challenge-form' });
    const { result, ref } = await charge(adapter, MASTERCARD_3DS);
    assert.equal(result.pendingAction?.type, 'THREEDS');
    assert.equal(result.pendingAction?.parameters[0]?.name, 'creq');
    const challenge = await fetch(result.pendingAction?.url ?? '', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(result.pendingAction?.parameters.map(({ name, value }) => [name, value]) ?? []).toString() });
    assert.match(await challenge.text(), /name="otp"/);
    const outcome = await control(`/actions/otp.complete/${encodeURIComponent(ref.merchantReference)}`, {});
    assert.equal(outcome.status, 200);
    assert.equal((await adapter.sync(ref)).status, 'captured');
  });

  it('declines a card the issuer refuses at initialize', async () => {
    const { adapter } = harness();
    const { result } = await charge(adapter, DECLINED);
    assert.deepEqual([result.outcome, result.status, result.gatewayMessage], ['declined', 'declined', 'Insufficient funds']);
  });

  it('reads a decline answered as HTTP 200 with status false the same way', async () => {
    await control('/settings', { declineHttpStatus: 200 });
    try {
      const { result } = await charge(harness().adapter, DECLINED);
      assert.deepEqual([result.outcome, result.gatewayCode], ['declined', '200']);
    } finally {
      await control('/settings', { declineHttpStatus: 422 });
    }
  });

  it('resolves a charge whose answer never came by verify: pending, then failed when the window ends', async () => {
    const impatient = createHttpClient({ clock, wireSink: { record: () => undefined }, requestTimeoutMs: 600 });
    try {
      const { adapter } = harness({}, impatient);
      const merchantReference = reference('MOTO');
      await assert.rejects(charge(adapter, TIMES_OUT, merchantReference), TimeoutError);
      const payment: PaymentRef = { gatewayTransactionId: merchantReference, merchantReference, kind: 'sale', amountMinor: 1_000n, currency: 'NGN', gatewayData: { channel: 'card' }, createdAt: new Date() };
      assert.equal((await adapter.lookupOperation('purchase', merchantReference, payment))?.outcome, 'pending');
      clock.advance(16 * 60_000);
      await control('/tick', {});
      assert.equal((await adapter.sync(payment)).status, 'declined');
      assert.equal(await adapter.lookupOperation('purchase', reference('NEVER'), payment), null);
    } finally {
      await impatient.close();
    }
  });

  it('opens a bank-transfer account, marked paid through the control API, then verify says captured', async () => {
    const { adapter } = harness();
    const merchantReference = reference('BT');
    const result = await adapter.capabilities.bankTransfer.request({ amountMinor: 2_500_000n, currency: 'NGN', merchantReference, description: undefined, customer: { email: 'ada@example.ng' } }, progress());
    assert.equal(result?.status, 'pending');
    assert.equal(result?.instructions?.type, 'bank_transfer');
    if (result?.instructions?.type !== 'bank_transfer') return;
    assert.deepEqual([result.instructions.bankName, result.instructions.accountName, result.instructions.amountMinor], ['Wema Bank', 'SAYSWITCH', 2_500_000n]);
    assert.match(result.instructions.accountNumber, /^\d{10}$/);
    const payment: PaymentRef = { gatewayTransactionId: merchantReference, merchantReference, kind: 'sale', amountMinor: 2_500_000n, currency: 'NGN', gatewayData: result.gatewayData, createdAt: new Date() };
    assert.equal((await adapter.sync(payment)).status, 'pending');
    const paid = await control(`/transfers/${encodeURIComponent(merchantReference)}/pay`, {});
    assert.equal(paid.status, 200);
    const status = await adapter.sync(payment);
    assert.deepEqual([status.status, status.final], ['captured', true]);
    const imported = await adapter.capabilities.imports.fetchTransaction({ merchantReference });
    assert.deepEqual([imported?.method, imported?.amountMinor, imported?.outcome], ['bank_transfer', 2_500_000n, 'succeeded']);
  });

  it('refunds a payment in full (pending, then settled), refuses a partial refund and a second one', async () => {
    const { adapter } = harness();
    const { result, ref } = await charge(adapter, VISA_OTP);
    const paid = await adapter.capabilities.customerSteps.continueAction(ref, actionOf(result, '123456'));
    const payment = { ...ref, gatewayData: paid?.gatewayData ?? {} };
    const operation = (amountMinor: bigint) => ({ payment, kind: 'refund' as const, amountMinor, currency: 'NGN', merchantReference: reference('RF'), reason: undefined });
    await assert.rejects(adapter.refund(operation(400n)), NotSupportedError);
    const refund = await adapter.refund(operation(1_000n));
    assert.equal(refund.outcome, 'pending');
    assert.match(refund.gatewayOperationId ?? '', /^RF_/);
    assert.equal((await adapter.lookupOperation('refund', 'RF-x', payment))?.outcome, 'pending');
    clock.advance(3_000);
    await control('/tick', {});
    const settled = await adapter.lookupOperation('refund', 'RF-x', payment);
    assert.deepEqual([settled?.outcome, settled?.gatewayOperationId], ['succeeded', refund.gatewayOperationId]);
    await assert.rejects(adapter.refund(operation(1_000n)), /duplicate/i);
  });

  it('knows no refund of a payment that was never refunded', async () => {
    const { adapter } = harness();
    const { result, ref } = await charge(adapter, VISA_OTP);
    await adapter.capabilities.customerSteps.continueAction(ref, actionOf(result, '123456'));
    assert.equal(await adapter.lookupOperation('refund', 'RF-none', ref), null);
  });
});

describe('Sayswitch USSD against the emulator', () => {
  const BANKS: Record<string, string> = { GTB: 'Guaranty Trust Bank', ZIB: 'Zenith Bank', UBA: 'United Bank for Africa' };
  function ussdRequest(code: string, merchantReference = reference('USSD')) {
    return { amountMinor: 750_000n, currency: 'NGN', merchantReference, description: undefined, customer: { email: 'ada@example.ng' }, bank: { code, name: BANKS[code] ?? code } };
  }
  function paymentOf(result: PaymentResult, merchantReference: string): PaymentRef {
    return { gatewayTransactionId: result.gatewayTransactionId, merchantReference, kind: 'sale', amountMinor: 750_000n, currency: 'NGN', gatewayData: result.gatewayData, createdAt: new Date() };
  }

  it('lists the banks, hands over the code to dial, and is captured once the customer approves', async () => {
    const { adapter } = harness();
    const banks = await adapter.capabilities.ussd.listBanks();
    assert.ok(banks?.some((bank) => bank.code === 'GTB' && bank.name === 'Guaranty Trust Bank'));
    const merchantReference = reference('USSD');
    const result = await adapter.capabilities.ussd.request(ussdRequest('GTB', merchantReference), progress());
    assert.deepEqual([result?.outcome, result?.status, result?.method], ['pending', 'pending', 'ussd']);
    assert.ok(result?.instructions?.type === 'ussd');
    assert.match(result.instructions.code, /^\*737\*000\*\d{4}#$/);
    assert.equal(result.instructions.bankName, 'Guaranty Trust Bank');
    assert.equal((result.instructions.expiresAt?.getTime() ?? 0) - clock.now().getTime() <= 3 * 60_000, true);
    const payment = paymentOf(result, merchantReference);
    assert.equal((await adapter.sync(payment)).status, 'pending');
    assert.equal((await control(`/actions/ussd.pay/${encodeURIComponent(merchantReference)}`, {})).status, 200);
    const status = await adapter.sync(payment);
    assert.deepEqual([status.status, status.final], ['captured', true]);
    assert.ok(wireLog.some((entry) => entry.url.endsWith('/api/s2s/v1/ussd/verify')), 'followed by the USSD verify endpoint');
  });

  it('ends as declined when the code expires unpaid', async () => {
    const { adapter } = harness();
    const merchantReference = reference('USSD');
    const result = await adapter.capabilities.ussd.request(ussdRequest('ZIB', merchantReference), progress());
    assert.ok(result);
    clock.advance(3 * 60_000 + 1_000);
    const status = await adapter.sync(paymentOf(result, merchantReference));
    assert.deepEqual([status.status, status.final, status.gatewayMessage?.includes('expired')], ['declined', true, true]);
  });

  it('refuses a USSD payment in another currency than naira before asking for a code', async () => {
    const { adapter } = harness();
    const before = wireLog.length;
    await assert.rejects(adapter.capabilities.ussd.request({ ...ussdRequest('GTB'), currency: 'USD' }, progress()) ?? Promise.resolve(), ValidationError);
    assert.equal(wireLog.length, before);
  });

  it('works with payload encryption on: the USSD calls are S2S', async () => {
    await control('/settings', { payloadEncryption: true });
    try {
      const { adapter } = harness();
      const before = wireLog.length;
      const merchantReference = reference('USSD');
      const result = await adapter.capabilities.ussd.request(ussdRequest('UBA', merchantReference), progress());
      assert.ok(result?.instructions?.type === 'ussd');
      assert.equal((await adapter.sync(paymentOf(result, merchantReference))).status, 'pending');
      for (const entry of wireLog.slice(before)) assert.equal(entry.responseBody, '{"data":"[ENCRYPTED]"}', entry.url);
    } finally {
      await control('/settings', { payloadEncryption: false });
    }
  });
});

describe('Sayswitch hosted checkout on the emulator', () => {
  let merchant: Harness;
  before(() => {
    merchant = harness({ cardVerifyEndpoint: 'v1' });
  });
  async function initialize(path: string, body: Record<string, unknown>): Promise<{ status: number; body: { success?: boolean; data?: Record<string, string> } }> {
    const { credentials } = merchant;
    const response = await fetch(`${sandbox.baseUrl}/sayswitch${path}`, { method: 'POST', headers: { authorization: `Bearer ${credentials['secretKey'] ?? ''}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as { success?: boolean; data?: Record<string, string> } };
  }

  it('initializes a checkout with a generated SSW_ reference, and verify reports it paid once the customer pays', async () => {
    const created = await initialize('/api/v1/transaction/initialize', { email: 'ada@example.ng', amount: '10.00', currency: 'NGN', callback: 'https://merchant.example/return' });
    assert.equal(created.status, 200);
    const data = created.body.data ?? {};
    assert.match(data['reference'] ?? '', /^SSW_\d+$/);
    assert.ok(data['access_code'] && data['payer_id']);
    const page = await fetch(data['authorization_url'] ?? '');
    assert.match(await page.text(), /checkout/);
    const ref: PaymentRef = { gatewayTransactionId: data['reference'] ?? '', merchantReference: data['reference'] ?? '', kind: 'sale', amountMinor: 1_000n, currency: 'NGN', gatewayData: { channel: 'card' }, createdAt: new Date() };
    const { adapter } = merchant;
    assert.equal((await adapter.sync(ref)).status, 'pending');
    assert.equal((await control(`/actions/checkout.pay/${encodeURIComponent(ref.merchantReference)}`, {})).status, 200);
    assert.equal((await adapter.sync(ref)).status, 'captured');
  });

  it('keeps a reference the merchant gives, and the wallet variant needs its wallet_code', async () => {
    const merchantReference = reference('CHK');
    const created = await initialize('/api/v1/transaction/initialize', { email: 'ada@example.ng', amount: '10.00', currency: 'NGN', callback: 'https://merchant.example/return', reference: merchantReference });
    assert.equal(created.body.data?.['reference'], merchantReference);
    assert.equal((await initialize('/api/v1/transaction/initialize/wallet', { email: 'ada@example.ng', amount: '10.00', currency: 'NGN', callback: 'https://merchant.example/return' })).status, 400);
    const wallet = await initialize('/api/v1/transaction/initialize/wallet', { email: 'ada@example.ng', amount: '10.00', currency: 'NGN', callback: 'https://merchant.example/return', wallet_code: 'WAL_1' });
    assert.equal(wallet.status, 200);
    assert.equal((await initialize('/api/v1/transaction/initialize', { email: 'ada@example.ng', amount: '10.00', currency: 'NGN' })).status, 400, 'callback is required');
  });
});

describe('Sayswitch payload encryption against the emulator', () => {
  it('charges, verifies and refunds with encryption on at both ends, and the wire carries only ciphertext', async () => {
    await control('/settings', { payloadEncryption: true });
    try {
      const { adapter } = harness();
      assert.equal((await adapter.testCredentials()).ok, true);
      const before = wireLog.length;
      const { result, ref } = await charge(adapter, VISA_OTP);
      const done = await adapter.capabilities.customerSteps.continueAction(ref, actionOf(result, '123456'));
      assert.equal(done?.status, 'captured');
      const s2s = wireLog.slice(before).filter((entry) => entry.url.includes('/api/s2s/'));
      assert.ok(s2s.length >= 3);
      for (const entry of s2s) {
        if (entry.requestBody !== null) assert.equal(entry.requestBody, '{"data":"[ENCRYPTED]"}');
        assert.equal(entry.responseBody, '{"data":"[ENCRYPTED]"}');
      }
      // The OTP step lives outside /api/s2s/ and is not said to be encrypted (INFERRED default at both ends).
      const otpStep = wireLog.slice(before).find((entry) => entry.url.includes('cardotp'));
      assert.match(otpStep?.requestBody ?? '', /"otp"/);
      assert.match(otpStep?.responseBody ?? '', /"status":true/);
      assert.equal((await adapter.refund({ payment: ref, kind: 'refund', amountMinor: 1_000n, currency: 'NGN', merchantReference: reference('RF'), reason: undefined })).outcome, 'pending');
    } finally {
      await control('/settings', { payloadEncryption: false });
    }
  });

  it('encrypts the 3-D Secure and OTP link steps when both ends say so', async () => {
    await control('/settings', { payloadEncryption: true, encryptedLinkSteps: true });
    try {
      const { adapter } = harness();
      const before = wireLog.length;
      const { result, ref } = await charge(adapter, VISA_OTP);
      assert.equal((await adapter.capabilities.customerSteps.continueAction(ref, actionOf(result, '123456')))?.status, 'captured');
      const threeDs = await charge(adapter, MASTERCARD_3DS);
      assert.equal(threeDs.result.status, 'requires_action');
      const links = wireLog.slice(before).filter((entry) => entry.url.includes('cardotp') || entry.url.includes('3ds2auth'));
      assert.equal(links.length, 2);
      for (const entry of links) assert.deepEqual([entry.requestBody, entry.responseBody], ['{"data":"[ENCRYPTED]"}', '{"data":"[ENCRYPTED]"}']);
    } finally {
      await control('/settings', { payloadEncryption: false, encryptedLinkSteps: false });
    }
  });

  it('leaves a 3-D Secure charge unknown, never failed, when the link step is encrypted one way and read the other', async () => {
    await control('/settings', { payloadEncryption: true });
    try {
      await assert.rejects(charge(harness({ encryptLinkSteps: true }).adapter, MASTERCARD_3DS), (error) => leavesOutcomeUnknown(error) && /3-D Secure/.test(String(error)));
    } finally {
      await control('/settings', { payloadEncryption: false });
    }
  });

  it('refuses plaintext when the merchant has encryption on, and ciphertext when it is off', async () => {
    await control('/settings', { payloadEncryption: true });
    try {
      await assert.rejects(charge(harness({ payloadEncryption: false }).adapter, VISA_OTP), (error) => error instanceof InvalidRequestError && /Payload encryption is enabled/.test(error.message));
    } finally {
      await control('/settings', { payloadEncryption: false });
    }
    await assert.rejects(charge(harness({ payloadEncryption: true }).adapter, VISA_OTP), (error) => error instanceof InvalidRequestError && /not enabled/.test(error.message));
  });
});

describe('Sayswitch keys', () => {
  it('refuses a live key on a test profile before it is stored, and the sandbox refuses one with 403', async () => {
    assert.match(sayswitch.descriptor.checkCredential?.('secretKey', 'sk_live_abcdef0123456789', 'sandbox') ?? '', /live key/);
    const adapter = sayswitch.createAdapter({
      profile: { id: 'p', name: 'x', gatewayId: 'sayswitch', environment: 'sandbox', baseUrl: `${sandbox.baseUrl}/sayswitch`, options: {} },
      secret: async () => 'sk_live_abcdef0123456789',
      http: http.withContext({ gatewayId: 'sayswitch', paymentId: null, operationId: null }),
      clock,
    });
    const outcome = await adapter.testCredentials();
    assert.equal(outcome.ok, false);
    assert.match(outcome.message, /HTTP 403/);
    const unknown = await harness().adapter.testCredentials();
    assert.equal(unknown.ok, true);
  });
});

describe('Sayswitch webhooks from the emulator', () => {
  let receiver: Server;
  const received: IncomingNotification[] = [];
  let answerStatus = 200;

  before(async () => {
    receiver = createServer((request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers[name] = value;
        received.push({ headers, rawBody: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(answerStatus, { 'content-type': 'text/plain' });
        response.end(answerStatus === 200 ? 'OK' : 'NO');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    sandbox.emulator('sayswitch').setNotificationUrl?.(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/notifications/p`);
  });
  after(async () => {
    sandbox.emulator('sayswitch').setNotificationUrl?.(null);
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  async function deliveriesSettle(count: number): Promise<void> {
    for (let attempt = 0; attempt < 100 && received.length < count; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  it('delivers a signed payment.success the adapter accepts and confirms by verify', async () => {
    received.length = 0;
    const { adapter } = harness();
    const { result, ref } = await charge(adapter, VISA_OTP);
    await adapter.capabilities.customerSteps.continueAction(ref, actionOf(result, '123456'));
    await deliveriesSettle(1);
    const delivery = received.at(-1);
    assert.ok(delivery);
    assert.match(delivery.headers['payloadsignature'] ?? '', /^[0-9a-f]{128}$/);
    const outcome = await adapter.capabilities.webhooks.parse(delivery);
    assert.equal(outcome?.acknowledgement.status, 200);
    const [event] = outcome?.events ?? [];
    assert.deepEqual([event?.gatewayTransactionId, event?.status, event?.final], [ref.merchantReference, 'captured', true]);
    assert.match(event?.eventId ?? '', /^evt_[0-9a-f]+:payment\.success$/);
  });

  it('rejects a webhook with a bad signature', async () => {
    const { adapter } = harness();
    const delivery = received.at(-1);
    assert.ok(delivery);
    await assert.rejects(adapter.capabilities.webhooks.parse({ headers: { ...delivery.headers, payloadsignature: '0'.repeat(128) }, rawBody: delivery.rawBody }), AuthenticationError);
    await assert.rejects(adapter.capabilities.webhooks.parse({ headers: delivery.headers, rawBody: delivery.rawBody.replace('"success"', '"failed"') }), AuthenticationError);
  });

  it('delivers again until acknowledged with 200, and twice when the duplicate switch is on', async () => {
    received.length = 0;
    answerStatus = 500;
    await control('/settings', { webhookRetryBaseMs: 20, webhookDuplicate: true });
    try {
      const { adapter } = harness();
      const { result, ref } = await charge(adapter, VISA_OTP);
      await adapter.capabilities.customerSteps.continueAction(ref, actionOf(result, '000000'));
      await deliveriesSettle(2);
      answerStatus = 200;
      await deliveriesSettle(4);
      const mine = received.filter((delivery) => delivery.rawBody.includes(ref.merchantReference));
      assert.ok(mine.length >= 4, `expected retries of both copies, got ${mine.length}`);
      const ids = new Set(await Promise.all(mine.map(async (delivery) => (await adapter.capabilities.webhooks.parse(delivery))?.events[0]?.eventId)));
      assert.equal(ids.size, 1, 'every copy and retry names the same event');
      const [event] = (await adapter.capabilities.webhooks.parse(mine[0] as IncomingNotification))?.events ?? [];
      assert.equal(event?.status, 'declined');
    } finally {
      answerStatus = 200;
      await control('/settings', { webhookRetryBaseMs: 1_000, webhookDuplicate: false });
    }
  });
});
