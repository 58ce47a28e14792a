/**
 * The status badge's reads and the queue page with 10,000 entries pending, each next to the path
 * it replaced, measured in the same run on the same ledger.
 *
 * The old path (the schedule read up to 10,000 entries, then each entry's payment or mandate read
 * one by one) is kept here only, rebuilt from the ledger's per-entry reads as the queue handler
 * did it, so the comparison stays possible after the product stopped using it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHistogram, performance, type RecordableHistogram } from 'node:perf_hooks';
import { openSqliteLedger } from '../../electron/core/ledger/sqlite-ledger.ts';
import type { Ledger, PollEntry } from '../../electron/core/ledger/types.ts';
import { formatDecimal } from '../../shared/money/money.ts';

const PENDING = 10_000;
const NEEDS_REVIEW = 25;
const MANDATES = 200;
const QUEUE_PAGE = 200;

function seed(ledger: Ledger): void {
  const base = Date.parse('2026-05-01T10:00:00.000Z');
  ledger.transaction(() => {
    for (let n = 0; n < PENDING + NEEDS_REVIEW; n += 1) {
      const id = `pay_bench_${n}`;
      const createdAt = new Date(base + n * 1000);
      ledger.insertPayment({
        id,
        profileId: 'profile_sibs',
        profileName: 'SIBS production',
        gatewayId: 'sibs-spg',
        environment: 'production',
        kind: 'sale',
        method: 'mbway',
        moto: false,
        status: n < PENDING ? 'pending' : 'needs_review',
        currency: 'EUR',
        amountMinor: BigInt(1000 + n),
        merchantReference: `MBW-${n}`,
        description: null,
        customerName: null,
        customerEmail: null,
        customerPhone: '351#912345678',
        card: null,
        imported: false,
        createdAt,
      });
      if (n < PENDING - MANDATES) {
        ledger.ensurePoll({ subject: 'payment', subjectId: id, gatewayId: 'sibs-spg', profileId: 'profile_sibs', firstSeenAt: createdAt, nextCheckAt: new Date(createdAt.getTime() + 60_000) });
      }
    }
    for (let n = 0; n < MANDATES; n += 1) {
      const id = `mdt_bench_${n}`;
      const createdAt = new Date(base + n * 1000 + 500);
      ledger.insertMandate({ id, profileId: 'profile_sibs', gatewayId: 'sibs-spg', merchantReference: `MDT-${n}`, phone: '351#912345678', customerName: 'Ana', mandateType: 'SUBSCRIPTION', status: 'pending', createdAt });
      ledger.ensurePoll({ subject: 'mandate', subjectId: id, gatewayId: 'sibs-spg', profileId: 'profile_sibs', firstSeenAt: createdAt, nextCheckAt: new Date(createdAt.getTime() + 60_000) });
    }
  });
}

/** The queue handler before the read model: every entry, then its subject, one read each. */
function oldQueue(ledger: Ledger, limit: number) {
  const profileNames = [{ id: 'profile_sibs', name: 'SIBS production' }];
  const entries = ledger.listPolls({ limit: 10_000 }).map((entry: PollEntry) => {
    const payment = entry.subject === 'payment' ? ledger.getPayment(entry.subjectId) : null;
    const mandate = entry.subject === 'mandate' ? ledger.getMandate(entry.subjectId) : null;
    return {
      subjectId: entry.subjectId,
      profileName: payment?.profileName ?? (mandate ? profileNames.find((p) => p.id === mandate.profileId)?.name : undefined) ?? entry.profileId,
      status: payment?.status ?? mandate?.status ?? 'unknown',
      amount: payment ? formatDecimal(payment.amountMinor, payment.currency) : null,
      merchantReference: payment?.merchantReference ?? mandate?.merchantReference ?? '',
      nextCheckAt: entry.nextCheckAt.toISOString(),
      state: entry.failures > 0 ? 'backing_off' : 'waiting',
    };
  });
  return { entries: entries.slice(0, limit), total: entries.length, needsReview: ledger.countPaymentsWithStatus('needs_review') };
}

