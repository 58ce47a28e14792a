import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../../electron/core/errors.ts';
import { openDatabase } from '../../../electron/core/ledger/database.ts';
import { buildSearchQuery, registerSearchFunctions, TRIGRAM_PLAN_MAX_MATCHES, type TextPlan } from '../../../electron/core/ledger/search.ts';
import { openSqliteLedger, type SqliteLedger } from '../../../electron/core/ledger/sqlite-ledger.ts';
import type { Ledger, NewPayment, SearchFilters } from '../../../electron/core/ledger/types.ts';
import { newPayment, tempLedgerPath } from './ledger-fixtures.ts';

function minute(n: number): Date {
  return new Date(Date.UTC(2026, 4, 1, 9, 0) + n * 60_000);
}

function ids(ledger: Ledger, filters: SearchFilters, limit = 100): string[] {
  return ledger.searchPayments(filters, limit, null).rows.map((row) => row.id);
}

function allPages(ledger: Ledger, filters: SearchFilters, limit: number): string[][] {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const page = ledger.searchPayments(filters, limit, cursor);
    pages.push(page.rows.map((row) => row.id));
    cursor = page.nextCursor;
  } while (cursor !== null);
  return pages;
}

/** A small ledger where each payment differs from the others in one searchable way. */
function seededLedger(filePath = tempLedgerPath()): SqliteLedger {
  const ledger = openSqliteLedger(filePath);
  const seeds: Array<Partial<NewPayment>> = [
    { id: 'pay_a', createdAt: minute(1), status: 'captured', gatewayId: 'sibs-spg', profileId: 'p_sibs', currency: 'EUR', amountMinor: 1_000n, merchantReference: 'ORD-1001', customerEmail: 'Ana.Silva@Example.PT', description: 'Reserva quarto duplo' },
    { id: 'pay_b', createdAt: minute(2), status: 'refunded', gatewayId: 'aci-oppwa', profileId: 'p_aci', currency: 'EUR', amountMinor: 5_000n, merchantReference: 'ORD-1002', kind: 'auth', description: 'Café & pastelaria' },
    { id: 'pay_c', createdAt: minute(3), status: 'declined', gatewayId: 'be2bill', profileId: 'p_be2', currency: 'EUR', amountMinor: 7_500n, merchantReference: 'WEB-77', card: { brand: 'mastercard', bin: '555555', last4: '4444', expiryMonth: 1, expiryYear: 2031, holder: 'J Doe' } },
    { id: 'pay_d', createdAt: minute(4), status: 'captured', gatewayId: 'sayswitch', profileId: 'p_say', currency: 'NGN', amountMinor: 250_000n, merchantReference: 'NG-"quoted"-1', customerEmail: 'buyer@shop.ng' },
    { id: 'pay_e', createdAt: minute(5), status: 'unknown', gatewayId: 'sibs-spg', profileId: 'p_sibs', currency: 'EUR', amountMinor: 12_000n, merchantReference: 'ORD-1005', kind: 'auth' },
  ];
  for (const seed of seeds) ledger.insertPayment(newPayment(seed));
  ledger.updatePayment('pay_c', { gatewayTransactionId: 'BE2-TX-998877' }, minute(3));
  return ledger;
}

test('lists payments newest first', () => {
  const ledger = seededLedger();
  assert.deepEqual(ids(ledger, {}), ['pay_e', 'pay_d', 'pay_c', 'pay_b', 'pay_a']);
  ledger.close();
});

test('filters by status, gateway, profile, kind and currency', () => {
  const ledger = seededLedger();
  assert.deepEqual(ids(ledger, { statuses: ['captured', 'unknown'] }), ['pay_e', 'pay_d', 'pay_a']);
  assert.deepEqual(ids(ledger, { statuses: [] }), ['pay_e', 'pay_d', 'pay_c', 'pay_b', 'pay_a']);
  assert.deepEqual(ids(ledger, { gatewayId: 'sibs-spg' }), ['pay_e', 'pay_a']);
  assert.deepEqual(ids(ledger, { profileId: 'p_aci' }), ['pay_b']);
  assert.deepEqual(ids(ledger, { kind: 'auth' }), ['pay_e', 'pay_b']);
  assert.deepEqual(ids(ledger, { currency: 'NGN' }), ['pay_d']);
  assert.deepEqual(ids(ledger, { gatewayId: 'sibs-spg', statuses: ['captured'] }), ['pay_a']);
  ledger.close();
});

