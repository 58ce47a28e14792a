/**
 * The matcher, one class at a time: gateway id first, then reference + currency inside the date
 * window (edges included), amounts, statuses, fees, refunds (one operation per row), duplicates,
 * another merchant's rows, and the final payments of the period no row claimed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReconClass } from '../../../shared/domain/recon.ts';
import type { ReconLedgerColumns, ReconLedgerPayment, ReconLedgerOperation } from '../../../electron/core/ledger/types.ts';
import { buildReconIndex, DEFAULT_DATE_WINDOW_MS, matchStatement, type MatchOptions, type MatchOutcome } from '../../../electron/core/recon/matcher.ts';
import type { StatementRow } from '../../../electron/core/recon/statement-row.ts';
import { inBatches } from '../../../electron/core/recon/row-batches.ts';
import { reconLedgerColumns } from '../../../electron/core/ledger/recon-read.ts';

/** The ledger's payments in pages of columns, as the ledger port reads them. */
async function* asColumns(batches: AsyncIterable<readonly ReconLedgerPayment[]>): AsyncGenerator<ReconLedgerColumns> {
  for await (const batch of batches) yield reconLedgerColumns(batch);
}

const T0 = new Date('2026-05-10T12:00:00.000Z');
const PERIOD = { from: new Date('2026-05-01T00:00:00.000Z'), to: new Date('2026-06-01T00:00:00.000Z') };
const OPTIONS: MatchOptions = { period: PERIOD, merchantAccounts: ['M-OURS'] };

function payment(overrides: Partial<ReconLedgerPayment> & { id: string }): ReconLedgerPayment {
  return { gatewayTransactionId: `gw-${overrides.id}`, merchantReference: `ref-${overrides.id}`, status: 'captured', amountMinor: 1000n, currency: 'EUR', createdAt: T0, refunds: [], chargebacks: [], ...overrides };
}

function refund(operationId: string, amountMinor: bigint, overrides: Partial<ReconLedgerOperation> = {}): ReconLedgerOperation {
  return { kind: 'refund', operationId, gatewayOperationId: null, amountMinor, state: 'succeeded', ...overrides };
}

function chargeback(operationId: string, amountMinor: bigint, overrides: Partial<ReconLedgerOperation> = {}): ReconLedgerOperation {
  return { kind: 'chargeback', operationId, gatewayOperationId: null, amountMinor, state: 'succeeded', ...overrides };
}

let line = 1;
function row(overrides: Partial<StatementRow>): StatementRow {
  line += 1;
  return {
    line,
    gatewayTransactionId: null,
    merchantReference: null,
    kind: 'payment',
    status: 'succeeded',
    amountMinor: 1000n,
    currency: 'EUR',
    feeMinor: null,
    netMinor: null,
    transactionAt: T0,
    settledAt: null,
    merchantAccount: 'M-OURS',
    ...overrides,
  };
}

async function* stream<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

async function match(ledger: readonly ReconLedgerPayment[], rows: readonly StatementRow[], options: MatchOptions = OPTIONS): Promise<MatchOutcome[]> {
  const index = await buildReconIndex(asColumns(inBatches(stream(ledger), 3)));
  const out: MatchOutcome[] = [];
  for await (const outcomes of matchStatement(inBatches(stream(rows), 2), index, options)) out.push(...outcomes);
  return out;
}

function classes(outcomes: readonly MatchOutcome[]): Array<[ReconClass, string | null]> {
  return outcomes.map((o) => [o.reconClass, o.paymentId]);
}

test('matches by gateway id, whatever the reference says', async () => {
  const out = await match([payment({ id: 'a' })], [row({ gatewayTransactionId: 'gw-a', merchantReference: 'something else' })]);
  assert.deepEqual(classes(out), [['matched', 'a']]);
});

test('falls back to merchant reference + currency inside the date window, edges included', async () => {
  const ledger = [payment({ id: 'a', gatewayTransactionId: null }), payment({ id: 'b', gatewayTransactionId: null }), payment({ id: 'c', gatewayTransactionId: null })];
  const out = await match(ledger, [
    row({ merchantReference: 'ref-a', transactionAt: new Date(T0.getTime() + DEFAULT_DATE_WINDOW_MS) }),
    row({ merchantReference: 'ref-b', transactionAt: new Date(T0.getTime() - DEFAULT_DATE_WINDOW_MS - 1) }),
    row({ merchantReference: 'ref-c', currency: 'USD' }),
  ]);
  assert.deepEqual(classes(out.slice(0, 3)), [
    ['matched', 'a'],
    ['missing_in_ledger', null],
    ['missing_in_ledger', null],
  ]);
  assert.deepEqual(classes(out.slice(3)), [['missing_in_file', 'b'], ['missing_in_file', 'c']], 'what no row claimed is missing from the file');
});

