/**
 * Every plan of the payments list on PostgreSQL (postgres/list-search.ts) finds exactly what the
 * single query finds (search-query.ts, left to the planner), page after page, in both list orders
 * and by amount: the thresholds are moved so that a small ledger takes each plan (the short walk
 * that fills the page, the trigram index asked for the whole text, or for the part a sample says
 * is cheapest). The texts include LIKE's own characters, a phrase spanning two fields, and
 * parts that hold no trigram of their own.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { openLedger } from '../../../electron/core/ledger/open-ledger.ts';
import { PostgresListSearch, type PostgresPlanThresholds } from '../../../electron/core/ledger/postgres/list-search.ts';
import { buildPostgresSearchQuery } from '../../../electron/core/ledger/postgres/search-query.ts';
import { LEDGER_TYPE_PARSERS } from '../../../electron/core/ledger/postgres/pg-rows.ts';
import { paymentFromRow } from '../../../electron/core/ledger/row-mappers.ts';
import type { SqlRow } from '../../../electron/core/ledger/row-reader.ts';
import { cursorAfter, decodeCursor } from '../../../electron/core/ledger/search.ts';
import type { SearchFilters, SearchSort } from '../../../electron/core/ledger/types.ts';
import { createTestDatabase, withoutPostgres, type TestDatabase } from '../../helpers/postgres-test-database.ts';
import { newPayment } from './ledger-fixtures.ts';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1, 8);
const GATEWAYS = ['sibs-spg', 'aci-oppwa', 'be2bill', 'sayswitch'] as const;
const STATUSES = ['captured', 'refunded', 'declined', 'pending'] as const;

const SHAPES: SearchFilters[] = [
  { text: 'MOTO-202601' },
  { text: 'moto-2026' },
  { text: 'ord-1' },
  { text: 'ORD-12' },
  { text: 'Invoice 2026/' },
  { text: 'invoice 2026/0001' },
  { text: 'gmail.com' },
  { text: 'silva', statuses: ['refunded'], currency: 'EUR' },
  { text: 'ORD-1', gatewayId: 'sibs-spg' },
  { text: 'ORD-1', gatewayId: 'aci-oppwa', amountMinMinor: 2_000n },
  { text: 'rui.costa3' },
  { text: 'pay_01' },
  { text: '50%_\\' },
  { text: 'a-b-c' },
  { text: 'silva pay' },
  { text: 'no such payment' },
  { text: 'Bello', from: new Date(START + 3 * DAY), to: new Date(START + 9 * DAY) },
];

const PLANS: Array<[string, PostgresPlanThresholds]> = [
  ['the walk', { walkRows: 1_000, sampleFromRows: 0, sampleRows: 1_000_000, sampleMaxAgeMs: Number.MAX_SAFE_INTEGER }],
  ['a short walk, then the sampled part of the text', { walkRows: 3, sampleFromRows: 0, sampleRows: 1_000_000, sampleMaxAgeMs: Number.MAX_SAFE_INTEGER }],
  ['the trigram index for the whole text', { walkRows: 0, sampleFromRows: Number.MAX_SAFE_INTEGER, sampleRows: 0, sampleMaxAgeMs: Number.MAX_SAFE_INTEGER }],
];

let database: TestDatabase;
let pool: pg.Pool;

before(async () => {
  if (withoutPostgres) return;
  database = await createTestDatabase();
  const ledger = await openLedger({ kind: 'postgres', connectionString: database.url, password: null });
  try {
    for (let n = 0; n < 240; n += 1) {
      const gatewayId = GATEWAYS[n % 4]!;
      const day = Math.floor(n / 8);
      await ledger.payments.insert(
        newPayment({
          id: `pay_${String((n * 37) % 240).padStart(3, '0')}`,
          createdAt: new Date(START + day * DAY + (n % 8 >= 6 ? 6 : n % 8) * 60_000),
          gatewayId,
          profileId: `prof_${gatewayId}`,
          status: STATUSES[Math.floor(n / 4) % 4]!,
          currency: gatewayId === 'sayswitch' ? 'NGN' : 'EUR',
          amountMinor: BigInt(100 + ((n * 7919) % 5000)),
          merchantReference: n % 3 === 0 ? `MOTO-2026${String(1 + (day % 12)).padStart(2, '0')}-${n}` : n % 3 === 1 ? `ORD-${n}` : `Invoice 2026/${String(n).padStart(5, '0')}`,
          customerEmail: `${['ana.silva', 'rui.costa', 'ines.bello'][n % 3]}${n % 7}@${['example.com', 'gmail.com'][n % 2]}`,
          customerName: ['Ana Silva', 'Rui Costa', 'Ines Bello'][n % 3],
          ...(n % 40 === 0 ? { description: `50%_\\ off, a-b-c` } : {}),
        }),
      );
    }
  } finally {
    await ledger.close();
  }
  pool = new pg.Pool({ connectionString: database.url, types: LEDGER_TYPE_PARSERS });
});

after(async () => {
  await pool?.end();
  await database?.drop();
});

const rowsOf = (sql: string, params: readonly unknown[]) => pool.query(sql, params as unknown[]).then((result) => result.rows as SqlRow[]);

async function pages(read: (cursor: string | null) => Promise<SqlRow[]>, limit: number, sort: SearchSort): Promise<string[][]> {
  const seen: string[][] = [];
  let cursor: string | null = null;
  do {
    const rows = await read(cursor);
    seen.push(rows.slice(0, limit).map((row) => String(row['id'])));
    const last = rows[limit - 1];
    cursor = rows.length > limit && last !== undefined ? cursorAfter(paymentFromRow(last), sort) : null;
  } while (cursor !== null && seen.length < 300);
  return seen;
}

const shown = (filters: SearchFilters) => JSON.stringify(filters, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));

test('each plan pages through exactly what the single query finds, in the list orders and by amount', { skip: withoutPostgres }, async () => {
  for (const [plan, thresholds] of PLANS) {
    const search = new PostgresListSearch(rowsOf, thresholds);
    await search.refreshSample();
    for (const sort of ['newest', 'oldest', 'amount_desc'] as const) {
      for (const filters of SHAPES) {
        for (const limit of [1, 7, 50]) {
          const expected = await pages(
            (cursor) => {
              const query = buildPostgresSearchQuery(filters, limit, cursor === null ? null : decodeCursor(cursor), sort);
              return rowsOf(query.sql, query.params);
            },
            limit,
            sort,
          );
          const found = await pages((cursor) => search.page(filters, limit, cursor === null ? null : decodeCursor(cursor), sort), limit, sort);
          assert.deepEqual(found, expected, `${plan}, ${sort}, ${limit} a page: ${shown(filters)}`);
        }
      }
    }
  }
  const everything = async (filters: SearchFilters) => (await rowsOf(buildPostgresSearchQuery(filters, 1_000, null).sql, buildPostgresSearchQuery(filters, 1_000, null).params)).length;
  assert.equal(await everything({ text: '50%_\\' }), 6, "LIKE's characters are text to find");
  assert.equal(await everything({ text: 'silva pay' }), 0, 'a phrase spanning two fields finds nothing');
  assert.ok((await everything({ text: 'MOTO-202601' })) > 0, 'the text is there to find');
});
