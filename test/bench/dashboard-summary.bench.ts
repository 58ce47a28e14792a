/**
 * The dashboard over 1,000,000 payments (payments-fixture.ts: a year of them): a whole year, a
 * year of one profile, and thirty days — `dashboard:summary`'s aggregates in the database
 * (ledger.views.dashboardFigures, then the fold of its groups), next to the same summary worked
 * out by reading the period's payments row by row and grouping them in the core, measured in the
 * same run on each backend. Both must give the same summary, or the figures compare different work.
 * The row-by-row read on SQLite gets a 256 MB page cache of its own; the port runs with the
 * ledger's settings, so the comparison leans, if anything, towards the old way.
 */
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import type { DashboardSummary } from '../../shared/domain/dashboard.ts';
import type { PaymentStatus } from '../../shared/domain/schemas.ts';
import { dashboardSummary, periodSlots, summarize, type DashboardRequest } from '../../electron/core/dashboard/dashboard-summary.ts';
import type { DashboardFigures, DashboardGroup, DeclineGroup } from '../../electron/core/ledger/dashboard-query.ts';
import type { Ledger as LedgerPort } from '../../electron/core/ledger/port.ts';
import { LEDGER_TYPE_PARSERS } from '../../electron/core/ledger/postgres/pg-rows.ts';
import { isoDate } from '../../electron/core/ledger/row-reader.ts';
import { openSqliteLedgerPort } from '../../electron/core/ledger/sqlite-port.ts';
import { measure, measureAsync, printComparison, type ComparedRow, type Timing } from './bench-kit.ts';
import { loadPostgresBackend, PAYMENTS, seededPostgresDatabase, seededSqliteFile } from './payments-fixture.ts';

const TODAY = { now: () => new Date('2026-01-01T12:00:00Z') };
const TIME_ZONE = 'Europe/Lisbon';

const READS: Array<{ read: string; request: DashboardRequest; runs: number }> = [
  { read: 'a year, every payment (1,000,000)', request: { from: '2025-01-01', to: '2025-12-31', timeZone: TIME_ZONE }, runs: 5 },
  { read: 'a year, one profile (250,000)', request: { from: '2025-01-01', to: '2025-12-31', timeZone: TIME_ZONE, profileId: 'prof_sibs' }, runs: 10 },
  { read: '30 days, every payment (86,400)', request: { from: '2025-06-01', to: '2025-06-30', timeZone: TIME_ZONE }, runs: 20 },
];

interface PaymentColumns {
  readonly created_at: string;
  readonly gateway_id: string;
  readonly currency: string;
  readonly status: string;
  readonly amount_minor: bigint;
  readonly gateway_code: string | null;
  readonly gateway_message: string | null;
}

/** The baseline's read: the period's payments, one row each, with what the figures need. */
function rowsSql(request: DashboardRequest, placeholder: (n: number) => string): string {
  return `SELECT created_at, gateway_id, currency, status, amount_minor, gateway_code, gateway_message FROM payments
    WHERE created_at >= ${placeholder(1)} AND created_at < ${placeholder(2)}${request.profileId === undefined ? '' : ` AND profile_id = ${placeholder(3)}`}`;
}

function rowsParams(request: DashboardRequest): string[] {
  const { slots } = periodSlots(request.from, request.to, request.timeZone);
  return [isoDate(slots[0]!.start), isoDate(slots[slots.length - 1]!.end), ...(request.profileId === undefined ? [] : [request.profileId])];
}

/** The payments grouped in the core, as the ledger's GROUP BY groups them. */
function groupInCore(rows: Iterable<PaymentColumns>, request: DashboardRequest): DashboardFigures {
  const ends = periodSlots(request.from, request.to, request.timeZone).slots.map((slot) => isoDate(slot.end));
  const groups = new Map<string, { -readonly [K in keyof DashboardGroup]: DashboardGroup[K] }>();
  const declines = new Map<string, { -readonly [K in keyof DeclineGroup]: DeclineGroup[K] }>();
  for (const row of rows) {
    let low = 0;
    let high = ends.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (row.created_at < ends[middle]!) high = middle;
      else low = middle + 1;
    }
    const key = `${low}|${row.gateway_id}|${row.currency}|${row.status}`;
    const group = groups.get(key) ?? { slot: low, gatewayId: row.gateway_id, currency: row.currency, status: row.status as PaymentStatus, count: 0, amountMinor: 0n };
    group.count += 1;
    group.amountMinor += row.amount_minor;
    groups.set(key, group);
    if (row.status === 'declined') {
      const reasonKey = JSON.stringify([row.gateway_id, row.gateway_code, row.gateway_message]);
      const reason = declines.get(reasonKey) ?? { gatewayId: row.gateway_id, code: row.gateway_code, message: row.gateway_message, count: 0 };
      reason.count += 1;
      declines.set(reasonKey, reason);
    }
  }
  return { groups: [...groups.values()], declines: [...declines.values()] };
}

