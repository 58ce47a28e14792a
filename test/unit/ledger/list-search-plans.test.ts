/**
 * Every plan of the payments list on SQLite (sqlite-list-search.ts) finds exactly what the plain
 * scan finds (`buildScanQuery`: no index, every filter checked row by row), page after page, in
 * both list orders: the thresholds are moved so that a small ledger takes each plan (amount index
 * or walk, prefix indexes or walk, the filters' short walk or the text index), and the ledger has
 * what each plan must get right: payments sharing a millisecond, days with no match between the
 * days of a rare combination, combinations no payment has, prefixes in either case.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DatabaseSync } from 'node:sqlite';
import { openDatabase } from '../../../electron/core/ledger/database.ts';
import { buildScanQuery, cursorAfter, decodeCursor, registerSearchFunctions } from '../../../electron/core/ledger/search.ts';
import { openSqliteLedger } from '../../../electron/core/ledger/sqlite-ledger.ts';
import { SqliteListSearch, type PlanThresholds } from '../../../electron/core/ledger/sqlite-list-search.ts';
import type { SearchFilters, SearchSort } from '../../../electron/core/ledger/types.ts';
import { paymentFromRow } from '../../../electron/core/ledger/row-mappers.ts';
import type { SqlRow } from '../../../electron/core/ledger/row-reader.ts';
import { newPayment, tempLedgerPath } from './ledger-fixtures.ts';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1, 8);
const GATEWAYS = ['sibs-spg', 'aci-oppwa', 'be2bill', 'sayswitch'] as const;
const STATUSES = ['captured', 'refunded', 'declined', 'pending'] as const;

/** 240 payments over 30 days; every fourth pair shares a millisecond; Sayswitch in EUR only on days 2 and 27. */
function seeded(): string {
  const path = tempLedgerPath();
  const ledger = openSqliteLedger(path);
  ledger.transaction(() => {
    for (let n = 0; n < 240; n += 1) {
      const gatewayId = GATEWAYS[n % 4]!;
      const day = Math.floor(n / 8);
      const at = new Date(START + day * DAY + (n % 8 >= 6 ? 6 : n % 8) * 60_000);
      const rareEuro = gatewayId === 'sayswitch' && (day === 2 || day === 27);
      ledger.insertPayment(
        newPayment({
          id: `pay_${String((n * 37) % 240).padStart(3, '0')}`,
          createdAt: at,
          gatewayId,
          profileId: `prof_${gatewayId}`,
          status: STATUSES[Math.floor(n / 4) % 4]!,
          currency: gatewayId === 'sayswitch' && !rareEuro ? 'NGN' : 'EUR',
          ...(gatewayId === 'sibs-spg' && n % 8 === 0 ? { method: 'mbway', card: null } : { method: 'card' }),
          amountMinor: BigInt(100 + ((n * 7919) % 5000)),
          merchantReference: n % 3 === 0 ? `MOTO-2026${String(1 + (day % 12)).padStart(2, '0')}-${n}` : n % 3 === 1 ? `ORD-${n}` : `Invoice 2026/${String(n).padStart(5, '0')}`,
          customerEmail: `${['ana.silva', 'rui.costa', 'ines.bello'][n % 3]}${n % 7}@${['example.com', 'gmail.com'][n % 2]}`,
          customerName: ['Ana Silva', 'Rui Costa', 'Ines Bello'][n % 3],
        }),
      );
    }
  });
  // The plans below read the FTS table straight: everything is indexed first, as a search through the ledger does.
  ledger.indexSearchText(Number.POSITIVE_INFINITY);
  ledger.close();
  return path;
}

