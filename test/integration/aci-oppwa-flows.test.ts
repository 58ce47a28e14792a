/**
 * OPPWA's flows, the adapter against the emulator over real HTTP on 127.0.0.1: payments,
 * back-office operations and §3's 700.* rules, registrations and MIT, 3-D Secure through the
 * sandbox ACS, the status rate limit, lookups by merchantTransactionId, chargebacks, and the
 * encrypted webhooks (retried, duplicated, reordered) into a small receiver.
 */
import { eventually } from '../helpers/eventually.ts';
import { startWebhookReceiver, type Receiver } from '../helpers/webhook-receiver.ts';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AuthenticationError, InvalidRequestError } from '../../electron/core/errors.ts';
import { aciOppwa } from '../../electron/core/gateways/aci-oppwa/index.ts';
import type { OppwaAdapter } from '../../electron/core/gateways/aci-oppwa/adapter.ts';
import type { CallProgress, CallRateLedger, CardData, GatewayData, NotificationEvent, PaymentRef, PaymentResult, ProfileConfig } from '../../electron/core/gateways/types.ts';
import { createHttpClient, type PooledHttpClient, type WireRecord } from '../../electron/core/http/http-client.ts';
import type { Clock } from '../../electron/core/ports.ts';
import { createSandboxServer, type SandboxServer } from '../../electron/core/sandbox/sandbox-server.ts';
import type { Ledger } from '../../electron/core/ledger/port.ts';
import { openSqliteLedgerPort } from '../../electron/core/ledger/sqlite-port.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const VISA: CardData = { number: '4200000000000000', cvv: '123', expiryMonth: 5, expiryYear: 2034, holder: 'Ana Lopes' };
const VISA_3DS: CardData = { number: '4711100000000000', cvv: '123', expiryMonth: 5, expiryYear: 2034, holder: 'Ana Lopes' };
const MASTER: CardData = { number: '5232105022907162', cvv: '123', expiryMonth: 5, expiryYear: 2034, holder: 'Ana Lopes' };

/** Real time plus an offset the test moves forward; shared by the emulator and the adapter. */
function movableClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms) => void (offset += ms) };
}

interface Harness {
  readonly adapter: OppwaAdapter;
  readonly profile: ProfileConfig;
  readonly credentials: Record<string, string>;
}