function summaryFromRows(rows: Iterable<PaymentColumns>, request: DashboardRequest): DashboardSummary {
  const { days } = periodSlots(request.from, request.to, request.timeZone);
  return summarize(groupInCore(rows, request), request, days, '2026-01-01');
}

function agree(read: string, baseline: DashboardSummary, aggregated: DashboardSummary, backend: string): void {
  if (baseline.currencies.length === 0) throw new Error(`${read}: the period has no payments; the seed does not fit the bench`);
  if (JSON.stringify(baseline) !== JSON.stringify(aggregated)) throw new Error(`${read}: the ${backend} aggregates differ from reading the rows`);
}

async function compare(backend: string, port: LedgerPort, readRows: (request: DashboardRequest) => Promise<DashboardSummary> | DashboardSummary, sync: boolean): Promise<ComparedRow[]> {
  const rows: ComparedRow[] = [];
  for (const { read, request, runs } of READS) {
    agree(read, await readRows(request), await dashboardSummary(port, TODAY, request), backend);
    const old: Timing = sync ? measure(() => readRows(request), Math.max(3, Math.floor(runs / 2))) : await measureAsync(async () => readRows(request), Math.max(3, Math.floor(runs / 2)));
    rows.push({ read, old, now: await measureAsync(() => dashboardSummary(port, TODAY, request), runs) });
  }
  return rows;
}

async function main(): Promise<void> {
  const file = seededSqliteFile();
  const port = openSqliteLedgerPort(file);
  const db = new DatabaseSync(file, { readOnly: true });
  db.exec('PRAGMA cache_size = -262144');
  const statements = new Map<string, ReturnType<DatabaseSync['prepare']>>();
  const sqliteRows = (request: DashboardRequest): DashboardSummary => {
    const sql = rowsSql(request, () => '?');
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      statement.setReadBigInts(true);
      statements.set(sql, statement);
    }
    return summaryFromRows(statement.iterate(...rowsParams(request)) as Iterable<PaymentColumns>, request);
  };
  try {
    printComparison(
      `Dashboard summary over ${PAYMENTS.toLocaleString('en')} payments on SQLite, ms — old: the period's payments read row by row and grouped in the core; new: dashboard:summary's GROUP BY aggregates (views.dashboardFigures)`,
      await compare('sqlite', port, sqliteRows, true),
      { old: 'rows', now: 'aggregates' },
      { group: 'dashboard, SQLite' },
    );
  } finally {
    db.close();
    await port.close();
  }

  const serverUrl = process.env['CONSOLE_TEST_PG_URL'];
  const backend = serverUrl === undefined ? null : await loadPostgresBackend();
  if (serverUrl === undefined || backend === null) {
    console.log('postgres: no server (CONSOLE_TEST_PG_URL unset; npm run bench starts one when PostgreSQL is installed)\n');
    return;
  }
  const connectionString = await seededPostgresDatabase(serverUrl);
  const postgresPort = await backend.openPostgresLedger({ kind: 'postgres', connectionString, password: null });
  const client = new pg.Client({ connectionString, types: LEDGER_TYPE_PARSERS });
  await client.connect();
  const postgresRows = async (request: DashboardRequest): Promise<DashboardSummary> => {
    const sql = rowsSql(request, (n) => (n < 3 ? `$${n}::timestamptz` : `$${n}`));
    return summaryFromRows((await client.query<PaymentColumns>(sql, rowsParams(request))).rows, request);
  };
  try {
    printComparison(
      `Dashboard summary over ${PAYMENTS.toLocaleString('en')} payments on PostgreSQL (one server on loopback), ms — old: the period's payments fetched row by row and grouped in the core; new: dashboard:summary's GROUP BY aggregates`,
      await compare('postgres', postgresPort, postgresRows, false),
      { old: 'rows', now: 'aggregates' },
      { group: 'dashboard, PostgreSQL' },
    );
  } finally {
    await client.end();
    await postgresPort.close();
  }
}

await main();
