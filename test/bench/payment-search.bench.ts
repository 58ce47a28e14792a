/**
 * The payments list's first page over 1,000,000 payments (50 rows, newest first): no filter, a
 * merchant-reference fragment, a text most payments contain, and a status — through the async
 * ledger port on each backend, next to the synchronous store call the core made before the port
 * (`SqliteLedger.searchPayments`), measured in the same run. The payments are payments-fixture.ts's.
 */
import type { Ledger as LedgerPort } from '../../electron/core/ledger/port.ts';
import { openSqliteLedger } from '../../electron/core/ledger/sqlite-ledger.ts';
import { openSqliteLedgerPort } from '../../electron/core/ledger/sqlite-port.ts';
import type { SearchFilters, SearchPage } from '../../electron/core/ledger/types.ts';
import { measure, measureAsync, printComparison, type ComparedRow } from './bench-kit.ts';
import { loadPostgresBackend, PAYMENTS, seededPostgresDatabase, seededSqliteFile } from './payments-fixture.ts';

const PAGE = 50;
const RUNS = { old: 200, now: 200 };

const SEARCHES: Array<{ read: string; filters: SearchFilters }> = [
  { read: 'no filter', filters: {} },
  { read: 'text: reference fragment "004242" (trigram index)', filters: { text: '004242' } },
  { read: 'text: "example.com", in every row (row scan)', filters: { text: 'example.com' } },
  { read: 'status: refunded (1 in 10)', filters: { statuses: ['refunded'] } },
];

const idsOf = (page: SearchPage) => page.rows.map((row) => row.id).join(',');

/** The old path and a port must show the same page, or the figures compare different work. */
function agree(read: string, old: SearchPage, now: SearchPage, backend: string): void {
  if (old.rows.length === 0) throw new Error(`${read}: the old path found nothing; the seed does not fit the search`);
  if (idsOf(old) !== idsOf(now)) throw new Error(`${read}: the ${backend} port's page differs from the old path's`);
}

async function compare(backend: string, oldSearch: (filters: SearchFilters) => SearchPage, port: LedgerPort): Promise<ComparedRow[]> {
  const rows: ComparedRow[] = [];
  for (const { read, filters } of SEARCHES) {
    agree(read, oldSearch(filters), await port.views.searchPayments(filters, PAGE, null), backend);
    rows.push({
      read,
      old: measure(() => oldSearch(filters), RUNS.old),
      now: await measureAsync(() => port.views.searchPayments(filters, PAGE, null), RUNS.now),
    });
  }
  return rows;
}

async function main(): Promise<void> {
  const file = seededSqliteFile();
  const store = openSqliteLedger(file);
  const oldSearch = (filters: SearchFilters) => store.searchPayments(filters, PAGE, null);
  const sqlitePort = openSqliteLedgerPort(file);
  try {
    const rows = await compare('sqlite', oldSearch, sqlitePort);
    printComparison(
      `First search page (${PAGE} rows) over ${PAYMENTS.toLocaleString('en')} payments, ms — old: the synchronous store call (SqliteLedger.searchPayments); new: the async port on SQLite (views.searchPayments)`,
      rows,
    );

    const serverUrl = process.env['CONSOLE_TEST_PG_URL'];
    if (!serverUrl) {
      console.log('postgres: no server (CONSOLE_TEST_PG_URL unset; npm run bench starts one when PostgreSQL is installed)\n');
      return;
    }
    const backend = await loadPostgresBackend();
    if (!backend) {
      console.log('postgres: backend not available\n');
      return;
    }
    const connectionString = await seededPostgresDatabase(serverUrl);
    const postgresPort = await backend.openPostgresLedger({ kind: 'postgres', connectionString, password: null });
    try {
      const pgRows = await compare('postgres', oldSearch, postgresPort);
      printComparison(
        `First search page (${PAGE} rows) over ${PAYMENTS.toLocaleString('en')} payments, ms — old: the synchronous SQLite store call; new: the async port on PostgreSQL (views.searchPayments, one server on loopback)`,
        pgRows,
      );
    } finally {
      await postgresPort.close();
    }
  } finally {
    await sqlitePort.close();
    store.close();
  }
}

await main();
