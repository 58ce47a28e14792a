/**
 * The payments list's first page over 1,000,000 payments (50 rows, newest first, through the async
 * ledger port) for every shape of search an operator makes: no filter, each status, filters alone
 * and combined, amount ranges, free text of every kind the seed holds (references, gateway ids of
 * the four gateways, e-mails, names, last four, one and two characters), searches that find
 * nothing, and page 50 through the cursor. Each is measured next to the same search with no index
 * in the same run: on SQLite every payment read and every filter checked row by row
 * (`buildScanQuery`: NOT INDEXED, free text through the row matcher), on PostgreSQL the same query
 * with index and bitmap scans turned off for the session. The indexed page must equal the scan's,
 * and SQLite's must equal PostgreSQL's, or the bench stops. Each shape is flagged against the
 * target (≤ 25 ms p95). The table is written as JSON too (CONSOLE_BENCH_JSON, else
 * payment-search-<commit>.json in the bench cache folder), so runs can be compared between commits.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import type { Ledger as LedgerPort } from '../../electron/core/ledger/port.ts';
import { buildPostgresSearchQuery } from '../../electron/core/ledger/postgres/search-query.ts';
import { buildScanQuery, decodeCursor, registerSearchFunctions } from '../../electron/core/ledger/search.ts';
import { openSqliteLedgerPort } from '../../electron/core/ledger/sqlite-port.ts';
import type { SearchFilters } from '../../electron/core/ledger/types.ts';
import { PAYMENT_STATUSES } from '../../shared/domain/schemas.ts';
import { measureAsync, printComparison, type ComparedRow, type Timing } from './bench-kit.ts';
import { cacheFolder, PAYMENTS, seededPostgresLedger, seededSqliteFile } from './payments-fixture.ts';

const PAGE = 50;
const TARGET_MS = 25;
/**
 * The scans take up to twenty seconds each on SQLite (a million rows sorted): one run each (p50 =
 * p95) unless `--scan-runs N`; `--runs N` sets the indexed runs (100).
 */
const option = (name: string, otherwise: number) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : otherwise);
const RUNS = { scan: option('--scan-runs', 1), scanWarm: 0, indexed: option('--runs', 100) };
/** The deep page: page 50, reached through the cursors of the 49 before it. */
const DEEP_PAGE = 50;

interface Shape {
  readonly read: string;
  readonly filters: SearchFilters;
  /** The page to measure (1 unless said), reached through the cursor. */
  readonly page?: number;
}

/** One payment of each gateway, to search by its gateway id whole and by a part of it. */
interface Samples {
  readonly sibs: string;
  readonly oppwa: string;
  readonly be2bill: string;
  readonly sayswitch: string;
}

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const middle = (text: string, length: number) => text.slice(Math.floor((text.length - length) / 2), Math.floor((text.length - length) / 2) + length);