test('the date window is configurable', async () => {
  const ledger = [payment({ id: 'a', gatewayTransactionId: null })];
  const rows = [row({ merchantReference: 'ref-a', transactionAt: new Date(T0.getTime() + 2 * 3_600_000) })];
  assert.equal((await match(ledger, rows, { ...OPTIONS, dateWindowMs: 3_600_000 }))[0]?.reconClass, 'missing_in_ledger');
  assert.equal((await match(ledger, rows, { ...OPTIONS, dateWindowMs: 2 * 3_600_000 }))[0]?.reconClass, 'matched');
});

test('amount and currency mismatches, by gateway id and by reference', async () => {
  const out = await match([payment({ id: 'a' }), payment({ id: 'b', gatewayTransactionId: null }), payment({ id: 'c' })], [
    row({ gatewayTransactionId: 'gw-a', amountMinor: 999n }),
    row({ merchantReference: 'ref-b', amountMinor: 1500n }),
    row({ gatewayTransactionId: 'gw-c', currency: 'GBP' }),
  ]);
  assert.deepEqual(classes(out), [['amount_mismatch', 'a'], ['amount_mismatch', 'b'], ['amount_mismatch', 'c']]);
  assert.match(out[2]?.reason ?? '', /currency GBP, ledger EUR/);
});

test('status mismatch: refunded at the gateway, captured here; failed there, captured here', async () => {
  const out = await match([payment({ id: 'a' }), payment({ id: 'b' }), payment({ id: 'c', status: 'refunded' })], [
    row({ gatewayTransactionId: 'gw-a', status: 'refunded' }),
    row({ gatewayTransactionId: 'gw-b', status: 'failed' }),
    row({ gatewayTransactionId: 'gw-c', status: 'refunded' }),
  ]);
  assert.deepEqual(classes(out), [['status_mismatch', 'a'], ['status_mismatch', 'b'], ['matched', 'c']]);
  assert.equal(out[0]?.reason, 'refunded at the gateway, captured here');
});

test('fee difference: net is not gross − fee, or the fee is not the configured one', async () => {
  const options: MatchOptions = { ...OPTIONS, expectedFee: (r) => (r.currency === 'EUR' ? (r.amountMinor * 2n) / 100n : null) };
  const out = await match([payment({ id: 'a' }), payment({ id: 'b' }), payment({ id: 'c' }), payment({ id: 'd', currency: 'USD' })], [
    row({ gatewayTransactionId: 'gw-a', feeMinor: 20n, netMinor: 980n }),
    row({ gatewayTransactionId: 'gw-b', feeMinor: 20n, netMinor: 970n }),
    row({ gatewayTransactionId: 'gw-c', feeMinor: 25n, netMinor: 975n }),
    row({ gatewayTransactionId: 'gw-d', currency: 'USD', feeMinor: 25n, netMinor: 975n }),
  ], options);
  assert.deepEqual(classes(out), [['matched', 'a'], ['fee_difference', 'b'], ['fee_difference', 'c'], ['matched', 'd']]);
});

test('a row the ledger does not have is missing in the ledger; another merchant’s row says so', async () => {
  const out = await match([payment({ id: 'a' })], [row({ gatewayTransactionId: 'gw-zzz' }), row({ gatewayTransactionId: 'gw-a', merchantAccount: 'M-THEIRS' })]);
  assert.deepEqual(classes(out), [['missing_in_ledger', null], ['missing_in_ledger', null], ['missing_in_file', 'a']]);
  assert.equal(out[0]?.reason, null);
  assert.equal(out[1]?.reason, 'another merchant: M-THEIRS');
});

test('duplicates: a second row with the same gateway id and kind, or for a payment already matched', async () => {
  const out = await match([payment({ id: 'a' }), payment({ id: 'b', gatewayTransactionId: null })], [
    row({ gatewayTransactionId: 'gw-a' }),
    row({ gatewayTransactionId: 'gw-a' }),
    row({ gatewayTransactionId: 'gw-unknown' }),
    row({ gatewayTransactionId: 'gw-unknown' }),
    row({ merchantReference: 'ref-b' }),
    row({ merchantReference: 'ref-b' }),
  ]);
  assert.deepEqual(classes(out), [
    ['matched', 'a'],
    ['duplicate', 'a'],
    ['missing_in_ledger', null],
    ['duplicate', null],
    ['matched', 'b'],
    ['duplicate', 'b'],
  ]);
});

test('refund rows match the payment’s refund operations one by one, by amount or by the refund’s own gateway id', async () => {
  const ledger = [
    payment({ id: 'a', status: 'partially_refunded', refunds: [refund('r1', 300n), refund('r2', 200n)] }),
    payment({ id: 'b', status: 'refunded', refunds: [refund('r3', 1000n, { gatewayOperationId: 'gw-r3' })] }),
    payment({ id: 'c', refunds: [refund('r4', 400n, { state: 'pending' })] }),
    payment({ id: 'd' }),
  ];
  const out = await match(ledger, [
    row({ gatewayTransactionId: 'gw-a', kind: 'refund', status: 'refunded', amountMinor: 200n }),
    row({ gatewayTransactionId: 'gw-a', kind: 'refund', status: 'refunded', amountMinor: 300n }),
    row({ gatewayTransactionId: 'gw-a', kind: 'refund', status: 'refunded', amountMinor: 300n }),
    row({ gatewayTransactionId: 'gw-r3', kind: 'refund', status: 'refunded', amountMinor: 1000n }),
    row({ gatewayTransactionId: 'gw-c', kind: 'refund', status: 'refunded', amountMinor: 400n }),
    row({ gatewayTransactionId: 'gw-d', kind: 'refund', status: 'refunded', amountMinor: 100n }),
  ]);
  assert.deepEqual(classes(out.filter((o) => o.row !== null)), [
    ['matched', 'a'],
    ['matched', 'a'],
    ['duplicate', 'a'],
    ['matched', 'b'],
    ['status_mismatch', 'c'],
    ['status_mismatch', 'd'],
  ]);
  assert.equal(out[5]?.reason, 'refunded at the gateway, no refund here (captured)');
});

