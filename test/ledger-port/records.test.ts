/**
 * Tokens, mandates, webhook receipts and the wire log through the port, the same on both
 * backends; a webhook delivered to two consoles on one ledger is applied by exactly one.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConflictError, NotFoundError } from '../../electron/core/errors.ts';
import type { NewMandate, StoredToken } from '../../electron/core/ledger/types.ts';
import { newPayment } from '../unit/ledger/ledger-fixtures.ts';
import { BACKENDS } from './backends.ts';

const AT = new Date('2026-05-01T12:00:00.000Z');

function token(id: string, overrides: Partial<StoredToken> = {}): StoredToken {
  return {
    id, profileId: 'profile_sibs', gatewayId: 'sibs-spg', tokenValue: `tv-${id}`, brand: 'visa', last4: '4242', expiryMonth: 12, expiryYear: 2030,
    holder: 'Ana', originPaymentId: null, status: 'active', gatewayData: { citId: 'cit-1' }, createdAt: AT, ...overrides,
  };
}

function mandate(id: string, overrides: Partial<NewMandate> = {}): NewMandate {
  return {
    id, profileId: 'profile_mbway', gatewayId: 'sibs-spg', merchantReference: `MREF-${id}`, phone: '351#912345678', customerName: 'Ana',
    mandateType: 'SUBSCRIPTION', status: 'pending', createdAt: AT, ...overrides,
  };
}

for (const backend of BACKENDS) {
  describe(`ledger port records (${backend.name})`, { skip: backend.skip }, () => {
    test('tokens: stored, listed active and newest first, conflicts, unknown origin, soft delete', async () => {
      const ledger = await (await backend.fresh()).open();
      const payment = await ledger.payments.insert(newPayment());
      await ledger.tokens.insert(token('tok_old', { originPaymentId: payment.id, createdAt: new Date(AT.getTime() - 1000) }));
      await ledger.tokens.insert(token('tok_new'));
      await ledger.tokens.insert(token('tok_other', { profileId: 'profile_b' }));
      assert.deepEqual(await ledger.tokens.get('tok_old'), token('tok_old', { originPaymentId: payment.id, createdAt: new Date(AT.getTime() - 1000) }));
      assert.deepEqual((await ledger.tokens.list('profile_sibs')).map((row) => row.id), ['tok_new', 'tok_old']);
      assert.equal((await ledger.tokens.list()).length, 3);
      await assert.rejects(ledger.tokens.insert(token('tok_new')), ConflictError);
      await assert.rejects(ledger.tokens.insert(token('tok_dup', { tokenValue: 'tv-tok_new' })), ConflictError);
      await assert.rejects(ledger.tokens.insert(token('tok_orphan', { originPaymentId: 'pay_missing' })), NotFoundError);
      assert.equal(await ledger.tokens.delete('tok_new'), true);
      assert.equal(await ledger.tokens.delete('tok_new'), false);
      assert.equal((await ledger.tokens.get('tok_new'))?.status, 'deleted');
      assert.deepEqual((await ledger.tokens.list('profile_sibs')).map((row) => row.id), ['tok_old']);
    });

    test('mandates: stored, updated with gatewayData merged, conflicts on references and gateway ids, listed newest first', async () => {
      const ledger = await (await backend.fresh()).open();
      const first = await ledger.mandates.insert(mandate('man_1'));
      assert.deepEqual([first.status, first.gatewayMandateId, first.limitMinor, first.gatewayData], ['pending', null, null, {}]);
      await assert.rejects(ledger.mandates.insert(mandate('man_1', { merchantReference: 'other' })), ConflictError);
      await assert.rejects(ledger.mandates.insert(mandate('man_2', { merchantReference: 'MREF-man_1' })), (error) => error instanceof ConflictError && /merchant reference/.test(error.message));
      await ledger.mandates.update('man_1', { gatewayData: { a: '1' } }, AT);
      const later = new Date(AT.getTime() + 60_000);
      const updated = await ledger.mandates.update('man_1', { status: 'active', gatewayMandateId: 'gm-1', limitMinor: 2n ** 58n, currency: 'EUR', expiresAt: later, gatewayData: { b: '2' } }, later);
      assert.deepEqual([updated.status, updated.gatewayMandateId, updated.limitMinor, updated.expiresAt, updated.updatedAt], ['active', 'gm-1', 2n ** 58n, later, later]);
      assert.deepEqual(updated.gatewayData, { a: '1', b: '2' });
      assert.deepEqual(await ledger.mandates.findByGatewayId('profile_mbway', 'gm-1'), updated);
      await ledger.mandates.insert(mandate('man_2', { createdAt: later }));
      await assert.rejects(ledger.mandates.update('man_2', { gatewayMandateId: 'gm-1' }, later), ConflictError);
      await assert.rejects(ledger.mandates.update('man_missing', { status: 'expired' }, later), NotFoundError);
      assert.deepEqual((await ledger.mandates.list()).map((row) => row.id), ['man_2', 'man_1']);
      assert.deepEqual((await ledger.mandates.list('profile_other')).map((row) => row.id), []);
      // Inside a unit a caught conflict leaves the unit usable, and the mandate read is locked for the unit.
      const inUnit = await ledger.withTransaction(async (tx) => {
        await tx.mandates.get('man_2');
        await assert.rejects(tx.mandates.update('man_2', { gatewayMandateId: 'gm-1' }, later), ConflictError);
        return tx.mandates.update('man_2', { status: 'declined' }, later);
      });
      assert.equal(inUnit.status, 'declined');
    });

    test('a webhook delivery is recorded once, even when two consoles receive it at the same time', async () => {
      const store = await backend.fresh();
      const [a, b] = [await store.open(), await store.open()];
      const receipt = { profileId: 'profile_sibs', eventId: 'evt-1', receivedAt: AT, subject: 'payment', gatewayTransactionId: 'gw-1' };
      const outcomes = await Promise.all([a.notifications.record(receipt), b.notifications.record(receipt)]);
      assert.deepEqual([...outcomes].sort(), [false, true]);
      assert.equal(await a.notifications.record(receipt), false);
      assert.equal(await b.notifications.record({ ...receipt, profileId: 'profile_other' }), true, 'the same event id for another profile is another delivery');
    });

    test('the wire log keeps every exchange of a payment in time order; close waits for writes in flight', async () => {
      const store = await backend.fresh();
      const ledger = await store.open();
      const exchange = {
        gatewayId: 'sibs-spg', paymentId: 'pay_w', operationId: 'op_w', method: 'POST', url: 'https://spg.example/payments', requestHeaders: { 'content-type': 'application/json' },
        requestBody: '{"amount":"10.00"}', responseStatus: 200, responseHeaders: { 'x-request-id': 'r1' }, responseBody: '{"ok":true}', durationMs: 12.6, error: null,
      };
      await ledger.wire.record({ ...exchange, at: new Date(AT.getTime() + 1000), responseStatus: null, responseBody: null, error: 'timeout' });
      await ledger.wire.record({ ...exchange, at: AT });
      const rows = await ledger.wire.listForPayment('pay_w');
      assert.deepEqual(rows.map((row) => [row.at, row.responseStatus, row.error, row.durationMs]), [
        [AT, 200, null, 13],
        [new Date(AT.getTime() + 1000), null, 'timeout', 13],
      ]);
      assert.deepEqual(rows[0]?.requestHeaders, exchange.requestHeaders);
      assert.deepEqual(await ledger.wire.listForPayment('pay_other'), []);

      const unawaited = ledger.wire.record({ ...exchange, paymentId: 'pay_late', at: AT });
      await ledger.close();
      await unawaited;
      const reopened = await store.open();
      assert.equal((await reopened.wire.listForPayment('pay_late')).length, 1);
    });

    test('an exchange that repeats the payment\'s last one is counted on it; any difference is a new entry', async () => {
      const ledger = await (await backend.fresh()).open();
      const poll = {
        gatewayId: 'sibs-spg', paymentId: 'pay_r', operationId: null, method: 'GET', url: 'https://spg.example/payments/1/status', requestHeaders: { date: 'a' },
        requestBody: null, responseStatus: 200, responseHeaders: {}, responseBody: '{"status":"pending"}', durationMs: 5, error: null,
      };
      const at = (minutes: number) => new Date(AT.getTime() + minutes * 60_000);
      await ledger.wire.record({ ...poll, at: at(0) });
      await ledger.wire.record({ ...poll, at: at(1), requestHeaders: { date: 'b' } });
      await ledger.wire.record({ ...poll, at: at(2) });
      await ledger.wire.record({ ...poll, at: at(3), paymentId: 'pay_other' });
      await ledger.wire.record({ ...poll, at: at(4), responseBody: '{"status":"paid"}' });
      await ledger.wire.record({ ...poll, at: at(5), responseBody: '{"status":"paid"}', responseStatus: null, error: 'timeout' });
      await ledger.wire.record({ ...poll, at: at(6), paymentId: null });
      await ledger.wire.record({ ...poll, at: at(7), paymentId: null });
      const rows = await ledger.wire.listForPayment('pay_r');
      assert.deepEqual(rows.map((row) => [row.at, row.repeats, row.lastAt]), [
        [at(0), 3, at(2)],
        [at(4), 1, null],
        [at(5), 1, null],
      ]);
      assert.deepEqual(rows[0]?.requestHeaders, { date: 'a' }, 'the entry keeps its first exchange as made');
      assert.equal(await ledger.wire.count('pay_r'), 3);
      assert.equal(await ledger.wire.count('pay_other'), 1);
    });

    test('a payment\'s wire log pages newest first from a keyset, every entry once', async () => {
      const ledger = await (await backend.fresh()).open();
      const exchange = {
        gatewayId: 'sibs-spg', paymentId: 'pay_p', operationId: null, method: 'GET', url: 'https://spg.example/payments/1/status', requestHeaders: {},
        requestBody: null, responseStatus: 200, responseHeaders: {}, durationMs: 5, error: null,
      };
      // Two entries share each instant: the keyset's second key orders them.
      for (let n = 0; n < 25; n += 1) await ledger.wire.record({ ...exchange, responseBody: `{"n":${n}}`, at: new Date(AT.getTime() + Math.floor(n / 2) * 1000) });
      const seen: string[] = [];
      let pages = 0;
      for (let before: Awaited<ReturnType<typeof ledger.wire.page>>['next'] = null; ; pages += 1) {
        const page = await ledger.wire.page('pay_p', 7, before);
        seen.push(...page.entries.map((entry) => entry.responseBody ?? ''));
        if (page.next === null) break;
        before = page.next;
      }
      assert.equal(pages, 3);
      assert.deepEqual(seen, Array.from({ length: 25 }, (_, n) => `{"n":${24 - n}}`));
      assert.deepEqual(await ledger.wire.page('pay_none', 7, null), { entries: [], next: null });
    });
  });
}