function shapes(samples: Samples): Shape[] {
  return [
    { read: 'no filter', filters: {} },
    ...PAYMENT_STATUSES.map((status) => ({ read: `status ${status}`, filters: { statuses: [status] } })),
    { read: 'statuses captured + refunded', filters: { statuses: ['captured', 'refunded'] } },
    { read: 'gateway sibs-spg + a week', filters: { gatewayId: 'sibs-spg', from: day('2025-06-01'), to: day('2025-06-08') } },
    { read: 'gateway be2bill + status pending', filters: { gatewayId: 'be2bill', statuses: ['pending'] } },
    { read: 'gateway aci-oppwa + status declined', filters: { gatewayId: 'aci-oppwa', statuses: ['declined'] } },
    { read: 'amount 10.00–10.50 (narrow)', filters: { amountMinMinor: 1_000n, amountMaxMinor: 1_050n } },
    { read: 'amount 100.00–150.00', filters: { amountMinMinor: 10_000n, amountMaxMinor: 15_000n } },
    { read: 'amount 100.00–4,000.00 (wide)', filters: { amountMinMinor: 10_000n, amountMaxMinor: 400_000n } },
    { read: 'amount ≥ 4,999.00 (top end)', filters: { amountMinMinor: 499_900n } },
    { read: 'text last 4 "4242"', filters: { text: '4242' } },
    { read: 'text e-mail "chinedu.okafor4"', filters: { text: 'chinedu.okafor4' } },
    { read: 'text domain "gmail.com"', filters: { text: 'gmail.com' } },
    { read: 'text surname "Pereira"', filters: { text: 'Pereira' } },
    { read: 'text rare surname "Quaresma"', filters: { text: 'Quaresma' } },
    { read: 'text reference exact "MOTO-202507-00561600"', filters: { text: 'MOTO-202507-00561600' } },
    { read: 'text reference "MOTO-202507"', filters: { text: 'MOTO-202507' } },
    { read: 'text reference "ORD-15"', filters: { text: 'ORD-15' } },
    { read: 'text reference exact "ORD-150001"', filters: { text: 'ORD-150001' } },
    { read: 'text reference "Invoice 2025/"', filters: { text: 'Invoice 2025/' } },
    { read: 'text reference "invoice 2025/0056"', filters: { text: 'invoice 2025/0056' } },
    { read: 'text SIBS id exact', filters: { text: samples.sibs } },
    { read: 'text SIBS id part', filters: { text: middle(samples.sibs, 8) } },
    { read: 'text OPPWA id exact', filters: { text: samples.oppwa } },
    { read: 'text OPPWA id part', filters: { text: middle(samples.oppwa, 12) } },
    { read: 'text Be2bill id exact', filters: { text: samples.be2bill } },
    { read: 'text Be2bill id part', filters: { text: samples.be2bill.slice(0, 5) } },
    { read: 'text Sayswitch id exact', filters: { text: samples.sayswitch } },
    { read: 'text Sayswitch id part', filters: { text: samples.sayswitch.slice(2, 9) } },
    { read: 'text 1 char "M"', filters: { text: 'M' } },
    { read: 'text 1 char "z" (no hit)', filters: { text: 'z' } },
    { read: 'text 2 chars "OR"', filters: { text: 'OR' } },
    { read: 'text 2 chars "A1"', filters: { text: 'A1' } },
    { read: 'text 2 chars "zq" (no hit)', filters: { text: 'zq' } },
    { read: 'captured + aci-oppwa + "ORD-15" + amount ≥ 100.00', filters: { statuses: ['captured'], gatewayId: 'aci-oppwa', text: 'ORD-15', amountMinMinor: 10_000n } },
    { read: '"Pereira" + refunded + EUR', filters: { text: 'Pereira', statuses: ['refunded'], currency: 'EUR' } },
    { read: 'sibs-spg + mbway + auth + a month', filters: { gatewayId: 'sibs-spg', method: 'mbway', kind: 'auth', from: day('2025-03-01'), to: day('2025-04-01') } },
    { read: 'captured + EUR + amount 10.00–10.50', filters: { statuses: ['captured'], currency: 'EUR', amountMinMinor: 1_000n, amountMaxMinor: 1_050n } },
    { read: 'text no hit "no-such-payment"', filters: { text: 'no-such-payment' } },
    { read: 'no hit: sayswitch + EUR', filters: { gatewayId: 'sayswitch', currency: 'EUR' } },
    { read: 'no hit: be2bill + mbway', filters: { gatewayId: 'be2bill', method: 'mbway' } },
    { read: 'no hit: sayswitch + EUR + captured', filters: { gatewayId: 'sayswitch', currency: 'EUR', statuses: ['captured'] } },
    { read: 'no hit: profile prof_sibs + NGN + a month', filters: { profileId: 'prof_sibs', currency: 'NGN', from: day('2025-05-01'), to: day('2025-06-01') } },
    { read: 'no hit: "ORD-15" + sibs-spg', filters: { text: 'ORD-15', gatewayId: 'sibs-spg' } },
    { read: 'no hit: amount 10.00–10.50 + NGN + refunded', filters: { amountMinMinor: 1_000n, amountMaxMinor: 1_050n, currency: 'NGN', statuses: ['voided'] } },
    { read: `page ${DEEP_PAGE} via cursor, no filter`, filters: {}, page: DEEP_PAGE },
    { read: `page ${DEEP_PAGE} via cursor, status refunded`, filters: { statuses: ['refunded'] }, page: DEEP_PAGE },
    { read: `page ${DEEP_PAGE} via cursor, "Invoice 2025/"`, filters: { text: 'Invoice 2025/' }, page: DEEP_PAGE },
  ];
}

