/**
 * Notification deliveries by GET (Be2bill §8: some deliveries carry their parameters in the query
 * string), over real HTTP on 127.0.0.1 to the console's receiver: a genuine one is applied, one with
 * a bad HASH is refused 401 and audited, and a GET to a gateway that takes POST only is refused 405.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signedNotificationForm } from '../../electron/core/gateways/be2bill/emulator/platform-form.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';
import { rawRequest, type RawAnswer } from '../helpers/raw-http.ts';

const BE2BILL = sandboxProfileId('be2bill');
const SIBS = sandboxProfileId('sibs-spg');

let t: TestCore;
let port: number;

function get(path: string, host = `127.0.0.1:${port}`): Promise<RawAnswer> {
  return rawRequest({ port, method: 'GET', path, host });
}

async function control(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${t.core.info.sandboxBaseUrl}/control/be2bill${path}`, { method: 'POST', body: JSON.stringify(body) });
  assert.equal(response.status, 200, await response.text());
}

/** A Be2bill payment left waiting for the customer (0002), which only a notification settles. */
async function pendingPayment(): Promise<{ paymentId: string; transactionId: string; orderId: string }> {
  await control('/settings', { redirectPayments: true });
  try {
    const outcome = await t.value('payments:createMoto', {
      profileId: BE2BILL,
      kind: 'sale',
      money: { amount: '12.00', currency: 'EUR' },
      customer: { email: 'get@example.com' },
      card: { number: '5555556778250000', cvv: '123', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Jean Dupont' },
    });
    const payment = await t.core.internals.ledger.payments.get(outcome.paymentId);
    assert.ok(payment?.gatewayTransactionId, 'the payment has its TRANSACTIONID');
    return { paymentId: payment.id, transactionId: payment.gatewayTransactionId, orderId: payment.merchantReference };
  } finally {
    await control('/settings', { redirectPayments: false });
  }
}

async function queryFor(payment: { transactionId: string; orderId: string }, password: string): Promise<string> {
  const identifier = String(t.core.internals.profiles.get(BE2BILL).options['identifier']);
  return signedNotificationForm(password, {
    IDENTIFIER: identifier,
    VERSION: '2.0',
    OPERATIONTYPE: 'payment',
    TRANSACTIONID: payment.transactionId,
    ORDERID: payment.orderId,
    AMOUNT: '1200',
    EXECCODE: '0000',
    MESSAGE: 'The transaction has been accepted.',
  });
}

async function auditSince(since: Date, action: string) {
  return (await t.value('audit:list', { limit: 1000 })).filter((entry) => entry.action === action && new Date(entry.at) >= since);
}

before(async () => {
  t = await startTestCore({ notifications: { enabled: true }, requestTimeoutMs: 3_000 });
  port = Number(new URL(t.core.internals.notifications!.baseUrl).port);
});
after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

describe('notification deliveries by GET', () => {
  test('a genuine Be2bill GET delivery is verified and applied, and answered OK', async () => {
    const payment = await pendingPayment();
    assert.equal((await t.value('payments:get', { paymentId: payment.paymentId })).payment.status, 'requires_action');
    const since = new Date();
    const password = (await t.core.internals.vault.get(`${BE2BILL}/password`))!;
    const answer = await get(`/notifications/${BE2BILL}?${await queryFor(payment, password)}`);
    assert.deepEqual([answer.status, answer.body], [200, 'OK']);
    assert.equal((await t.value('payments:get', { paymentId: payment.paymentId })).payment.status, 'captured');
    const received = await auditSince(since, 'notification.received');
    assert.ok(
      received.some((entry) => entry.targetType === 'payment' && entry.targetId === payment.paymentId && entry.outcome === 'applied' && JSON.parse(entry.details).gatewayTransactionId === payment.transactionId),
      `filed under the payment, the gateway's id in its details: ${JSON.stringify(received)}`,
    );
  });

  test('a Be2bill GET delivery with a bad HASH is refused 401, changes nothing and is audited', async () => {
    const payment = await pendingPayment();
    const since = new Date();
    const answer = await get(`/notifications/${BE2BILL}?${await queryFor(payment, 'not-the-password')}`);
    assert.equal(answer.status, 401);
    assert.equal((await t.value('payments:get', { paymentId: payment.paymentId })).payment.status, 'requires_action');
    const rejected = await auditSince(since, 'notification.rejected');
    assert.ok(rejected.some((entry) => entry.targetId === BE2BILL && /authentication/.test(entry.details)), JSON.stringify(rejected));
  });

  test('a genuine Be2bill GET delivery addressed to another Host is refused like a POST', async () => {
    const payment = await pendingPayment();
    const password = (await t.core.internals.vault.get(`${BE2BILL}/password`))!;
    const answer = await get(`/notifications/${BE2BILL}?${await queryFor(payment, password)}`, 'attacker.example');
    assert.equal(answer.status, 421);
    assert.equal((await t.value('payments:get', { paymentId: payment.paymentId })).payment.status, 'requires_action');
  });

  test('a GET to a gateway that takes POST deliveries only is refused 405', async () => {
    const answer = await get(`/notifications/${SIBS}?a=1`);
    assert.equal(answer.status, 405);
    assert.equal(answer.headers['allow'], 'POST');
  });
});