interface Sandbox {
  readonly server: SandboxServer;
  readonly clock: ReturnType<typeof movableClock>;
  harness(options?: Record<string, string | number | boolean>, shopperResultUrl?: string | null, rateLedger?: CallRateLedger): Harness;
  control(path: string, body?: unknown, method?: 'GET' | 'POST'): Promise<{ status: number; body: Record<string, unknown> }>;
  act(action: string, id: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
}

const run = promisify(execFile);
const wireLog: WireRecord[] = [];
const openLedgers: Ledger[] = [];

/** A ledger file (a new one unless given) as one process opens it; closed after the tests. */
function openRateLedger(file = join(mkdtempSync(join(tmpdir(), 'oppwa-rate-')), 'ledger.sqlite')): CallRateLedger {
  const ledger = openSqliteLedgerPort(file);
  openLedgers.push(ledger);
  return ledger.callRates;
}
let http: PooledHttpClient;

before(() => {
  http = createHttpClient({ clock: { now: () => new Date() }, wireSink: { record: (entry) => void wireLog.push(entry) }, requestTimeoutMs: 5_000 });
});
after(async () => {
  await http.close();
  for (const ledger of openLedgers) await ledger.close();
});

async function startSandbox(): Promise<Sandbox> {
  const clock = movableClock();
  const server = await createSandboxServer({ definitions: [aciOppwa], clock, port: 0 });
  async function control(path: string, body?: unknown, method: 'GET' | 'POST' = body === undefined ? 'GET' : 'POST') {
    const response = await fetch(`${server.baseUrl}/control/aci-oppwa${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
  return {
    server,
    clock,
    control,
    act: (action, id, body) => control(`/actions/${action}/${encodeURIComponent(id)}`, body ?? {}, 'POST'),
    harness(options = {}, shopperResultUrl = 'https://merchant.example/return', rateLedger) {
      const generated = server.emulator('aci-oppwa').sandboxProfile();
      const profile: ProfileConfig = {
        id: randomUUID(),
        name: 'OPPWA sandbox',
        gatewayId: 'aci-oppwa',
        environment: 'sandbox',
        baseUrl: `${server.baseUrl}${generated.baseUrlPath}`,
        options: { ...generated.options, ...options },
      };
      const adapter = aciOppwa.createAdapter({
        profile,
        shopperResultUrl,
        secret: async (field) => {
          const value = generated.credentials[field];
          if (value === undefined) throw new AuthenticationError(`No ${field}`);
          return value;
        },
        http: http.withContext({ gatewayId: 'aci-oppwa', paymentId: null, operationId: null }),
        clock,
        ...(rateLedger ? { rateLedger } : {}),
      });
      return { adapter, profile, credentials: generated.credentials };
    },
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

async function card(adapter: OppwaAdapter, data: CardData, kind: 'sale' | 'auth', options: { storeCard?: boolean; amountMinor?: bigint; merchantReference?: string } = {}) {
  const merchantReference = options.merchantReference ?? reference('CARD');
  const amountMinor = options.amountMinor ?? 9_200n;
  const request = { kind, amountMinor, currency: 'EUR', merchantReference, description: 'Phone order', card: data, customer: { name: data.holder, email: 'ana@example.com' }, moto: true, storeCard: options.storeCard ?? false };
  const result = kind === 'sale' ? await adapter.purchase(request, progress()) : await adapter.capabilities.authorization.authorize(request, progress());
  return { result, ref: refOf(result, merchantReference, kind, amountMinor) };
}

function operation(payment: PaymentRef, kind: 'capture' | 'refund' | 'void' | 'rebill', amountMinor: bigint) {
  return { payment, kind, amountMinor, currency: 'EUR', merchantReference: reference(kind.toUpperCase()), reason: undefined };
}

describe('OPPWA flows against the emulator over HTTP', () => {
  let sandbox: Sandbox;
  let harness: Harness;
  before(async () => {
    sandbox = await startSandbox();
    harness = sandbox.harness();
  });
  after(async () => {
    await sandbox.server.close();
  });

  it('debits a card (DB): captured, with the simulator\'s test-mode code and a 32-hex id', async () => {
    const { result } = await card(harness.adapter, VISA, 'sale');
    assert.equal(result.outcome, 'succeeded');
    assert.equal(result.status, 'captured');
    assert.equal(result.gatewayCode, '000.100.110');
    assert.match(result.gatewayTransactionId ?? '', /^[0-9a-f]{32}$/);
    const sent = wireLog.filter((entry) => entry.method === 'POST' && entry.url.endsWith('/v1/payments')).at(-1);
    assert.ok(sent?.requestBody);
    const form = new URLSearchParams(sent.requestBody);
    assert.equal(form.get('amount'), '92.00');
    assert.equal(form.get('paymentType'), 'DB');
    assert.equal(form.get('paymentBrand'), 'VISA');
    assert.equal(form.get('card.expiryMonth'), '05');
    assert.equal(form.get('card.expiryYear'), '2034');
    assert.equal(form.get('card.number'), '[REDACTED]', 'the wire log never holds the card number');
    assert.equal(form.get('card.cvv'), '[REDACTED]');
  });

  it('declines as data: card.holder set to a result code forces that rejection', async () => {
    const { result } = await card(harness.adapter, { ...VISA, holder: '800.100.153' }, 'sale');
    assert.equal(result.outcome, 'declined');
    assert.equal(result.status, 'declined');
    assert.equal(result.gatewayCode, '800.100.153');
  });

  it('pre-authorises, captures part, and refuses a second capture with a 700.* code', async () => {
    const { result, ref } = await card(harness.adapter, MASTER, 'auth', { amountMinor: 10_000n });
    assert.equal(result.status, 'authorized');
    const first = await harness.adapter.capabilities.authorization.capture(operation(ref, 'capture', 6_000n));
    assert.equal(first.outcome, 'succeeded');
    assert.match(first.gatewayOperationId ?? '', /^[0-9a-f]{32}$/);
    assert.notEqual(first.gatewayOperationId, ref.gatewayTransactionId, 'a capture is a transaction of its own');
    const second = await harness.adapter.capabilities.authorization.capture(operation(ref, 'capture', 1_000n));
    assert.equal(second.outcome, 'declined');
    assert.match(second.gatewayCode ?? '', /^700\./);
  });

  it('refunds a captured authorisation in parts up to the captured total, and refuses the over-refund', async () => {
    const { ref } = await card(harness.adapter, VISA, 'auth', { amountMinor: 10_000n });
    const capture = await harness.adapter.capabilities.authorization.capture(operation(ref, 'capture', 8_000n));
    assert.equal(capture.outcome, 'succeeded');
    const first = await harness.adapter.refund(operation(ref, 'refund', 3_000n));
    const second = await harness.adapter.refund(operation(ref, 'refund', 5_000n));
    assert.deepEqual([first.outcome, second.outcome], ['succeeded', 'succeeded']);
    const over = await harness.adapter.refund(operation(ref, 'refund', 1n));
    assert.equal(over.outcome, 'declined');
    assert.equal(over.gatewayCode, '700.400.200');
    const view = await sandbox.control(`/transactions/${capture.gatewayOperationId ?? ''}`);
    assert.equal(view.body['refundable'], '0');
  });

  it('refunds a debit in two parts, then refuses to reverse it (700.400.300)', async () => {
    const { ref } = await card(harness.adapter, VISA, 'sale', { amountMinor: 5_000n });
    assert.equal((await harness.adapter.refund(operation(ref, 'refund', 2_000n))).outcome, 'succeeded');
    assert.equal((await harness.adapter.refund(operation(ref, 'refund', 3_000n))).outcome, 'succeeded');
    const reversal = await harness.adapter.capabilities.void.void(operation(ref, 'void', 5_000n));
    assert.equal(reversal.outcome, 'declined');
    assert.equal(reversal.gatewayCode, '700.400.300');
  });

  it('reverses a pre-authorisation; a capture after it is refused', async () => {
    const { ref } = await card(harness.adapter, VISA, 'auth');
    const reversal = await harness.adapter.capabilities.void.void(operation(ref, 'void', 9_200n));
    assert.equal(reversal.outcome, 'succeeded');
    const sent = wireLog.filter((entry) => entry.method === 'POST' && entry.url.endsWith(`/v1/payments/${ref.gatewayTransactionId ?? ''}`)).at(-1);
    assert.equal(new URLSearchParams(sent?.requestBody ?? '').get('amount'), null, 'a reversal carries no amount');
    const capture = await harness.adapter.capabilities.authorization.capture(operation(ref, 'capture', 9_200n));
    assert.equal(capture.outcome, 'declined');
    assert.equal(capture.gatewayCode, '700.400.100');
  });

  it('refuses operations on unknown, rejected and pending references with their 700.* codes', async () => {
    const unknown = await harness.adapter.refund(operation({ ...(await card(harness.adapter, VISA, 'sale')).ref, gatewayTransactionId: 'f'.repeat(32) }, 'refund', 100n));
    assert.equal(unknown.gatewayCode, '700.400.580');
    const declined = await card(harness.adapter, { ...VISA, holder: '800.100.151' }, 'sale');
    const onRejected = await harness.adapter.refund(operation(declined.ref, 'refund', 100n));
    assert.equal(onRejected.gatewayCode, '700.300.200');
    const pending = await card(harness.adapter, VISA_3DS, 'auth');
    const onPending = await harness.adapter.capabilities.authorization.capture(operation(pending.ref, 'capture', 100n));
    assert.equal(onPending.gatewayCode, '700.400.570');
    const refundOfPa = await card(harness.adapter, VISA, 'auth');
    const notCaptured = await harness.adapter.refund({ ...operation(refundOfPa.ref, 'refund', 100n), payment: { ...refundOfPa.ref, kind: 'sale' } });
    assert.equal(notCaptured.gatewayCode, '700.400.520');
  });

  it('rebills a debit (RB), and the rebill is a new transaction referencing it', async () => {
    const { ref } = await card(harness.adapter, VISA, 'sale', { amountMinor: 2_500n });
    const rebill = await harness.adapter.capabilities.rebill.rebill(operation(ref, 'rebill', 1_500n));
    assert.equal(rebill?.outcome, 'succeeded');
    const view = await sandbox.control(`/transactions/${rebill?.gatewayOperationId ?? ''}`);
    assert.equal(view.body['paymentType'], 'RB');
    assert.equal(view.body['referencedId'], ref.gatewayTransactionId);
  });

  it('stores the card on a CIT and charges it later as an MIT with the standing instruction', async () => {
    const cit = await card(harness.adapter, VISA, 'sale', { storeCard: true });
    assert.equal(cit.result.outcome, 'succeeded');
    const token = cit.result.token;
    assert.ok(token);
    assert.match(token.value, /^[0-9a-f]{32}$/);
    assert.deepEqual({ brand: token.brand, last4: token.last4, month: token.expiryMonth, year: token.expiryYear }, { brand: 'visa', last4: '0000', month: 5, year: 2034 });
    assert.equal(cit.result.gatewayData['initialTransactionId'], cit.result.gatewayTransactionId);
    assert.equal(cit.result.gatewayData['registrationId'], token.value);
    const citForm = new URLSearchParams(wireLog.filter((entry) => entry.url.endsWith('/v1/payments')).at(-1)?.requestBody ?? '');
    assert.deepEqual(
      ['createRegistration', 'standingInstruction.mode', 'standingInstruction.type', 'standingInstruction.source'].map((key) => citForm.get(key)),
      ['true', 'INITIAL', 'UNSCHEDULED', 'CIT'],
    );

    const merchantReference = reference('MIT');
    const mit = await harness.adapter.capabilities.storedCredentials.charge(
      { kind: 'sale', amountMinor: 1_999n, currency: 'EUR', merchantReference, description: undefined, credential: { type: 'card-token', value: token.value, gatewayData: cit.result.gatewayData }, recurrence: 'unscheduled' },
      progress(),
    );
    assert.equal(mit?.outcome, 'succeeded');
    assert.equal(mit?.status, 'captured');
    const view = await sandbox.control(`/transactions/${mit?.gatewayTransactionId ?? ''}`);
    assert.deepEqual(view.body['standingInstruction'], { mode: 'REPEATED', type: 'UNSCHEDULED', source: 'MIT', initialTransactionId: cit.result.gatewayTransactionId });
    assert.equal(new URL(wireLog.at(-1)?.url ?? 'http://x').pathname.includes(token.value), false, 'the registration id is redacted from the logged URL');
  });

  it('refuses an MIT on a deleted registration with 100.150.202', async () => {
    const cit = await card(harness.adapter, VISA, 'sale', { storeCard: true });
    const registrationId = cit.result.token?.value ?? '';
    const deleted = await fetch(`${harness.profile.baseUrl}/v1/registrations/${registrationId}?entityId=${String(harness.profile.options['entityId'])}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${harness.credentials['accessToken'] ?? ''}` },
    });
    assert.equal(deleted.status, 200);
    const mit = await harness.adapter.capabilities.storedCredentials.charge(
      { kind: 'sale', amountMinor: 1_000n, currency: 'EUR', merchantReference: reference('MIT'), description: undefined, credential: { type: 'card-token', value: registrationId, gatewayData: cit.result.gatewayData }, recurrence: 'recurring' },
      progress(),
    );
    assert.equal(mit?.outcome, 'declined');
    assert.equal(mit?.gatewayCode, '100.150.202');
  });

  it('3-D Secure: pending with a redirect, the ACS completes it, the query gives the final status', async () => {
    const { result, ref } = await card(harness.adapter, VISA_3DS, 'auth');
    assert.equal(result.outcome, 'pending');
    assert.equal(result.status, 'requires_action');
    assert.equal(result.gatewayCode, '000.200.000');
    const action = result.pendingAction;
    assert.ok(action?.url);
    assert.equal(action.type, 'REDIRECT');
    assert.equal(action.method, 'POST');
    assert.deepEqual(action.parameters.map((parameter) => parameter.name).sort(), ['MD', 'PaReq', 'TermUrl']);

    const before = await harness.adapter.sync(ref);
    assert.equal(before.status, 'requires_action');
    const form = new URLSearchParams(action.parameters.map((parameter) => [parameter.name, parameter.value]));
    const page = await fetch(action.url, { method: 'POST', body: form, redirect: 'manual' });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Authenticate/);
    const done = await fetch(action.url, { method: 'POST', body: new URLSearchParams({ decision: 'authenticate' }), redirect: 'manual' });
    assert.equal(done.status, 302);
    const back = new URL(done.headers.get('location') ?? '');
    assert.equal(back.origin + back.pathname, 'https://merchant.example/return');
    assert.equal(back.searchParams.get('resourcePath'), `/v1/payments/${ref.gatewayTransactionId ?? ''}`);

    const final = await harness.adapter.sync(ref);
    assert.deepEqual([final.status, final.final, final.gatewayCode], ['authorized', true, '000.100.110']);
  });

  it('3-D Secure: a failed authentication declines; an abandoned session times out with 100.396.103', async () => {
    const failed = await card(harness.adapter, VISA_3DS, 'sale');
    assert.equal((await sandbox.act('threeds.fail', failed.result.gatewayTransactionId ?? '')).status, 200);
    const declined = await harness.adapter.sync(failed.ref);
    assert.deepEqual([declined.status, declined.gatewayCode], ['declined', '800.400.200']);

    const abandoned = await card(harness.adapter, VISA_3DS, 'sale');
    sandbox.clock.advance(30 * 60_000 + 1_000);
    const expired = await harness.adapter.sync(abandoned.ref);
    assert.deepEqual([expired.status, expired.final, expired.gatewayCode], ['expired', true, '100.396.103']);
  });

  it('rejects a request the platform cannot read with InvalidRequestError naming the fields', async () => {
    const noEntity = sandbox.harness({ entityId: 'a'.repeat(32) });
    await assert.rejects(card(noEntity.adapter, VISA, 'sale'), AuthenticationError);
    const noReturn = sandbox.harness({}, null);
    await assert.rejects(card(noReturn.adapter, VISA_3DS, 'sale'), (error: unknown) => error instanceof InvalidRequestError && error.gatewayCode === '200.300.404' && error.fields?.['shopperResultUrl'] !== undefined);
  });

  it('looks up a payment and an operation by merchantTransactionId; an unknown reference is null', async () => {
    const merchantReference = reference('LOOK');
    const { ref } = await card(harness.adapter, VISA, 'sale', { merchantReference });
    const found = await harness.adapter.lookupOperation('purchase', merchantReference, { ...ref, gatewayTransactionId: null });
    assert.equal(found?.outcome, 'succeeded');
    assert.equal(found?.gatewayTransactionId, ref.gatewayTransactionId);
    const refund = operation(ref, 'refund', 1_000n);
    await harness.adapter.refund(refund);
    const refundFound = await harness.adapter.lookupOperation('refund', refund.merchantReference, ref);
    assert.equal(refundFound?.outcome, 'succeeded');
    assert.equal(await harness.adapter.lookupOperation('refund', reference('NEVER'), ref), null);
    const bySync = await harness.adapter.sync({ ...ref, gatewayTransactionId: null });
    assert.equal(bySync.gatewayTransactionId, ref.gatewayTransactionId);
  });

  it('answers the credentials check', async () => {
    assert.deepEqual((await harness.adapter.testCredentials()).ok, true);
    const wrong = sandbox.harness();
    const broken = aciOppwa.createAdapter({
      profile: wrong.profile,
      secret: async () => 'bm90LWEtdG9rZW4=',
      http: http.withContext({ gatewayId: 'aci-oppwa', paymentId: null, operationId: null }),
      clock: sandbox.clock,
    });
    assert.equal((await broken.testCredentials()).ok, false);
  });

  it('keeps to 2 status calls per minute per transaction: the emulator answers 429 to a third, the adapter never sends one', async () => {
    const direct = await card(harness.adapter, VISA, 'sale');
    const id = direct.result.gatewayTransactionId ?? '';
    const statusUrl = `${harness.profile.baseUrl}/v1/payments/${id}?entityId=${String(harness.profile.options['entityId'])}`;
    const headers = { authorization: `Bearer ${harness.credentials['accessToken'] ?? ''}` };
    const statuses = [];
    for (let call = 0; call < 3; call += 1) statuses.push((await fetch(statusUrl, { headers })).status);
    assert.deepEqual(statuses, [200, 200, 429]);

    const limited = sandbox.harness({ statusEndpoint: 'payments' }, undefined, openRateLedger());
    const { ref } = await card(limited.adapter, VISA, 'sale');
    // Counted by position, not by the id in the URL: the wire log blanks any Luhn-valid run of 12+
    // digits, which a random hex id holds now and then.
    const syncsStart = wireLog.length;
    for (let call = 0; call < 6; call += 1) assert.equal((await limited.adapter.sync(ref)).status, 'captured');
    const calls = await sandbox.control(`/status-calls/${ref.gatewayTransactionId ?? ''}`);
    assert.deepEqual(calls.body, { served: 2, refused: 0 });
    const queries = wireLog.slice(syncsStart).filter((entry) => entry.url.includes('/v1/query/'));
    assert.equal(queries.length, 4, 'the calls past the budget went to the unlimited query');
    sandbox.clock.advance(61_000);
    await limited.adapter.sync(ref);
    assert.deepEqual((await sandbox.control(`/status-calls/${ref.gatewayTransactionId ?? ''}`)).body, { served: 3, refused: 0 });
  });

  it('two processes on one ledger share the status budget: together they never send a third status call in a minute', async () => {
    const ledgerFile = join(mkdtempSync(join(tmpdir(), 'oppwa-rate-')), 'ledger.sqlite');
    const one = sandbox.harness({ statusEndpoint: 'payments' }, undefined, openRateLedger(ledgerFile));
    const { ref } = await card(one.adapter, VISA, 'sale');
    const id = ref.gatewayTransactionId ?? '';
    const input = JSON.stringify({
      ledgerFile,
      profile: one.profile,
      credentials: one.credentials,
      payment: { ...ref, amountMinor: ref.amountMinor.toString() },
      clockOffsetMs: sandbox.clock.now().getTime() - Date.now(),
    });
    const otherProcess = async () => {
      const { stdout } = await run(process.execPath, [fileURLToPath(new URL('../helpers/oppwa-status-process.ts', import.meta.url)), input]);
      return JSON.parse(stdout) as { status: string; urls: string[] };
    };
    const wirePath = (url: string) => new URL(url).pathname.replace(/^.*\/aci-oppwa/, '');
    const sent: string[] = [];
    const own = async () => {
      const from = wireLog.length;
      assert.equal((await one.adapter.sync(ref)).status, 'captured');
      sent.push(...wireLog.slice(from).map((entry) => wirePath(entry.url)));
    };
    const other = async () => {
      const answer = await otherProcess();
      assert.equal(answer.status, 'captured');
      sent.push(...answer.urls.map((url) => `other:${wirePath(url)}`));
    };
    await own();
    await other();
    await own();
    await other();
    assert.deepEqual((await sandbox.control(`/status-calls/${id}`)).body, { served: 2, refused: 0 });
    assert.deepEqual(sent, [`/v1/payments/${id}`, `other:/v1/payments/${id}`, `/v1/query/${id}`, `other:/v1/query/${id}`], 'at the limit both read the query instead');
  });

  it('reads the query when OPPWA throttles a status call the ledger allowed (a client outside the ledger spent the budget)', async () => {
    const limited = sandbox.harness({ statusEndpoint: 'payments' }, undefined, openRateLedger());
    const { ref } = await card(limited.adapter, VISA, 'sale');
    const id = ref.gatewayTransactionId ?? '';
    const statusUrl = `${limited.profile.baseUrl}/v1/payments/${id}?entityId=${String(limited.profile.options['entityId'])}`;
    for (let call = 0; call < 2; call += 1) assert.equal((await fetch(statusUrl, { headers: { authorization: `Bearer ${limited.credentials['accessToken'] ?? ''}` } })).status, 200);
    assert.equal((await limited.adapter.sync(ref)).status, 'captured');
    assert.deepEqual((await sandbox.control(`/status-calls/${id}`)).body, { served: 2, refused: 1 });
  });

  it('lists its customer actions and scenarios', () => {
    const emulator = sandbox.server.emulator('aci-oppwa');
    assert.deepEqual(emulator.customerActions?.map((action) => action.name), ['threeds.complete', 'threeds.fail', 'chargeback.book', 'chargeback.reverse']);
    assert.ok(emulator.scenarios.some((scenario) => scenario.card === '4200000000000000'));
  });
});

// ---------- webhooks ----------


describe('OPPWA webhooks from the emulator', () => {
  let sandbox: Sandbox;
  let harness: Harness;
  let receiver: Receiver;
  before(async () => {
    sandbox = await startSandbox();
    harness = sandbox.harness();
    receiver = await startWebhookReceiver(() => harness.adapter);
    sandbox.server.emulator('aci-oppwa').setNotificationUrl?.(receiver.url);
    await sandbox.control('/settings', { webhookRetryTimeScale: 1 / 12_000 });
  });
  after(async () => {
    await sandbox.server.close();
    await receiver.close();
  });

  function eventsFor(gatewayId: string | null): NotificationEvent[] {
    return receiver.received.flatMap((entry) => entry.events).filter((event) => event.gatewayTransactionId === gatewayId);
  }

  it('delivers each transaction encrypted, and parseNotification decrypts and maps it', async () => {
    const { result, ref } = await card(harness.adapter, VISA, 'sale');
    const event = await eventually(() => eventsFor(result.gatewayTransactionId)[0], 'the payment event');
    assert.deepEqual([event.subject, event.status, event.final, event.merchantReference], ['payment', 'captured', true, ref.merchantReference]);
    assert.ok(event.occurredAt instanceof Date);
    assert.equal(event.eventId, `PAYMENT:CREATED:${result.gatewayTransactionId ?? ''}:000.100.110:${event.occurredAt.toISOString().slice(0, 19).replace('T', ' ')}+0000`);
    const delivery = receiver.received.find((entry) => entry.events.includes(event));
    assert.match(delivery?.notification.rawBody ?? '', /^[0-9A-F]+$/);
    assert.equal(Buffer.from(delivery?.notification.headers['x-initialization-vector'] ?? '', 'hex').length, 12);
    assert.equal(Buffer.from(delivery?.notification.headers['x-authentication-tag'] ?? '', 'hex').length, 16);
  });

  it('rejects a delivery whose tag was altered with AuthenticationError', async () => {
    const delivery = receiver.received.find((entry) => entry.rejected === null);
    assert.ok(delivery);
    const tag = Buffer.from(delivery.notification.headers['x-authentication-tag'] ?? '', 'hex');
    tag[0] = (tag[0] ?? 0) ^ 0x01;
    const forged = { ...delivery.notification, headers: { ...delivery.notification.headers, 'x-authentication-tag': tag.toString('hex') } };
    await assert.rejects(harness.adapter.capabilities.webhooks.parse(forged), AuthenticationError);
  });

  it('books a chargeback and its reversal through the control API, each as an operation event', async () => {
    const { result } = await card(harness.adapter, VISA, 'sale', { amountMinor: 4_000n });
    const booked = await sandbox.control(`/chargebacks/${result.gatewayTransactionId ?? ''}`, { amount: '15.00', code: '000.100.220' });
    assert.equal(booked.status, 200);
    const chargeback = await eventually(() => eventsFor(String(booked.body['id'])).find((event) => event.operationKind === 'chargeback'), 'the chargeback event');
    assert.deepEqual(
      [chargeback.subject, chargeback.referencedGatewayId, chargeback.amountMinor, chargeback.currency, chargeback.gatewayCode, chargeback.final, chargeback.status],
      ['operation', result.gatewayTransactionId, 1_500n, 'EUR', '000.100.220', true, null],
    );
    const refund = await harness.adapter.refund(operation(refOf(result, 'x', 'sale', 4_000n), 'refund', 100n));
    assert.equal(refund.gatewayCode, '700.300.600', 'a chargebacked transaction cannot be refunded');
    const reversed = await sandbox.act('chargeback.reverse', result.gatewayTransactionId ?? '');
    assert.equal(reversed.status, 200);
    const reversal = await eventually(() => receiver.received.flatMap((entry) => entry.events).find((event) => event.operationKind === 'chargeback_reversal' && event.referencedGatewayId === booked.body['id']), 'the reversal event');
    assert.equal(reversal.subject, 'operation');
  });

  it('sends capture, refund and registration events with what the console needs', async () => {
    const { ref } = await card(harness.adapter, VISA, 'auth', { amountMinor: 3_000n, storeCard: true });
    const capture = await harness.adapter.capabilities.authorization.capture(operation(ref, 'capture', 2_000n));
    const captured = await eventually(() => eventsFor(capture.gatewayOperationId)[0], 'the capture event');
    assert.deepEqual([captured.subject, captured.operationKind, captured.referencedGatewayId, captured.amountMinor], ['operation', 'capture', ref.gatewayTransactionId, 2_000n]);
    const token = await eventually(() => receiver.received.flatMap((entry) => entry.events).find((event) => event.subject === 'token' && event.token?.value === ref.gatewayData['registrationId']), 'the registration event');
    assert.equal(token.token?.last4, '0000');
  });

  it('retries a delivery until the receiver answers 200', async () => {
    receiver.failEveryFirst = 2;
    try {
      const { result } = await card(harness.adapter, VISA, 'sale', { amountMinor: 700n });
      const event = await eventually(() => eventsFor(result.gatewayTransactionId)[0], 'the first attempt');
      const delivery = await eventually(async () => {
        const deliveries = (await sandbox.control('/webhooks')).body['deliveries'] as Array<{ label: string; state: string; attempts: Array<{ status: number | null }> }>;
        const found = deliveries.find((entry) => entry.label.includes(result.gatewayTransactionId ?? '-'));
        return found?.state === 'acknowledged' ? found : undefined;
      }, 'the acknowledgement');
      assert.deepEqual(delivery.attempts.map((attempt) => attempt.status), [500, 500, 200]);
      assert.equal(receiver.received.filter((entry) => entry.events[0]?.eventId === event.eventId).length, 3);
    } finally {
      receiver.failEveryFirst = 0;
    }
  });

  it('duplicates a delivery on request: both copies carry the same event id', async () => {
    await sandbox.control('/settings', { webhookDuplicate: true });
    try {
      const { result } = await card(harness.adapter, VISA, 'sale', { amountMinor: 800n });
      const copies = await eventually(() => {
        const events = eventsFor(result.gatewayTransactionId);
        return events.length >= 2 ? events : undefined;
      }, 'two copies');
      assert.equal(copies[0]?.eventId, copies[1]?.eventId);
    } finally {
      await sandbox.control('/settings', { webhookDuplicate: false });
    }
  });

  it('reorders deliveries on request: the final 3-D Secure event arrives before the pending one, and timestamps still order them', async () => {
    await sandbox.control('/settings', { webhookReorder: true, webhookReorderWindowMs: 300 });
    try {
      const { result } = await card(harness.adapter, VISA_3DS, 'sale', { amountMinor: 900n });
      sandbox.clock.advance(2_000);
      await sandbox.act('threeds.complete', result.gatewayTransactionId ?? '');
      const events = await eventually(() => {
        const found = eventsFor(result.gatewayTransactionId);
        return found.length >= 2 ? found : undefined;
      }, 'both events');
      assert.deepEqual(events.map((event) => event.status), ['captured', 'requires_action']);
      assert.ok((events[0]?.occurredAt?.getTime() ?? 0) > (events[1]?.occurredAt?.getTime() ?? Infinity), 'occurredAt tells which is newer');
      assert.notEqual(events[0]?.eventId, events[1]?.eventId);
    } finally {
      await sandbox.control('/settings', { webhookReorder: false });
    }
  });
});
