/**
 * The payments list through the port, the same on both backends: filters, newest first, keyset
 * paging that neither repeats nor skips (ties on the creation time included), cursors refused
 * when forged, and free text matched as a case-insensitive substring of one searched field
 * (prefixes for one or two characters), customers' and cardholders' names included; the list's
 * other orders page the same way; the totals count and sum the whole result per currency.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ValidationError } from '../../electron/core/errors.ts';
import type { Ledger } from '../../electron/core/ledger/port.ts';
import type { PaymentRow, SearchFilters, SearchSort } from '../../electron/core/ledger/types.ts';
import { newPayment } from '../unit/ledger/ledger-fixtures.ts';
import { BACKENDS } from './backends.ts';

function minutes(n: number): Date {
  return new Date(Date.UTC(2026, 4, 1, 10, n));
}

async function allPages(ledger: Ledger, filters: SearchFilters, limit: number): Promise<PaymentRow[][]> {
  const pages: PaymentRow[][] = [];
  let cursor: string | null = null;
  do {
    const page = await ledger.views.searchPayments(filters, limit, cursor);
    pages.push(page.rows);
    cursor = page.nextCursor;
  } while (cursor !== null && pages.length < 100);
  return pages;
}

async function ids(ledger: Ledger, filters: SearchFilters): Promise<string[]> {
  return (await ledger.views.searchPayments(filters, 100, null)).rows.map((row) => row.id);
}

for (const backend of BACKENDS) {
  describe(`ledger port search (${backend.name})`, { skip: backend.skip }, () => {
    test('filters by status, gateway, profile, kind, currency, amount (inclusive) and time (from inclusive, to exclusive), newest first', async () => {
      const ledger = await (await backend.fresh()).open();
      const a = await ledger.payments.insert(newPayment({ id: 'pay_a', status: 'captured', amountMinor: 100n, createdAt: minutes(1) }));
      const b = await ledger.payments.insert(newPayment({ id: 'pay_b', status: 'failed', gatewayId: 'aci-oppwa', profileId: 'p2', amountMinor: 200n, createdAt: minutes(2) }));
      const c = await ledger.payments.insert(newPayment({ id: 'pay_c', status: 'captured', kind: 'auth', currency: 'USD', amountMinor: 2n ** 60n, createdAt: minutes(3) }));
      assert.deepEqual(await ids(ledger, {}), [c.id, b.id, a.id]);
      assert.deepEqual(await ids(ledger, { statuses: ['captured'] }), [c.id, a.id]);
      assert.deepEqual(await ids(ledger, { statuses: ['captured', 'failed'] }), [c.id, b.id, a.id]);
      assert.deepEqual(await ids(ledger, { gatewayId: 'aci-oppwa' }), [b.id]);
      assert.deepEqual(await ids(ledger, { profileId: 'p2' }), [b.id]);
      assert.deepEqual(await ids(ledger, { kind: 'auth' }), [c.id]);
      assert.deepEqual(await ids(ledger, { currency: 'USD' }), [c.id]);
      assert.deepEqual(await ids(ledger, { amountMinMinor: 100n, amountMaxMinor: 200n }), [b.id, a.id]);
      assert.deepEqual(await ids(ledger, { amountMinMinor: 2n ** 60n }), [c.id], 'bigint bounds stay exact');
      assert.deepEqual(await ids(ledger, { from: minutes(2), to: minutes(3) }), [b.id]);
      assert.deepEqual(await ids(ledger, { statuses: ['captured'], from: minutes(2) }), [c.id]);
      await ledger.payments.update(b.id, { gatewayCode: '800.100.151', gatewayMessage: 'Transaction declined (invalid card)' }, minutes(2));
      assert.deepEqual(await ids(ledger, { gatewayCode: '800.100.151' }), [b.id], 'by the gateway code a decline reason names');
      assert.deepEqual(await ids(ledger, { gatewayCode: '800.100' }), [], 'the whole code, not a part of it');
    });

    test('pages through every payment once, even when many share a creation time, and ends without a cursor', async () => {
      const ledger = await (await backend.fresh()).open();
      const inserted: string[] = [];
      for (let i = 0; i < 23; i += 1) inserted.push((await ledger.payments.insert(newPayment({ id: `pay_${String(i).padStart(2, '0')}`, createdAt: minutes(i % 4) }))).id);
      const pages = await allPages(ledger, {}, 5);
      assert.deepEqual(pages.map((page) => page.length), [5, 5, 5, 5, 3]);
      const seen = pages.flat().map((row) => row.id);
      assert.equal(new Set(seen).size, 23);
      assert.deepEqual([...seen].sort(), [...inserted].sort());
      const order = pages.flat().map((row) => [row.createdAt.getTime(), row.id] as const);
      for (let i = 1; i < order.length; i += 1) {
        const [previous, current] = [order[i - 1]!, order[i]!];
        assert.ok(previous[0] > current[0] || (previous[0] === current[0] && previous[1] > current[1]), `newest first, then id: ${JSON.stringify(order)}`);
      }
      const exact = await ledger.views.searchPayments({}, 23, null);
      assert.equal(exact.nextCursor, null, 'an exactly full last page has no next cursor');
    });

    test('a cursor stays valid when newer payments arrive, and a forged one is refused', async () => {
      const ledger = await (await backend.fresh()).open();
      for (let i = 0; i < 4; i += 1) await ledger.payments.insert(newPayment({ createdAt: minutes(i) }));
      const first = await ledger.views.searchPayments({}, 2, null);
      await ledger.payments.insert(newPayment({ createdAt: minutes(30) }));
      const second = await ledger.views.searchPayments({}, 2, first.nextCursor);
      assert.deepEqual(second.rows.map((row) => row.createdAt), [minutes(1), minutes(0)]);
      await assert.rejects(ledger.views.searchPayments({}, 2, 'not-a-cursor'), ValidationError);
      await assert.rejects(ledger.views.searchPayments({}, 0, null), RangeError);
    });

    test('free text: a case-insensitive substring of any searched field, operators as plain text, one field at a time', async () => {
      const ledger = await (await backend.fresh()).open();
      const ana = await ledger.payments.insert(newPayment({ id: 'pay_ana', merchantReference: 'ORDER-7781', customerEmail: 'Ana.Silva@Example.com', description: 'Blue 50% "sale"' }));
      const rui = await ledger.payments.insert(newPayment({ id: 'pay_rui', merchantReference: 'INV_2026_001', customerEmail: 'rui@shop.pt', card: { brand: 'visa', bin: '411111', last4: '9876', expiryMonth: 1, expiryYear: 2031, holder: 'Rui' } }));
      await ledger.payments.update(rui.id, { gatewayTransactionId: '8ac7a4a1-TX-55' }, minutes(9));
      assert.deepEqual(await ids(ledger, { text: 'example.COM' }), [ana.id]);
      assert.deepEqual(await ids(ledger, { text: 'der-77' }), [ana.id]);
      assert.deepEqual(await ids(ledger, { text: '50% "sale"' }), [ana.id]);
      assert.deepEqual(await ids(ledger, { text: 'tx-55' }), [rui.id], 'a gateway id recorded after creation is searchable');
      assert.deepEqual(await ids(ledger, { text: '9876' }), [rui.id]);
      assert.deepEqual(await ids(ledger, { text: 'INV_2026' }), [rui.id]);
      assert.deepEqual(await ids(ledger, { text: 'inv%2026' }), [], '% is a character, not a wildcard');
      assert.deepEqual(await ids(ledger, { text: '7781 ana' }), [], 'text spanning two fields matches neither');
      assert.deepEqual(await ids(ledger, { text: 'pay_' }), [rui.id, ana.id].sort().reverse());
      assert.deepEqual(await ids(ledger, { text: '  example  ', statuses: ['captured'] }), []);
    });

    test('one or two characters match the start of ids and references, not the middle', async () => {
      const ledger = await (await backend.fresh()).open();
      const first = await ledger.payments.insert(newPayment({ id: 'xq_1', merchantReference: 'ZZ-1' }));
      await ledger.payments.insert(newPayment({ id: 'pay_xq', merchantReference: 'A-ZZ' }));
      assert.deepEqual(await ids(ledger, { text: 'xq' }), [first.id]);
      assert.deepEqual(await ids(ledger, { text: 'zz' }), [first.id], 'prefixes match regardless of case');
    });
    test("finds a payment by the customer's name or the cardholder's, accents and case aside", async () => {
      const ledger = await (await backend.fresh()).open();
      const mbway = await ledger.payments.insert(newPayment({ id: 'pay_mbw', method: 'mbway', card: null, customerName: 'Joana Gonçalves', customerPhone: '351#912345678' }));
      const card = await ledger.payments.insert(newPayment({ id: 'pay_card', card: { brand: 'visa', bin: '424242', last4: '4242', expiryMonth: 12, expiryYear: 2030, holder: 'Pedro Marques' } }));
      assert.deepEqual(await ids(ledger, { text: 'joana gon' }), [mbway.id]);
      assert.deepEqual(await ids(ledger, { text: 'MARQUES' }), [card.id]);
      assert.deepEqual(await ids(ledger, { text: 'Jo' }), [], 'two letters match identifiers only, not the start of a name');
    });

    test('filters by environment and payment method', async () => {
      const ledger = await (await backend.fresh()).open();
      const live = await ledger.payments.insert(newPayment({ environment: 'production', createdAt: minutes(1) }));
      const mbway = await ledger.payments.insert(newPayment({ method: 'mbway', card: null, createdAt: minutes(2) }));
      const transfer = await ledger.payments.insert(newPayment({ method: 'bank_transfer', card: null, environment: 'production', createdAt: minutes(3) }));
      assert.deepEqual(await ids(ledger, { environment: 'production' }), [transfer.id, live.id]);
      assert.deepEqual(await ids(ledger, { environment: 'sandbox' }), [mbway.id]);
      assert.deepEqual(await ids(ledger, { method: 'mbway' }), [mbway.id]);
      assert.deepEqual(await ids(ledger, { method: 'bank_transfer', environment: 'production' }), [transfer.id]);
      assert.deepEqual(await ids(ledger, { method: 'card', environment: 'test' }), []);
    });

    test('orders oldest first and by amount, paging each order once through ties, with cursors kept to their order', async () => {
      const ledger = await (await backend.fresh()).open();
      const amounts = [500n, 100n, 500n, 2n ** 60n, 100n, 0n, 500n];
      for (const [i, amountMinor] of amounts.entries()) await ledger.payments.insert(newPayment({ id: `pay_${i}`, amountMinor, createdAt: minutes(i % 3) }));
      const all = async (sort: SearchSort) => {
        const seen: PaymentRow[] = [];
        let cursor: string | null = null;
        do {
          const page: Awaited<ReturnType<Ledger['views']['searchPayments']>> = await ledger.views.searchPayments({}, 2, cursor, sort);
          seen.push(...page.rows);
          cursor = page.nextCursor;
        } while (cursor !== null && seen.length < 50);
        return seen;
      };
      const key = (row: PaymentRow) => [row.amountMinor, row.createdAt.getTime(), row.id] as const;
      const compare = (a: readonly [bigint, number, string], b: readonly [bigint, number, string]) => (a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] !== b[1] ? a[1] - b[1] : a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
      const byAmount = (await all('amount_asc')).map(key);
      assert.deepEqual(byAmount, [...byAmount].sort(compare));
      assert.equal(new Set(byAmount.map((k) => k[2])).size, amounts.length);
      const byAmountDesc = (await all('amount_desc')).map((row) => row.id);
      assert.deepEqual(byAmountDesc, [...byAmount].reverse().map((k) => k[2]));
      assert.equal(byAmountDesc[0], 'pay_3', 'the largest amount first, however large');
      const oldest = (await all('oldest')).map((row) => row.id);
      const newest = (await all('newest')).map((row) => row.id);
      assert.deepEqual(oldest, [...newest].reverse());

      const newestPage = await ledger.views.searchPayments({}, 2, null, 'newest');
      await assert.rejects(ledger.views.searchPayments({}, 2, newestPage.nextCursor, 'amount_desc'), ValidationError, 'a cursor of one order is refused by another');
    });

    test('every list plan finds what a row-by-row reading finds: combinations no payment has, rare ones on far days, amount ranges, text and prefixes, page after page', async () => {
      const ledger = await (await backend.fresh()).open();
      const gateways = ['sibs-spg', 'aci-oppwa', 'be2bill', 'sayswitch'] as const;
      const statuses = ['captured', 'refunded', 'declined'] as const;
      const inserted: PaymentRow[] = [];
      for (let n = 0; n < 72; n += 1) {
        const gatewayId = gateways[n % 4]!;
        const day = Math.floor(n / 6);
        const rareEuro = gatewayId === 'sayswitch' && (day === 1 || day === 10);
        inserted.push(
          await ledger.payments.insert(
            newPayment({
              id: `pay_${String((n * 29) % 72).padStart(2, '0')}`,
              createdAt: new Date(Date.UTC(2026, 2, 1 + day, 9, n % 6 >= 4 ? 4 : n % 6)),
              gatewayId,
              profileId: `prof_${gatewayId}`,
              status: statuses[Math.floor(n / 4) % 3]!,
              currency: gatewayId === 'sayswitch' && !rareEuro ? 'NGN' : 'EUR',
              ...(gatewayId === 'sibs-spg' && n % 8 === 0 ? { method: 'mbway', card: null } : { method: 'card' }),
              amountMinor: BigInt(100 + ((n * 7919) % 900)),
              merchantReference: n % 2 === 0 ? `MOTO-2026${String(1 + (day % 3)).padStart(2, '0')}-${n}` : `Invoice 2026/${String(n).padStart(4, '0')}`,
              customerEmail: `${n % 3 === 0 ? 'ana.silva' : 'rui.costa'}${n}@example.com`,
            }),
          ),
        );
      }
      const searched = (row: PaymentRow) => [row.id, row.merchantReference, row.gatewayTransactionId, row.customerEmail, row.card?.last4, row.description, row.customerName, row.card?.holder];
      const prefixed = (row: PaymentRow) => [row.id, row.merchantReference, row.gatewayTransactionId, row.customerEmail, row.card?.last4];
      const matches = (row: PaymentRow, filters: SearchFilters): boolean => {
        const text = filters.text?.trim().toLowerCase() ?? '';
        const inText =
          text.length === 0 ||
          (text.length >= 3 ? searched(row).some((field) => field?.toLowerCase().includes(text)) : prefixed(row).some((field) => field?.toLowerCase().startsWith(text)));
        return (
          inText &&
          (filters.statuses === undefined || filters.statuses.includes(row.status)) &&
          (filters.gatewayId === undefined || row.gatewayId === filters.gatewayId) &&
          (filters.profileId === undefined || row.profileId === filters.profileId) &&
          (filters.currency === undefined || row.currency === filters.currency) &&
          (filters.method === undefined || row.method === filters.method) &&
          (filters.amountMinMinor === undefined || row.amountMinor >= filters.amountMinMinor) &&
          (filters.amountMaxMinor === undefined || row.amountMinor <= filters.amountMaxMinor) &&
          (filters.from === undefined || row.createdAt >= filters.from) &&
          (filters.to === undefined || row.createdAt < filters.to)
        );
      };
      const newestFirst = (a: PaymentRow, b: PaymentRow) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
      const shapes: SearchFilters[] = [
        { gatewayId: 'sayswitch', currency: 'EUR' },
        { gatewayId: 'sayswitch', currency: 'EUR', statuses: ['refunded', 'declined'] },
        { gatewayId: 'be2bill', method: 'mbway' },
        { gatewayId: 'sibs-spg', method: 'mbway', from: new Date(Date.UTC(2026, 2, 3, 9, 2)), to: new Date(Date.UTC(2026, 2, 9, 9, 1)) },
        { profileId: 'prof_aci-oppwa', statuses: ['captured'], currency: 'EUR' },
        { amountMinMinor: 300n, amountMaxMinor: 420n },
        { amountMinMinor: 300n, amountMaxMinor: 420n, currency: 'EUR', statuses: ['captured'] },
        { text: 'MOTO-202602' },
        { text: 'invoice 2026/00' },
        { text: 'ana.silva', gatewayId: 'sayswitch', currency: 'EUR' },
        { text: 'MOTO', statuses: ['declined'], gatewayId: 'be2bill' },
        { text: 'in' },
        { text: 'M' },
        { text: 'zq' },
      ];
      for (const filters of shapes) {
        const expected = inserted.filter((row) => matches(row, filters)).sort(newestFirst).map((row) => row.id);
        const paged = (await allPages(ledger, filters, 4)).flat().map((row) => row.id);
        assert.deepEqual(paged, expected, JSON.stringify(filters, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)));
      }
      assert.ok(inserted.some((row) => matches(row, shapes[0]!)), 'the rare combination is there to find');
      await ledger.payments.update(inserted.find((row) => row.gatewayId === 'sayswitch' && row.currency === 'EUR')!.id, { status: 'voided' }, new Date(Date.UTC(2026, 3, 1)));
      const voided = (await allPages(ledger, { gatewayId: 'sayswitch', currency: 'EUR', statuses: ['voided'] }, 4)).flat();
      assert.equal(voided.length, 1, 'the per-day counts follow a status change');
    });

    test('totals count the whole result and sum its amounts per currency, never across currencies', async () => {
      const ledger = await (await backend.fresh()).open();
      for (let i = 0; i < 7; i += 1) await ledger.payments.insert(newPayment({ amountMinor: 1050n, status: i < 5 ? 'captured' : 'failed' }));
      await ledger.payments.insert(newPayment({ currency: 'USD', amountMinor: 2n ** 40n, status: 'captured' }));
      await ledger.payments.insert(newPayment({ currency: 'NGN', amountMinor: 99n, method: 'bank_transfer', card: null, status: 'captured' }));
      const totals = await ledger.views.searchTotals({ statuses: ['captured'] });
      assert.equal(totals.count, 7);
      assert.deepEqual(totals.currencies, [
        { currency: 'EUR', count: 5, amountMinor: 5250n },
        { currency: 'NGN', count: 1, amountMinor: 99n },
        { currency: 'USD', count: 1, amountMinor: 2n ** 40n },
      ]);
      assert.deepEqual(await ledger.views.searchTotals({ method: 'bank_transfer' }), { count: 1, currencies: [{ currency: 'NGN', count: 1, amountMinor: 99n }] });
      assert.deepEqual(await ledger.views.searchTotals({ text: 'no such payment' }), { count: 0, currencies: [] });
      const page = await ledger.views.searchPayments({ statuses: ['captured'] }, 2, null);
      assert.equal(page.rows.length, 2, 'the totals are not the page');
    });
  });
}