/** What one run of a shape found: the page's ids and whether another page follows. */
interface Found {
  readonly ids: string[];
  readonly more: boolean;
}

interface Backend {
  readonly name: 'sqlite' | 'postgres';
  readonly port: LedgerPort;
  /** The same search with no index, from the shape's cursor. */
  scan(filters: SearchFilters, cursor: string | null): Promise<Found>;
  close(): Promise<void>;
}

interface Measured {
  readonly read: string;
  readonly scan: Timing;
  readonly indexed: Timing;
  readonly met: boolean;
}

async function cursorOf(port: LedgerPort, filters: SearchFilters, page: number): Promise<string | null> {
  let cursor: string | null = null;
  for (let n = 1; n < page; n += 1) {
    cursor = (await port.views.searchPayments(filters, PAGE, cursor)).nextCursor;
    if (cursor === null) throw new Error(`the search ends before page ${page}`);
  }
  return cursor;
}

async function indexedPage(port: LedgerPort, filters: SearchFilters, cursor: string | null): Promise<Found> {
  const page = await port.views.searchPayments(filters, PAGE, cursor);
  return { ids: page.rows.map((row) => row.id), more: page.nextCursor !== null };
}

const same = (a: Found, b: Found) => a.more === b.more && a.ids.join(',') === b.ids.join(',');

async function measureBackend(backend: Backend, all: readonly Shape[], pages: Map<string, Found>): Promise<Measured[]> {
  const measured: Measured[] = [];
  for (const shape of all) {
    const cursor = await cursorOf(backend.port, shape.filters, shape.page ?? 1);
    const indexed = await indexedPage(backend.port, shape.filters, cursor);
    const scanned = await backend.scan(shape.filters, cursor);
    if (!same(indexed, scanned)) throw new Error(`${backend.name}, ${shape.read}: the indexed page differs from the scan's\n  indexed ${indexed.ids.join(',')}\n  scan    ${scanned.ids.join(',')}`);
    const other = pages.get(shape.read);
    if (other !== undefined && !same(other, indexed)) throw new Error(`${shape.read}: ${backend.name}'s page differs from the other backend's`);
    pages.set(shape.read, indexed);
    const timing = await measureAsync(() => backend.port.views.searchPayments(shape.filters, PAGE, cursor), RUNS.indexed);
    const scan = await measureAsync(() => backend.scan(shape.filters, cursor), RUNS.scan, RUNS.scanWarm);
    measured.push({ read: `${shape.read} (${indexed.ids.length}${indexed.more ? '+' : ''})`, scan, indexed: timing, met: timing.p95 <= TARGET_MS });
    process.stderr.write(`${backend.name}: ${shape.read}: p95 ${timing.p95.toFixed(2)} ms, scan p95 ${scan.p95.toFixed(1)} ms\n`);
  }
  return measured;
}