test('a refund row of another amount than the ledger’s refund is an amount mismatch', async () => {
  const out = await match([payment({ id: 'a', refunds: [refund('r1', 300n)] })], [row({ gatewayTransactionId: 'gw-a', kind: 'refund', status: 'refunded', amountMinor: 350n })]);
  assert.deepEqual(classes(out.slice(0, 1)), [['amount_mismatch', 'a']]);
});

test('chargeback rows match the chargebacks the console learnt of; one it never heard of is a status mismatch', async () => {
  const ledger = [
    payment({ id: 'a', chargebacks: [chargeback('c1', 1000n, { gatewayOperationId: 'gw-cb1' })] }),
    payment({ id: 'b', chargebacks: [chargeback('c2', 600n)] }),
    payment({ id: 'c', refunds: [refund('r1', 1000n, { gatewayOperationId: 'gw-r1' })] }),
    payment({ id: 'd' }),
  ];
  const out = await match(ledger, [
    row({ gatewayTransactionId: 'gw-cb1', kind: 'chargeback', status: 'charged_back', amountMinor: 1000n }),
    row({ gatewayTransactionId: 'gw-cb1', kind: 'chargeback', status: 'charged_back', amountMinor: 1000n }),
    row({ gatewayTransactionId: 'gw-b', kind: 'chargeback', status: 'charged_back', amountMinor: 700n }),
    row({ gatewayTransactionId: 'gw-r1', kind: 'chargeback', status: 'charged_back', amountMinor: 1000n }),
    row({ gatewayTransactionId: 'gw-d', kind: 'chargeback', status: 'charged_back', amountMinor: 1000n }),
  ]);
  assert.deepEqual(classes(out.filter((o) => o.row !== null)), [
    ['matched', 'a'],
    ['duplicate', 'a'],
    ['amount_mismatch', 'b'],
    ['missing_in_ledger', null],
    ['status_mismatch', 'd'],
  ]);
  assert.equal(out[2]?.reason, 'chargeback 700, ledger chargeback 600');
  assert.equal(out[4]?.reason, 'charged back at the gateway, no chargeback here (captured)');
});

test('missing in file: only final payments created inside the period, and the statuses the file lists', async () => {
  const ledger = [
    payment({ id: 'in' }),
    payment({ id: 'pending', status: 'pending' }),
    payment({ id: 'before', createdAt: new Date(PERIOD.from.getTime() - 1) }),
    payment({ id: 'at-end', createdAt: PERIOD.to }),
    payment({ id: 'at-start', createdAt: PERIOD.from }),
    payment({ id: 'declined', status: 'declined' }),
  ];
  assert.deepEqual(classes(await match(ledger, [])), [['missing_in_file', 'in'], ['missing_in_file', 'at-start'], ['missing_in_file', 'declined']]);
  const settlement = await match(ledger, [], { ...OPTIONS, expectedInFile: new Set(['captured']) });
  assert.deepEqual(classes(settlement), [['missing_in_file', 'in'], ['missing_in_file', 'at-start']]);
});

test('a 100,000-row statement against 100,000 payments completes with the planted discrepancies found', async () => {
  const n = 100_000;
  const ledger: ReconLedgerPayment[] = [];
  for (let i = 0; i < n; i += 1) ledger.push(payment({ id: `p${i}`, amountMinor: BigInt(1000 + (i % 500)) }));
  async function* rows(): AsyncGenerator<StatementRow> {
    for (let i = 0; i < n; i += 1) {
      if (i % 1000 === 1) continue;
      const amountMinor = BigInt(1000 + (i % 500)) + (i % 1000 === 2 ? 1n : 0n);
      yield row({ gatewayTransactionId: `gw-p${i}`, amountMinor });
      if (i % 1000 === 3) yield row({ gatewayTransactionId: `gw-p${i}`, amountMinor });
    }
  }
  const index = await buildReconIndex(asColumns(inBatches(stream(ledger))));
  const counts = new Map<ReconClass, number>();
  for await (const outcomes of matchStatement(inBatches(rows()), index, OPTIONS)) for (const o of outcomes) counts.set(o.reconClass, (counts.get(o.reconClass) ?? 0) + 1);
  assert.deepEqual(Object.fromEntries(counts), { matched: n - 200, missing_in_file: 100, amount_mismatch: 100, duplicate: 100 });
});