test('filters by amount range, both ends inclusive', () => {
  const ledger = seededLedger();
  assert.deepEqual(ids(ledger, { amountMinMinor: 5_000n, amountMaxMinor: 12_000n }), ['pay_e', 'pay_c', 'pay_b']);
  assert.deepEqual(ids(ledger, { amountMinMinor: 12_001n }), ['pay_d']);
  assert.deepEqual(ids(ledger, { amountMaxMinor: 999n }), []);
  ledger.close();
});

test('filters by creation time from (inclusive) to (exclusive)', () => {
  const ledger = seededLedger();
  assert.deepEqual(ids(ledger, { from: minute(2), to: minute(4) }), ['pay_c', 'pay_b']);
  assert.deepEqual(ids(ledger, { from: minute(5) }), ['pay_e']);
  assert.deepEqual(ids(ledger, { to: minute(2) }), ['pay_a']);
  ledger.close();
});

test('finds a payment by any part of its id, merchant reference, gateway transaction id, e-mail, last four or description', () => {
  const ledger = seededLedger();
  assert.deepEqual(ids(ledger, { text: 'pay_c' }), ['pay_c']);
  assert.deepEqual(ids(ledger, { text: 'ORD-100' }), ['pay_e', 'pay_b', 'pay_a']);
  assert.deepEqual(ids(ledger, { text: '998877' }), ['pay_c']);
  assert.deepEqual(ids(ledger, { text: 'shop.ng' }), ['pay_d']);
  assert.deepEqual(ids(ledger, { text: '4444' }), ['pay_c']);
  assert.deepEqual(ids(ledger, { text: 'quarto' }), ['pay_a']);
  ledger.close();
});

test('matches free text regardless of case and accents', () => {
  const ledger = seededLedger();
  assert.deepEqual(ids(ledger, { text: 'ana.silva@example.pt' }), ['pay_a']);
  assert.deepEqual(ids(ledger, { text: 'ord-1002' }), ['pay_b']);
  assert.deepEqual(ids(ledger, { text: 'CAFE' }), ['pay_b']);
  ledger.close();
});

test('treats quotes and search operators in the text as plain characters', () => {
  const ledger = seededLedger();
  assert.deepEqual(ids(ledger, { text: '"quoted"' }), ['pay_d']);
  assert.deepEqual(ids(ledger, { text: 'ORD OR WEB' }), []);
  assert.deepEqual(ids(ledger, { text: 'NEAR(' }), []);
  assert.deepEqual(ids(ledger, { text: '%_%' }), []);
  ledger.close();
});

test('matches one- and two-character text against the start of ids and references', () => {
  const ledger = seededLedger();
  assert.deepEqual(ids(ledger, { text: 'WE' }), ['pay_c']);
  assert.deepEqual(ids(ledger, { text: 'n' }), ['pay_d']);
  assert.deepEqual(ids(ledger, { text: '%' }), []);
  assert.deepEqual(ids(ledger, { text: '  ' }), ['pay_e', 'pay_d', 'pay_c', 'pay_b', 'pay_a']);
  ledger.close();
});

test('finds a payment by a gateway transaction id recorded after it was created', () => {
  const ledger = seededLedger();
  assert.deepEqual(ids(ledger, { text: 'SPG-55' }), []);
  ledger.updatePayment('pay_e', { gatewayTransactionId: 'SPG-5566' }, minute(6));
  assert.deepEqual(ids(ledger, { text: 'SPG-55' }), ['pay_e']);
  ledger.updatePayment('pay_e', { gatewayTransactionId: 'SPG-7788' }, minute(7));
  assert.deepEqual(ids(ledger, { text: 'SPG-55' }), []);
  ledger.close();
});

test('combines free text with filters', () => {
  const ledger = seededLedger();
  assert.deepEqual(ids(ledger, { text: 'ORD-100', kind: 'auth', gatewayId: 'sibs-spg' }), ['pay_e']);
  ledger.close();
});

test('pages through every payment once, with no gaps, even when many share a creation time', () => {
  const ledger = openSqliteLedger(tempLedgerPath());
  const expected: string[] = [];
  for (let n = 0; n < 53; n += 1) {
    const id = `pay_${String(n).padStart(3, '0')}`;
    ledger.insertPayment(newPayment({ id, createdAt: minute(Math.floor(n / 4)), status: n % 3 === 0 ? 'captured' : 'declined' }));
    expected.push(id);
  }
  const newestFirst = [...expected].sort((a, b) => b.localeCompare(a));
  const pages = allPages(ledger, {}, 7);
  assert.equal(pages.length, 8);
  assert.ok(pages.slice(0, -1).every((page) => page.length === 7));
  assert.deepEqual(pages.flat(), newestFirst);

  const captured = newestFirst.filter((id) => Number(id.slice(4)) % 3 === 0);
  assert.deepEqual(allPages(ledger, { statuses: ['captured'] }, 5).flat(), captured);
  assert.deepEqual(allPages(ledger, { statuses: ['captured'], text: 'pay_0' }, 4).flat(), captured.filter((id) => id.startsWith('pay_0')));
  ledger.close();
});