function report(backend: string, measured: readonly Measured[], how: string): void {
  const rows: ComparedRow[] = measured.map((entry) => ({ read: entry.read, old: entry.scan, now: entry.indexed }));
  const missed = measured.filter((entry) => !entry.met).length;
  printComparison(
    `${backend}: first page (${PAGE} rows, newest first) over ${PAYMENTS.toLocaleString('en')} payments, ms — scan: ${how}; indexed: the ledger port (views.searchPayments). (n) rows found, + more pages. ${measured.length - missed} of ${measured.length} ≤ ${TARGET_MS} ms p95`,
    rows,
    { old: 'scan', now: 'indexed' },
    { group: `search, ${backend}`, targetP95Ms: TARGET_MS, verdict: { header: `≤ ${TARGET_MS} ms p95`, of: (row) => (row.now.p95 <= TARGET_MS ? 'ok' : 'MISSED') } },
  );
}

function sqliteBackend(file: string): Backend {
  const port = openSqliteLedgerPort(file);
  const db = new DatabaseSync(file, { readOnly: true, readBigInts: true });
  registerSearchFunctions(db);
  return {
    name: 'sqlite',
    port,
    async scan(filters, cursor) {
      const query = buildScanQuery(filters, PAGE, cursor === null ? null : decodeCursor(cursor));
      const rows = db.prepare(query.sql).all(...query.params);
      return { ids: rows.slice(0, PAGE).map((row) => String(row['id'])), more: rows.length > PAGE };
    },
    async close() {
      db.close();
      await port.close();
    },
  };
}

async function postgresBackend(connectionString: string, port: LedgerPort): Promise<Backend> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  await client.query('SET enable_indexscan = off; SET enable_bitmapscan = off; SET enable_indexonlyscan = off');
  return {
    name: 'postgres',
    port,
    async scan(filters, cursor) {
      const query = buildPostgresSearchQuery(filters, PAGE, cursor === null ? null : decodeCursor(cursor));
      const rows = (await client.query(query.sql, query.params)).rows as Array<Record<string, unknown>>;
      return { ids: rows.slice(0, PAGE).map((row) => String(row['id'])), more: rows.length > PAGE };
    },
    async close() {
      await client.end();
      await port.close();
    },
  };
}

function samplesFrom(file: string): Samples {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const gatewayId = (id: string) => String(db.prepare('SELECT gateway_transaction_id FROM payments WHERE id = ?').get(id)?.['gateway_transaction_id']);
    return { sibs: gatewayId('pay_00561600'), oppwa: gatewayId('pay_00561601'), be2bill: gatewayId('pay_00561602'), sayswitch: gatewayId('pay_00561603') };
  } finally {
    db.close();
  }
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

const asJson = (measured: readonly Measured[]) => measured.map((entry) => ({ read: entry.read, scan: entry.scan, indexed: entry.indexed, met: entry.met }));

async function main(): Promise<void> {
  const file = seededSqliteFile();
  const all = shapes(samplesFrom(file));
  const pages = new Map<string, Found>();
  const results: Record<string, unknown> = { commit: commit(), at: new Date().toISOString(), payments: PAYMENTS, page: PAGE, targetMs: TARGET_MS };

  const sqlite = sqliteBackend(file);
  try {
    const measured = await measureBackend(sqlite, all, pages);
    report('SQLite', measured, 'NOT INDEXED, every filter and the text checked row by row (buildScanQuery)');
    results['sqlite'] = asJson(measured);
  } finally {
    await sqlite.close();
  }

  const seeded = await seededPostgresLedger();
  if (seeded !== null) {
    const postgres = await postgresBackend(seeded.connectionString, seeded.port);
    try {
      const measured = await measureBackend(postgres, all, pages);
      report('PostgreSQL', measured, 'the same query with index, index-only and bitmap scans off for the session');
      results['postgres'] = asJson(measured);
    } finally {
      await postgres.close();
    }
  }

  const out = process.env['CONSOLE_BENCH_JSON'] ?? join(cacheFolder(), `payment-search-${String(results['commit'])}.json`);
  writeFileSync(out, `${JSON.stringify(results, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2)}\n`);
  console.log(`table written to ${out}`);
}

await main();
