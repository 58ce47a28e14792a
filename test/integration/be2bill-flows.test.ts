/**
 * Be2bill's flows, the adapter against the emulator over real HTTP on 127.0.0.1: authorization,
 * partial capture and refunds with the emulator's own refusals, same-day cancellations, the HASH,
 * ALIAS one-click and subscription charges, N-times schedules on the sandbox clock and
 * stopntimes, notifications (bad HASH, before the answer, retried until OK), host failover,
 * getTransactions lookups, CSV exports to a loopback callback, and 3-D Secure through the ACS page.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AuthenticationError, ValidationError } from '../../electron/core/errors.ts';
import { signedNotificationForm } from '../../electron/core/gateways/be2bill/emulator/platform-form.ts';
import { be2bill } from '../../electron/core/gateways/be2bill/index.ts';
import type { Be2billAdapter } from '../../electron/core/gateways/be2bill/adapter.ts';
import { signBe2billParams } from '../../electron/core/gateways/be2bill/signing.ts';
import { encodeBe2billRequest } from '../../electron/core/gateways/be2bill/wire.ts';
import type { CallProgress, CardData, GatewayData, NotificationEvent, PaymentRef, PaymentResult, ProfileConfig } from '../../electron/core/gateways/types.ts';
import { createHttpClient, type PooledHttpClient } from '../../electron/core/http/http-client.ts';
import type { Clock } from '../../electron/core/ports.ts';
import { createSandboxServer, type SandboxServer } from '../../electron/core/sandbox/sandbox-server.ts';

const ACCEPTED: CardData = { number: '5555556778250000', cvv: '123', expiryMonth: 12, expiryYear: 2034, holder: 'Jean Dupont' };
const REFUSED: CardData = { number: '5555557376384001', cvv: '123', expiryMonth: 12, expiryYear: 2034, holder: 'Jean Dupont' };
const DAY = 86_400_000;

function movableClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms) => void (offset += ms) };
}

function parisDay(date: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

interface Received {
  readonly path: string;
  readonly body: string;
  readonly contentType: string;
}

/** The merchant's side: the NOTIFICATION_URL and an export callback, answering as told. */
async function startReceiver() {
  const received: Received[] = [];
  let notificationAnswers: string[] = [];
  /** Scripted answers go only to deliveries whose body matches (another payment's retry may arrive meanwhile). */
  let answersFor: (body: string) => boolean = () => true;
  let onNotification: (() => void) | null = null;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
      received.push({ path, body: Buffer.concat(chunks).toString('utf8'), contentType: String(request.headers['content-type'] ?? '') });
      if (path === '/notify') onNotification?.();
      response.writeHead(200, { 'content-type': 'text/plain' });
      const body = received.at(-1)?.body ?? '';
      response.end(path === '/notify' ? ((answersFor(body) ? notificationAnswers.shift() : undefined) ?? 'OK') : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    received,
    notifyUrl: `${base}/notify`,
    exportUrl: `${base}/export`,
    answerNext(...bodies: string[]) {
      notificationAnswers = bodies;
      answersFor = () => true;
    },
    answerNextFor(matches: (body: string) => boolean, ...bodies: string[]) {
      notificationAnswers = bodies;
      answersFor = matches;
    },
    onNotification(listener: (() => void) | null) {
      onNotification = listener;
    },
    notifications: () => received.filter((entry) => entry.path === '/notify'),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let http: PooledHttpClient;
before(() => {
  http = createHttpClient({ clock: { now: () => new Date() }, wireSink: { record: () => undefined }, requestTimeoutMs: 5_000 });
});
after(async () => {
  await http.close();
});

interface Harness {
  readonly adapter: Be2billAdapter;
  readonly credentials: Record<string, string>;
  readonly options: Record<string, string | number | boolean>;
}

async function startSandbox() {
  const clock = movableClock();
  const server: SandboxServer = await createSandboxServer({ definitions: [be2bill], clock, port: 0 });
  async function control(path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${server.baseUrl}/control/be2bill${path}`, { method: body === undefined ? 'GET' : 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
  function harness(options: Record<string, string | number | boolean> = {}, password?: string, baseUrl?: string): Harness {
    const generated = server.emulator('be2bill').sandboxProfile();
    const profile: ProfileConfig = {
      id: randomUUID(),
      name: 'Be2bill sandbox',
      gatewayId: 'be2bill',
      environment: 'sandbox',
      baseUrl: baseUrl ?? `${server.baseUrl}${generated.baseUrlPath}`,
      options: { ...generated.options, ...options },
    };
    const adapter = be2bill.createAdapter({
      profile,
      secret: async (field) => {
        const value = field === 'password' && password !== undefined ? password : generated.credentials[field];
        if (value === undefined) throw new AuthenticationError(`No ${field}`);
        return value;
      },
      http: http.withContext({ gatewayId: 'be2bill', paymentId: null, operationId: null }),
      clock,
    });
    return { adapter, credentials: generated.credentials, options: profile.options };
  }
  return { server, clock, control, harness, settings: (patch: Record<string, unknown>) => control('/settings', patch) };
}

function progress(): CallProgress {
  return { recordGatewayReference: (_id: string, _data: GatewayData) => undefined };
}

function reference(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 18)}`;
}

function refOf(result: PaymentResult, merchantReference: string, kind: 'sale' | 'auth', amountMinor: bigint): PaymentRef {
  return { gatewayTransactionId: result.gatewayTransactionId, merchantReference, kind, amountMinor, currency: 'EUR', gatewayData: result.gatewayData, createdAt: new Date() };
}

async function card(
  adapter: Be2billAdapter,
  data: CardData,
  kind: 'sale' | 'auth',
  options: { amountMinor?: bigint; storeCard?: boolean; schedule?: Array<{ date: string; amountMinor: bigint }>; merchantReference?: string } = {},
) {
  const merchantReference = options.merchantReference ?? reference('ORDER');
  const amountMinor = options.amountMinor ?? 1_000n;
  const request = {
    kind,
    amountMinor,
    currency: 'EUR',
    merchantReference,
    description: 'Phone order',
    card: data,
    customer: { name: data.holder, email: 'jean@example.com' },
    moto: true,
    storeCard: options.storeCard ?? false,
    ...(options.schedule ? { schedule: options.schedule } : {}),
  };
  const result = kind === 'sale' ? await adapter.purchase(request, progress()) : await adapter.capabilities.authorization.authorize(request, progress());
  return { result, ref: refOf(result, merchantReference, kind, amountMinor), merchantReference };
}

function operation(payment: PaymentRef, kind: 'capture' | 'refund', amountMinor: bigint) {
  return { payment, kind, amountMinor, currency: 'EUR', merchantReference: reference(kind.toUpperCase()), reason: undefined };
}

async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Be2bill flows against the emulator over HTTP', () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let harness: Harness;
  before(async () => {
    sandbox = await startSandbox();
    receiver = await startReceiver();
    harness = sandbox.harness();
  });
  after(async () => {
    await sandbox.server.close();
    await receiver.close();
  });
  beforeEach(async () => {
    await sandbox.settings({ primaryHost: 'up', fallbackHost: 'up', notificationTiming: 'after', notificationRetryBaseMs: 30 });
    await sandbox.control('/notification-url', { url: null });
  });

  it('authorizes, captures part, refunds part, and the emulator refuses an over-refund with 2008', async () => {
    const { result, ref } = await card(harness.adapter, ACCEPTED, 'auth');
    assert.deepEqual([result.outcome, result.status, result.gatewayCode], ['succeeded', 'authorized', '0000']);
    assert.match(result.gatewayTransactionId ?? '', /^A\d+$/);
    const capture = await harness.adapter.capabilities.authorization.capture(operation(ref, 'capture', 600n));
    assert.equal(capture.outcome, 'succeeded');
    const overCapture = await harness.adapter.capabilities.authorization.capture(operation(ref, 'capture', 500n));
    assert.deepEqual([overCapture.outcome, overCapture.gatewayCode], ['declined', '2007']);
    const refund = await harness.adapter.refund(operation(ref, 'refund', 200n));
    assert.equal(refund.outcome, 'succeeded');
    const overRefund = await harness.adapter.refund(operation(ref, 'refund', 401n));
    assert.deepEqual([overRefund.outcome, overRefund.gatewayCode], ['declined', '2008']);
    const view = await sandbox.control(`/transactions/${result.gatewayTransactionId ?? ''}`);
    assert.deepEqual([view.body['capturable'], view.body['refundable']], ['400', '400']);
  });

  it('declines the documented refused card with 4001 and refuses to capture it (2003)', async () => {
    const { result, ref } = await card(harness.adapter, REFUSED, 'auth');
    assert.deepEqual([result.status, result.gatewayCode, result.gatewayMessage], ['declined', '4001', 'The bank refused the transaction.']);
    assert.equal((await harness.adapter.capabilities.authorization.capture(operation(ref, 'capture', 100n))).gatewayCode, '2003');
  });

  it('refuses a capture once the authorization has expired (2009, seven days)', async () => {
    const { ref } = await card(harness.adapter, ACCEPTED, 'auth');
    sandbox.clock.advance(8 * DAY);
    try {
      const late = await harness.adapter.capabilities.authorization.capture(operation(ref, 'capture', 100n));
      assert.deepEqual([late.outcome, late.gatewayCode], ['declined', '2009']);
    } finally {
      sandbox.clock.advance(-8 * DAY);
    }
  });

  it('turns a same-day refund into a cancellation, and a later one into a refund', async () => {
    const today = await card(harness.adapter, ACCEPTED, 'sale');
    const sameDay = await harness.adapter.refund(operation(today.ref, 'refund', 300n));
    const sameDayView = await sandbox.control(`/transactions/${sameDay.gatewayOperationId ?? ''}`);
    assert.equal(sameDayView.body['cancellation'], true);
    sandbox.clock.advance(2 * DAY);
    try {
      const later = await harness.adapter.refund(operation(today.ref, 'refund', 300n));
      assert.equal(later.outcome, 'succeeded');
      assert.equal((await sandbox.control(`/transactions/${later.gatewayOperationId ?? ''}`)).body['cancellation'], false);
    } finally {
      sandbox.clock.advance(-2 * DAY);
    }
  });

  it('answers 1003 to a request signed with the wrong password and changes nothing', async () => {
    const before = ((await sandbox.control('/transactions')).body['transactions'] as unknown[]).length;
    const wrong = sandbox.harness({}, 'not-the-password');
    await assert.rejects(card(wrong.adapter, ACCEPTED, 'sale'), (error: unknown) => error instanceof AuthenticationError && /1003/.test(error.message));
    assert.equal(((await sandbox.control('/transactions')).body['transactions'] as unknown[]).length, before);
  });

  it('stores an ALIAS, then charges it as a subscription (MIT), for its own client only', async () => {
    const { result } = await card(harness.adapter, ACCEPTED, 'sale', { storeCard: true });
    assert.ok(result.token);
    assert.equal(result.token.value, result.gatewayTransactionId);
    const credential = { type: 'card-token' as const, value: result.token.value, gatewayData: { ...result.gatewayData, transactionId: result.gatewayTransactionId ?? '' } };
    const mit = await harness.adapter.capabilities.storedCredentials.charge({ kind: 'auth', amountMinor: 900n, currency: 'EUR', merchantReference: reference('MIT'), description: undefined, credential, recurrence: 'unscheduled' }, progress());
    assert.deepEqual([mit.outcome, mit.status], ['succeeded', 'authorized']);
    const stranger = await harness.adapter.capabilities.storedCredentials.charge(
      { kind: 'sale', amountMinor: 900n, currency: 'EUR', merchantReference: reference('MIT'), description: undefined, credential: { ...credential, gatewayData: { clientIdent: 'c-someone-else' } }, recurrence: 'recurring' },
      progress(),
    );
    assert.deepEqual([stranger.outcome, stranger.gatewayCode], ['failed', '2001']);
  });

  it('charges an N-times schedule on its dates by the sandbox clock, notifies each instalment, and stops the rest', async () => {
    await sandbox.control('/notification-url', { url: receiver.notifyUrl });
    const now = sandbox.clock.now();
    const schedule = [
      { date: parisDay(now), amountMinor: 400n },
      { date: parisDay(new Date(now.getTime() + 31 * DAY)), amountMinor: 300n },
      { date: parisDay(new Date(now.getTime() + 62 * DAY)), amountMinor: 300n },
    ];
    const { result, ref } = await card(harness.adapter, ACCEPTED, 'sale', { amountMinor: 1_000n, schedule });
    assert.equal(result.status, 'captured');
    const scheduleId = result.gatewayData['scheduleId'] ?? '';
    assert.equal(scheduleId, result.gatewayTransactionId);
    sandbox.clock.advance(32 * DAY);
    try {
      await sandbox.control('/tick', {});
      const plan = (await sandbox.control(`/schedules/${scheduleId}`)).body['instalments'] as Array<{ state: string }>;
      assert.deepEqual(plan.map((instalment) => instalment.state), ['charged', 'charged', 'due']);
      const events: NotificationEvent[] = [];
      await eventually(async () => {
        events.length = 0;
        for (const delivery of receiver.notifications()) events.push(...(await harness.adapter.capabilities.webhooks.parse({ headers: {}, rawBody: delivery.body })).events);
        return events.some((event) => event.operationKind === 'installment');
      }, 'the instalment notification');
      const instalment = events.find((event) => event.operationKind === 'installment');
      assert.deepEqual([instalment?.subject, instalment?.referencedGatewayId, instalment?.amountMinor, instalment?.status], ['operation', scheduleId, 300n, 'captured']);
      const stop = await harness.adapter.capabilities.schedules.stop(ref);
      assert.equal(stop.outcome, 'succeeded');
      assert.equal((await harness.adapter.capabilities.schedules.stop(ref)).gatewayCode, '2011');
      sandbox.clock.advance(31 * DAY);
      await sandbox.control('/tick', {});
      const after = (await sandbox.control(`/schedules/${scheduleId}`)).body['instalments'] as Array<{ state: string }>;
      assert.deepEqual(after.map((instalment) => instalment.state), ['charged', 'charged', 'stopped']);
    } finally {
      sandbox.clock.advance(-63 * DAY);
    }
  });

  it('rejects a notification with a bad HASH, and retries a delivery until the answer is OK', async () => {
    await sandbox.control('/notification-url', { url: receiver.notifyUrl });
    // Only this payment's deliveries get the scripted answers: it is the only one of 10.37 EUR.
    receiver.answerNextFor((body) => new URLSearchParams(body).get('AMOUNT') === '1037', 'KO', 'ok');
    const { result } = await card(harness.adapter, ACCEPTED, 'sale', { amountMinor: 1_037n });
    await eventually(async () => {
      const deliveries = (await sandbox.control('/notifications')).body['deliveries'] as Array<{ label: string; state: string; attempts: unknown[] }>;
      const mine = deliveries.find((delivery) => delivery.label.includes(result.gatewayTransactionId ?? '?'));
      return mine?.state === 'acknowledged' && mine.attempts.length === 3;
      // Retries back off 1 s then 2 s; leave room for a busy machine.
    }, 'a delivery acknowledged at the third attempt', 15_000);
    const delivered = receiver.notifications().filter((entry) => entry.body.includes(result.gatewayTransactionId ?? '?'));
    const good = delivered.at(-1);
    assert.ok(good);
    const [event] = (await harness.adapter.capabilities.webhooks.parse({ headers: {}, rawBody: good.body })).events;
    assert.equal(event?.status, 'captured');
    const forged = signedNotificationForm('guessed-password', Object.fromEntries(new URLSearchParams(good.body)));
    await assert.rejects(harness.adapter.capabilities.webhooks.parse({ headers: {}, rawBody: forged }), AuthenticationError);
  });

  it('delivers the notification before the answer when the platform does so', async () => {
    await sandbox.control('/notification-url', { url: receiver.notifyUrl });
    await sandbox.settings({ notificationTiming: 'before' });
    const order: string[] = [];
    receiver.onNotification(() => order.push('notification'));
    try {
      const { result } = await card(harness.adapter, ACCEPTED, 'sale');
      order.push('answer');
      assert.deepEqual(order.slice(0, 2), ['notification', 'answer']);
      const early = receiver.notifications().find((entry) => entry.body.includes(result.gatewayTransactionId ?? '?'));
      assert.ok(early);
      const [event] = (await harness.adapter.capabilities.webhooks.parse({ headers: {}, rawBody: early.body })).events;
      assert.deepEqual([event?.gatewayTransactionId, event?.merchantReference !== null, event?.status], [result.gatewayTransactionId, true, 'captured']);
    } finally {
      receiver.onNotification(null);
    }
  });

  it('fails over to the fallback host when the primary answers 503, and finds no second payment', async () => {
    await sandbox.settings({ primaryHost: 'http-503' });
    const before = (await sandbox.control('/hosts')).body['hits'] as { primary: number; fallback: number };
    const { result, merchantReference } = await card(harness.adapter, ACCEPTED, 'sale');
    assert.equal(result.outcome, 'succeeded');
    const hits = (await sandbox.control('/hosts')).body['hits'] as { primary: number; fallback: number };
    assert.deepEqual([hits.primary - before.primary, hits.fallback - before.fallback], [1, 2]);
    const rows = ((await sandbox.control('/transactions')).body['transactions'] as Array<{ ORDERID: string }>).filter((row) => row.ORDERID === merchantReference);
    assert.equal(rows.length, 1);
  });

  it('does not pay twice when the primary acted and then dropped the connection', async () => {
    await sandbox.settings({ primaryHost: 'reset-after' });
    const { result, merchantReference } = await card(harness.adapter, ACCEPTED, 'sale');
    assert.equal(result.outcome, 'succeeded');
    const rows = ((await sandbox.control('/transactions')).body['transactions'] as Array<{ ORDERID: string; TRANSACTIONID: string }>).filter((row) => row.ORDERID === merchantReference);
    assert.deepEqual(rows.map((row) => row.TRANSACTIONID), [result.gatewayTransactionId]);
  });

  it('resends on the fallback on 5001, and never fails over on a decline', async () => {
    await sandbox.settings({ primaryHost: '5001' });
    assert.equal((await card(harness.adapter, ACCEPTED, 'sale')).result.outcome, 'succeeded');
    await sandbox.settings({ primaryHost: 'up' });
    const before = (await sandbox.control('/hosts')).body['hits'] as { fallback: number };
    const declined = await card(harness.adapter, REFUSED, 'sale');
    assert.equal(declined.result.status, 'declined');
    assert.equal(((await sandbox.control('/hosts')).body['hits'] as { fallback: number }).fallback, before.fallback);
  });

  it('fails over when the primary host cannot be reached at all', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = sandbox.harness({ fallbackBaseUrl: `${sandbox.server.baseUrl}/be2bill/fallback` }, undefined, `http://127.0.0.1:${port}/be2bill/primary`);
    assert.equal((await card(unreachable.adapter, ACCEPTED, 'sale')).result.outcome, 'succeeded');
  });

  it('finds a payment with getTransactions by TRANSACTIONID and by ORDERID', async () => {
    const { result, ref, merchantReference } = await card(harness.adapter, ACCEPTED, 'auth', { amountMinor: 4_321n });
    const byId = await harness.adapter.sync(ref);
    assert.deepEqual([byId.status, byId.final, byId.gatewayTransactionId], ['authorized', true, result.gatewayTransactionId]);
    const byOrder = await harness.adapter.sync({ ...ref, gatewayTransactionId: null });
    assert.equal(byOrder.gatewayTransactionId, result.gatewayTransactionId);
    const imported = await harness.adapter.capabilities.imports.fetchTransaction({ gatewayTransactionId: result.gatewayTransactionId ?? '' });
    assert.deepEqual([imported?.merchantReference, imported?.kind, imported?.amountMinor, imported?.card?.last4, imported?.card?.brand], [merchantReference, 'auth', 4_321n, '0000', 'mastercard']);
    assert.equal((await harness.adapter.capabilities.imports.fetchTransaction({ merchantReference }))?.gatewayTransactionId, result.gatewayTransactionId);
    assert.equal(await harness.adapter.capabilities.imports.fetchTransaction({ merchantReference: 'NO-SUCH-ORDER' }), null);
    const lookedUp = await harness.adapter.lookupOperation('authorize', merchantReference, { ...ref, gatewayTransactionId: null });
    assert.equal(lookedUp?.gatewayTransactionId, result.gatewayTransactionId);
    assert.equal((await harness.adapter.testCredentials()).ok, true);
  });

  it('sends no payment whose ORDERID getTransactions would read as several orders (§4)', async () => {
    const before = ((await sandbox.control('/transactions')).body['transactions'] as unknown[]).length;
    // Once booked, "ORDER;…" could not be found by its ORDERID: sync and the failover guard would find nothing.
    await assert.rejects(card(harness.adapter, ACCEPTED, 'sale', { merchantReference: `${reference('ORDER')};2` }), ValidationError);
    assert.equal(((await sandbox.control('/transactions')).body['transactions'] as unknown[]).length, before);
  });

  it('requires OPERATIONTYPE, equal to the method, on lookups and stopntimes as on payments (§1)', async () => {
    const identifier = String(harness.options['identifier']);
    const password = harness.credentials['password'] ?? '';
    const post = async (path: string, method: 'getTransactions' | 'stopntimes', params: Record<string, string>) => {
      const body = encodeBe2billRequest(method, signBe2billParams(password, { IDENTIFIER: identifier, VERSION: '2.0', ...params }));
      const response = await fetch(`${sandbox.server.baseUrl}/be2bill/primary${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      return (await response.json()) as { EXECCODE: string; MESSAGE: string };
    };
    const lookup = await post('/front/service/rest/export', 'getTransactions', { ORDERID: 'ANY-ORDER' });
    assert.deepEqual([lookup.EXECCODE, lookup.MESSAGE], ['1001', 'The parameter "OPERATIONTYPE" is missing.\n']);
    assert.equal((await post('/front/service/rest/process', 'stopntimes', { SCHEDULEID: 'A1' })).EXECCODE, '1001');
    assert.equal((await post('/front/service/rest/export', 'getTransactions', { ORDERID: 'ANY-ORDER', OPERATIONTYPE: 'exportTransactions' })).EXECCODE, '1002');
    assert.equal((await post('/front/service/rest/export', 'getTransactions', { ORDERID: 'ANY-ORDER', OPERATIONTYPE: 'getTransactions' })).EXECCODE, '0000');
  });

  it('numbers every answer with a TRANSACTIONID (§5 "Always"), errors and stopntimes included, never one already given', async () => {
    const identifier = String(harness.options['identifier']);
    const password = harness.credentials['password'] ?? '';
    const process = `${sandbox.server.baseUrl}/be2bill/primary/front/service/rest/process`;
    const post = async (method: Parameters<typeof encodeBe2billRequest>[0], params: Record<string, string>, url = process) => {
      const body = encodeBe2billRequest(method, signBe2billParams(password, { IDENTIFIER: identifier, VERSION: '2.0', OPERATIONTYPE: method, ...params }));
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      return (await response.json()) as Record<string, unknown>;
    };
    const { ref } = await card(harness.adapter, ACCEPTED, 'sale');
    const answers = [
      await post('payment', { ORDERID: reference('ORDER'), DESCRIPTION: 'Phone order', CLIENTIDENT: 'jean', AMOUNT: '1000' }),
      await post('stopntimes', { SCHEDULEID: 'A999999' }),
      await post('stopntimes', {}),
      await post('refund', { TRANSACTIONID: ref.gatewayTransactionId ?? '', ORDERID: reference('REFUND'), DESCRIPTION: 'Too much', AMOUNT: '5000' }),
      await post('payment', { IDENTIFIER: 'NOBODY' }),
      await post('payment', {}, `${process}?AMOUNT=1`),
      (await (await fetch(process)).json()) as Record<string, unknown>,
    ];
    assert.deepEqual(
      answers.map((answer) => answer['EXECCODE']),
      ['1001', '2010', '1001', '2008', '3001', '1006', '1006'],
    );
    const ids = answers.map((answer) => String(answer['TRANSACTIONID']));
    for (const id of ids) assert.match(id, /^A\d+$/);
    const booked = ((await sandbox.control('/transactions')).body['transactions'] as Array<{ TRANSACTIONID: string }>).map((row) => row.TRANSACTIONID);
    assert.equal(new Set([...ids, ...booked]).size, ids.length + booked.length, 'an answer reused an id');
    // The adapter still reads a refusal and a stop that carry their own TRANSACTIONID.
    const refused = await harness.adapter.refund(operation(ref, 'refund', 5_000n));
    assert.deepEqual([refused.outcome, refused.gatewayCode], ['declined', '2008']);
    assert.match(refused.gatewayOperationId ?? '', /^A\d+$/);
  });

  it('delivers a transactions export (§4) as CSV to a loopback callback', async () => {
    const { result } = await card(harness.adapter, ACCEPTED, 'sale', { amountMinor: 1_234n });
    const params = { IDENTIFIER: String(harness.options['identifier']), VERSION: '2.0', OPERATIONTYPE: 'exportTransactions', DATE: parisDay(sandbox.clock.now()), CALLBACKURL: receiver.exportUrl };
    const body = new URLSearchParams([['method', 'exportTransactions'], ...Object.entries(signBe2billParams(harness.credentials['password'] ?? '', params)).map(([name, value]) => [`params[${name}]`, String(value)])]);
    const answer = (await (await fetch(`${sandbox.server.baseUrl}/be2bill/primary/front/service/rest/export`, { method: 'POST', body })).json()) as Record<string, unknown>;
    assert.deepEqual([answer['OPERATIONTYPE'], answer['EXECCODE']], ['exportTransactions', '0000']);
    await eventually(() => receiver.received.some((entry) => entry.path === '/export'), 'the export delivery');
    const delivery = receiver.received.find((entry) => entry.path === '/export');
    assert.match(delivery?.contentType ?? '', /text\/csv/);
    const [header, ...lines] = (delivery?.body ?? '').split('\r\n').map((line) => line.split(';'));
    const columns = header ?? [];
    const mine = lines.map((cells) => Object.fromEntries(columns.map((name, index) => [name, cells[index]]))).find((row) => row['TRANSACTIONID'] === result.gatewayTransactionId);
    assert.deepEqual([mine?.['AMOUNT'], mine?.['EXECCODE'], mine?.['OPERATIONTYPE']], ['1234', '0000', 'payment']);
    assert.doesNotMatch(delivery?.body ?? '', /5555556778250000/);
  });

  it('asks for 3-D Secure, and the ACS page settles the payment for sync', async () => {
    const secure = sandbox.harness({ threeDSecure: true });
    const { result, ref } = await card(secure.adapter, ACCEPTED, 'sale');
    assert.deepEqual([result.outcome, result.status, result.gatewayCode, result.pendingAction?.type, result.pendingAction?.method], ['pending', 'requires_action', '0001', 'THREEDS_HTML', 'POST']);
    const action = result.pendingAction;
    assert.ok(action?.url);
    const page = await fetch(action.url, { method: 'POST', body: new URLSearchParams(action.parameters.map(({ name, value }) => [name, value])) });
    assert.match(await page.text(), /Authenticate/);
    assert.equal((await secure.adapter.sync(ref)).status, 'requires_action');
    const done = await fetch(action.url, { method: 'POST', body: new URLSearchParams({ decision: 'pass' }) });
    assert.equal(done.status, 200);
    const settled = await secure.adapter.sync(ref);
    assert.deepEqual([settled.status, settled.final, settled.gatewayCode], ['captured', true, '0000']);
  });
});