const SHAPES: SearchFilters[] = [
  {},
  { statuses: ['refunded'] },
  { gatewayId: 'be2bill', statuses: ['pending'] },
  { gatewayId: 'sayswitch', currency: 'EUR' },
  { gatewayId: 'sayswitch', currency: 'EUR', statuses: ['captured', 'refunded', 'declined', 'pending'] },
  { gatewayId: 'be2bill', method: 'mbway' },
  { profileId: 'prof_sibs-spg', currency: 'NGN', from: new Date(START + 3 * DAY), to: new Date(START + 9 * DAY) },
  { gatewayId: 'sibs-spg', method: 'mbway', from: new Date(START + 2 * DAY), to: new Date(START + 20 * DAY) },
  { amountMinMinor: 1_000n, amountMaxMinor: 1_400n },
  { amountMinMinor: 1_000n, amountMaxMinor: 1_400n, statuses: ['captured'], currency: 'EUR' },
  { amountMinMinor: 4_000n },
  { text: 'MOTO-202601' },
  { text: 'ord-1' },
  { text: 'Invoice 2026/' },
  { text: 'gmail.com' },
  { text: 'silva', statuses: ['refunded'], currency: 'EUR' },
  { text: 'ORD-1', gatewayId: 'sibs-spg' },
  { text: 'ORD-1', gatewayId: 'aci-oppwa', amountMinMinor: 2_000n },
  { text: 'no such payment' },
  { text: 'o' },
  { text: 'OR' },
  { text: 'in' },
  { text: 'z' },
  { text: 'pa', statuses: ['pending'] },
];

const PLANS: Array<[string, PlanThresholds]> = [
  ['index plans', { amountIndexMaxMatches: 1_000_000, prefixIndexMaxMatches: 1_000_000, filterWalkRows: 3 }],
  ['walking plans', { amountIndexMaxMatches: 0, prefixIndexMaxMatches: 0, filterWalkRows: 1_000 }],
];

function ids(rows: readonly SqlRow[]): string[] {
  return rows.map((row) => String(row['id']));
}

/** Every page of `read` in turn, as the list asks for them, and the ids of each. */
function pages(read: (cursor: string | null) => SqlRow[], limit: number, sort: SearchSort): string[][] {
  const seen: string[][] = [];
  let cursor: string | null = null;
  do {
    const rows = read(cursor);
    seen.push(ids(rows.slice(0, limit)));
    const last = rows[limit - 1];
    cursor = rows.length > limit && last !== undefined ? cursorAfter(paymentFromRow(last), sort) : null;
  } while (cursor !== null && seen.length < 100);
  return seen;
}

function scanned(db: DatabaseSync, filters: SearchFilters, limit: number, sort: SearchSort): string[][] {
  return pages(
    (cursor) => {
      const query = buildScanQuery(filters, limit, cursor === null ? null : decodeCursor(cursor), sort);
      return db.prepare(query.sql).all(...query.params) as SqlRow[];
    },
    limit,
    sort,
  );
}

test('each plan pages through exactly what the plain scan finds, in both list orders', () => {
  const db = openDatabase(seeded());
  registerSearchFunctions(db);
  try {
    for (const [plan, thresholds] of PLANS) {
      const search = new SqliteListSearch(db, thresholds);
      for (const sort of ['newest', 'oldest', 'amount_desc'] as const) {
        for (const filters of SHAPES) {
          for (const limit of [1, 7, 50]) {
            const expected = scanned(db, filters, limit, sort);
            const found = pages((cursor) => search.page(filters, limit, cursor === null ? null : decodeCursor(cursor), sort), limit, sort);
            assert.deepEqual(found, expected, `${plan}, ${sort}, ${limit} a page: ${JSON.stringify(filters, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))}`);
          }
        }
      }
    }
    assert.ok(scanned(db, { gatewayId: 'sayswitch', currency: 'EUR' }, 50, 'newest').flat().length > 0, 'the rare combination is there to find');
    assert.deepEqual(scanned(db, { gatewayId: 'be2bill', method: 'mbway' }, 50, 'newest'), [[]], 'and the absent one is not');
  } finally {
    db.close();
  }
});

test('free text is walked from the trigram index in the list order, without sorting the matches', () => {
  const db = openDatabase(seeded());
  registerSearchFunctions(db);
  try {
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT p.* FROM payment_search JOIN payments p ON p.list_key = payment_search.rowid WHERE payment_search MATCH ? ORDER BY payment_search.rowid DESC LIMIT 51")
      .all('"ord-1"')
      .map((row) => String(row['detail']))
      .join('\n');
    assert.match(plan, /VIRTUAL TABLE INDEX/);
    assert.doesNotMatch(plan, /TEMP B-TREE/, plan);
  } finally {
    db.close();
  }
});
