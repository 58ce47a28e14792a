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
import type { Ledger as LedgerPort } from '../../electron/core/ledger/port.ts';
import { openSqliteLedger } from '../../electron/core/ledger/sqlite-ledger.ts';
import { openSqliteLedgerPort } from '../../electron/core/ledger/sqlite-port.ts';
import type { Ledger, PollEntry, PollQueuePage } from '../../electron/core/ledger/types.ts';
import { formatDecimal } from '../../shared/money/money.ts';
import { measure, measureAsync, printComparison } from './bench-kit.ts';

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
function presentPage(page: PollQueuePage, needsReview: number) {
  const entries = page.entries.map((entry) => ({
    subjectId: entry.subjectId,
    profileName: entry.profileName ?? 'SIBS production',
    status: entry.status ?? 'unknown',
    amount: entry.amountMinor !== null && entry.currency !== null ? formatDecimal(entry.amountMinor, entry.currency) : null,
    merchantReference: entry.merchantReference ?? '',
    nextCheckAt: entry.nextCheckAt.toISOString(),
    state: entry.failures > 0 ? 'backing_off' : 'waiting',
  }));
  return { entries, total: page.total, needsReview };
}

function newQueue(ledger: Ledger, limit: number) {
  return presentPage(ledger.pollQueuePage({ limit }), ledger.countPaymentsWithStatus('needs_review'));
}

/** The same through the async port, as the converted handler reads it. */
async function portQueue(port: LedgerPort, limit: number) {
  const [page, needsReview] = await Promise.all([port.views.pollQueuePage({ limit }), port.payments.countWithStatus('needs_review')]);
  return presentPage(page, needsReview);
}

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'bench-status-badge-'));
  const ledger = openSqliteLedger(join(folder, 'ledger.sqlite'));
  let port: LedgerPort | null = null;
  try {
    seed(ledger);
    port = openSqliteLedgerPort(join(folder, 'ledger.sqlite'));
    const viaPort = port;
    const oldBadge = oldQueue(ledger, 1);
    const newBadge = ledger.pollQueueSummary();
    const portBadge = await viaPort.views.pollQueueSummary();
    // The paths must agree, or the figures compare different work.
    if (oldBadge.total !== newBadge.waiting || oldBadge.needsReview !== newBadge.needsReview || JSON.stringify(portBadge) !== JSON.stringify(newBadge)) {
      throw new Error(`the badge paths disagree: old ${oldBadge.total}/${oldBadge.needsReview}, new ${newBadge.waiting}/${newBadge.needsReview}, port ${portBadge.waiting}/${portBadge.needsReview}`);
    }
    const oldPage = oldQueue(ledger, QUEUE_PAGE);
    if (JSON.stringify(oldPage) !== JSON.stringify(newQueue(ledger, QUEUE_PAGE))) throw new Error('the queue page paths disagree');
    if (JSON.stringify(oldPage) !== JSON.stringify(await portQueue(viaPort, QUEUE_PAGE))) throw new Error('the queue page through the port disagrees');

    const oldBadgeTiming = measure(() => oldQueue(ledger, 1), 30);
    const oldPageTiming = measure(() => oldQueue(ledger, QUEUE_PAGE), 30);
    const rows = [
      { read: 'badge counts: store read model (sync)', old: oldBadgeTiming, now: measure(() => ledger.pollQueueSummary(), 2000) },
      { read: 'badge counts: async port on SQLite', old: oldBadgeTiming, now: await measureAsync(() => viaPort.views.pollQueueSummary(), 2000) },
      { read: `queue page of ${QUEUE_PAGE}: store read model (sync)`, old: oldPageTiming, now: measure(() => newQueue(ledger, QUEUE_PAGE), 200) },
      { read: `queue page of ${QUEUE_PAGE}: async port on SQLite`, old: oldPageTiming, now: await measureAsync(() => portQueue(viaPort, QUEUE_PAGE), 200) },
    ];
    printComparison(
      `Status badge reads: ${newBadge.waiting} entries pending (${MANDATES} of them mandates), ${newBadge.needsReview} payments needing review; SQLite ledger, ms — old: poller:queue {limit:1} reading every entry and its subject one by one`,
      rows,
      undefined,
      { group: 'status badge' },
    );
  } finally {
    await port?.close();
    ledger.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

await main();