/** The queue page as the handler now reads it, with the same presentation work. */
function newQueue(ledger: Ledger, limit: number) {
  const page = ledger.pollQueuePage({ limit });
  const entries = page.entries.map((entry) => ({
    subjectId: entry.subjectId,
    profileName: entry.profileName ?? 'SIBS production',
    status: entry.status ?? 'unknown',
    amount: entry.amountMinor !== null && entry.currency !== null ? formatDecimal(entry.amountMinor, entry.currency) : null,
    merchantReference: entry.merchantReference ?? '',
    nextCheckAt: entry.nextCheckAt.toISOString(),
    state: entry.failures > 0 ? 'backing_off' : 'waiting',
  }));
  return { entries, total: page.total, needsReview: ledger.countPaymentsWithStatus('needs_review') };
}

interface Timing {
  readonly p50: number;
  readonly p95: number;
  readonly runs: number;
}

/** Runs `read` after a warm-up, `runs` times, and reads p50/p95 from Node's own histogram (ms). */
function measure(read: () => unknown, runs: number): Timing {
  for (let i = 0; i < Math.max(3, Math.floor(runs / 10)); i += 1) read();
  const histogram: RecordableHistogram = createHistogram();
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    read();
    histogram.record(Math.max(1, Math.round((performance.now() - start) * 1e6)));
  }
  return { p50: histogram.percentile(50) / 1e6, p95: histogram.percentile(95) / 1e6, runs };
}

function ms(value: number): string {
  return value < 0.1 ? value.toFixed(4) : value < 10 ? value.toFixed(3) : value.toFixed(1);
}

function main(): void {
  const folder = mkdtempSync(join(tmpdir(), 'bench-status-badge-'));
  const ledger = openSqliteLedger(join(folder, 'ledger.sqlite'));
  try {
    seed(ledger);
    const oldBadge = oldQueue(ledger, 1);
    const newBadge = ledger.pollQueueSummary();
    // The two paths must agree, or the figures compare different work.
    if (oldBadge.total !== newBadge.waiting || oldBadge.needsReview !== newBadge.needsReview) {
      throw new Error(`the badge paths disagree: old ${oldBadge.total}/${oldBadge.needsReview}, new ${newBadge.waiting}/${newBadge.needsReview}`);
    }
    const oldPage = oldQueue(ledger, QUEUE_PAGE);
    const newPage = newQueue(ledger, QUEUE_PAGE);
    if (JSON.stringify(oldPage) !== JSON.stringify(newPage)) throw new Error('the queue page paths disagree');

    const rows = [
      { read: `badge counts (poller:queue {limit:1} → poller:summary)`, old: measure(() => oldQueue(ledger, 1), 30), now: measure(() => ledger.pollQueueSummary(), 2000) },
      { read: `queue page of ${QUEUE_PAGE} (poller:queue)`, old: measure(() => oldQueue(ledger, QUEUE_PAGE), 30), now: measure(() => newQueue(ledger, QUEUE_PAGE), 200) },
    ];
    console.log(`\nStatus badge reads: ${newBadge.waiting} entries pending (${MANDATES} of them mandates), ${newBadge.needsReview} payments needing review; SQLite ledger, ms\n`);
    const header = ['read', 'old p50', 'old p95', 'new p50', 'new p95', 'p50 ×faster', 'runs old/new'];
    const table = rows.map((row) => [row.read, ms(row.old.p50), ms(row.old.p95), ms(row.now.p50), ms(row.now.p95), `${Math.round(row.old.p50 / row.now.p50)}×`, `${row.old.runs}/${row.now.runs}`]);
    const widths = header.map((title, column) => Math.max(title.length, ...table.map((cells) => (cells[column] ?? '').length)));
    const line = (cells: string[]) => `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join(' | ')} |`;
    console.log(line(header));
    console.log(`|${widths.map((width, column) => (column === 0 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`);
    for (const cells of table) console.log(line(cells));
    console.log('');
  } finally {
    ledger.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

main();
