/**
 * The payments export over 1,000,000 payments (payments-fixture.ts's), on each backend: the whole
 * list written to a CSV by `payments:export`, next to only reading the same pages and balances
 * (the search along its cursor and one balance statement a page) in the same run, so the table
 * shows what presenting and writing add to the reading. Peak memory is sampled while it runs.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { channels } from '../../shared/ipc/contract.ts';
import { recordsViewOf } from '../../electron/core/gateways/gateway-catalog.ts';
import type { Ledger } from '../../electron/core/ledger/port.ts';
import { openSqliteLedgerPort } from '../../electron/core/ledger/sqlite-port.ts';
import { createPaymentExportHandlers } from '../../electron/core/payments/payment-export-handlers.ts';
import { reportFigures } from './bench-kit.ts';
import { PAYMENTS, seededPostgresLedger, seededSqliteFile } from './payments-fixture.ts';

const PAGE = 1_000;

interface Measured {
  readonly seconds: number;
  readonly rows: number;
  readonly peakRssMb: number;
}

async function sampled(work: () => Promise<number>): Promise<Measured> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  try {
    const rows = await work();
    return { seconds: (performance.now() - started) / 1000, rows, peakRssMb: Math.round(Math.max(peak, process.memoryUsage().rss) / 1e6) };
  } finally {
    clearInterval(sampler);
  }
}

async function readOnly(ledger: Ledger): Promise<number> {
  let cursor: string | null = null;
  let rows = 0;
  do {
    const page = await ledger.views.searchPayments({}, PAGE, cursor);
    await ledger.operations.balancesOf(page.rows.map((row) => row.id));
    rows += page.rows.length;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return rows;
}

async function measureBackend(backend: string, ledger: Ledger): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'payment-export-bench-'));
  try {
    const handlers = createPaymentExportHandlers({ ledger, clock: { now: () => new Date() }, bus: { emit() {} }, gatewayView: recordsViewOf, dataDir });
    const read = await sampled(() => readOnly(ledger));
    let bytes = 0;
    const exported = await sampled(async () => {
      const answer = await handlers['payments:export'](channels['payments:export'].input.parse({ timeZone: 'Europe/Lisbon' }), { origin: 'cli', operator: 'bench' });
      if (answer.path === null) throw new Error('the export was cancelled');
      bytes = statSync(answer.path).size;
      return answer.rows;
    });
    if (exported.rows !== read.rows) throw new Error(`${backend}: the export wrote ${exported.rows} rows, the list has ${read.rows}`);
    const line = (what: string, m: Measured) => `| ${what.padEnd(38)} | ${m.rows.toLocaleString('en').padStart(9)} | ${m.seconds.toFixed(1).padStart(6)} | ${Math.round(m.rows / m.seconds).toLocaleString('en').padStart(8)} | ${String(m.peakRssMb).padStart(8)} |`;
    console.log(`\nThe payments export over ${PAYMENTS.toLocaleString('en')} payments on ${backend} (${(bytes / 1e6).toFixed(0)} MB file); peak RSS of the process\n`);
    console.log(`| ${'path'.padEnd(38)} |      rows |      s |   rows/s | peak MB |`);
    console.log(`|${'-'.repeat(40)}|----------:|-------:|---------:|--------:|`);
    console.log(line('read: search pages + balances', read));
    console.log(line('payments:export (read, present, write)', exported));
    console.log(`\nexport / read time: ${(exported.seconds / read.seconds).toFixed(2)}×\n`);
    reportFigures([
      { group: `export, ${backend}`, read: 'payments:export, 1,000,000 rows', unit: 's', value: exported.seconds, baseline: { label: 'reading the same pages', value: read.seconds } },
      { group: `export, ${backend}`, read: 'payments:export, peak RSS', unit: 'MB', value: exported.peakRssMb, baseline: { label: 'reading the same pages', value: read.peakRssMb } },
    ]);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const sqlite = openSqliteLedgerPort(seededSqliteFile());
  try {
    await measureBackend('SQLite', sqlite);
  } finally {
    await sqlite.close();
  }
  const postgres = await seededPostgresLedger();
  if (postgres === null) return;
  try {
    await measureBackend('PostgreSQL', postgres.port);
  } finally {
    await postgres.port.close();
  }
}

await main();