test('keeps the next page stable when newer payments arrive between pages', () => {
  const ledger = openSqliteLedger(tempLedgerPath());
  for (let n = 0; n < 10; n += 1) ledger.insertPayment(newPayment({ id: `pay_${n}`, createdAt: minute(n) }));
  const first = ledger.searchPayments({}, 4, null);
  assert.deepEqual(first.rows.map((row) => row.id), ['pay_9', 'pay_8', 'pay_7', 'pay_6']);
  ledger.insertPayment(newPayment({ id: 'pay_new', createdAt: minute(60) }));
  const second = ledger.searchPayments({}, 4, first.nextCursor);
  assert.deepEqual(second.rows.map((row) => row.id), ['pay_5', 'pay_4', 'pay_3', 'pay_2']);
  const third = ledger.searchPayments({}, 4, second.nextCursor);
  assert.deepEqual(third.rows.map((row) => row.id), ['pay_1', 'pay_0']);
  assert.equal(third.nextCursor, null);
  ledger.close();
});

test('returns no cursor when the last page is exactly full', () => {
  const ledger = openSqliteLedger(tempLedgerPath());
  for (let n = 0; n < 4; n += 1) ledger.insertPayment(newPayment({ createdAt: minute(n) }));
  const page = ledger.searchPayments({}, 4, null);
  assert.equal(page.rows.length, 4);
  assert.equal(page.nextCursor, null);
  ledger.close();
});

test('rejects a cursor it did not issue', () => {
  const ledger = seededLedger();
  for (const cursor of ['not-a-cursor', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('["yesterday","x"]').toString('base64url')]) {
    assert.throws(() => ledger.searchPayments({}, 10, cursor), ValidationError, cursor);
  }
  ledger.close();
});

test('matches the same payments whether the text goes through the trigram index or row by row', () => {
  const filePath = tempLedgerPath();
  const seeded = seededLedger(filePath);
  // The queries below read the FTS table straight: everything is indexed first, as a search through the ledger does.
  seeded.indexSearchText(Number.POSITIVE_INFINITY);
  seeded.close();
  const db = openDatabase(filePath);
  registerSearchFunctions(db);
  const run = (filters: SearchFilters, plan: TextPlan): string[] => {
    const query = buildSearchQuery(filters, 100, null, plan);
    return db.prepare(query.sql).all(...query.params).map((row) => String(row['id']));
  };
  const texts = ['ORD-100', 'ord-1002', 'CAFE', 'café', 'Ana.Silva', '998877', '4444', '"quoted"', 'quarto duplo', 'nothing like it'];
  for (const text of texts) {
    const viaIndex = run({ text }, 'trigram-index');
    assert.deepEqual(run({ text }, 'row-scan'), viaIndex, text);
    assert.deepEqual(run({ text, statuses: ['captured'] }, 'row-scan'), run({ text, statuses: ['captured'] }, 'trigram-index'), text);
  }
  db.close();
});

test('finds common text on the first page when it matches more payments than the index plan takes', () => {
  const ledger = openSqliteLedger(tempLedgerPath());
  const total = TRIGRAM_PLAN_MAX_MATCHES + 500;
  const atExample: string[] = [];
  ledger.transaction(() => {
    for (let n = 0; n < total; n += 1) {
      const onExample = n % 10 !== 0;
      ledger.insertPayment(newPayment({ id: `pay_${n}`, createdAt: minute(n), customerEmail: onExample ? `buyer${n}@Exámple.com` : `buyer${n}@other.org` }));
      if (onExample) atExample.unshift(`pay_${n}`);
    }
  });
  assert.ok(atExample.length > TRIGRAM_PLAN_MAX_MATCHES);
  const first = ledger.searchPayments({ text: 'EXAMPLE.COM' }, 5, null);
  assert.deepEqual(first.rows.map((row) => row.id), atExample.slice(0, 5));
  const second = ledger.searchPayments({ text: 'EXAMPLE.COM' }, 5, first.nextCursor);
  assert.deepEqual(second.rows.map((row) => row.id), atExample.slice(5, 10));
  ledger.close();
});
