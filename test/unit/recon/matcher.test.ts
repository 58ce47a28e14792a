/**
 * The matcher, one class at a time: gateway id first, then reference + currency inside the date
 * window (edges included), amounts, statuses, fees, refunds (one operation per row), duplicates,
 * another merchant's rows, and the final payments of the period no row claimed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { ReconClass } from '../../../shared/domain/recon.ts';
import type { PaymentStatus } from '../../../shared/domain/schemas.ts';
import type { ReconLedgerColumns, ReconLedgerPayment, ReconLedgerOperation } from '../../../electron/core/ledger/types.ts';
import { buildReconIndex, DEFAULT_DATE_WINDOW_MS, matchStatement, matchStatementBatches, type MatchOptions, type MatchOutcome } from '../../../electron/core/recon/matcher.ts';
import { StatementValues } from '../../../electron/core/recon/statement-record.ts';
import { StatementColumnsBuilder, type StatementRowColumns } from '../../../electron/core/recon/statement-row-columns.ts';
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

/** The rows as the reading thread hands them over: blocks of columns. */
async function* inColumnBlocks(rows: readonly StatementRow[], size: number): AsyncGenerator<StatementRowColumns> {
  const builder = new StatementColumnsBuilder(size);
  const orNaN = (value: bigint | Date | null): number => (value === null ? Number.NaN : Number(value instanceof Date ? value.getTime() : value));
  for (const row of rows) {
    if (builder.full) yield builder.take();
    builder.add(Object.assign(new StatementValues(), { ...row, amountMinor: Number(row.amountMinor), feeMinor: orNaN(row.feeMinor), netMinor: orNaN(row.netMinor), transactionAt: orNaN(row.transactionAt), settledAt: orNaN(row.settledAt) }));
  }
  if (builder.size > 0) yield builder.take();
}

/**
 * The outcomes of the rows, matched as objects; the same rows matched from columns (clean matches
 * taken without an object) must come out the same, row for row.
 */
async function match(ledger: readonly ReconLedgerPayment[], rows: readonly StatementRow[], options: MatchOptions = OPTIONS): Promise<MatchOutcome[]> {
  const out: MatchOutcome[] = [];
  for await (const outcomes of matchStatement(inBatches(stream(rows), 2), await buildReconIndex(asColumns(inBatches(stream(ledger), 3))), options)) out.push(...outcomes);
  const fromColumns: MatchOutcome[] = [];
  for await (const outcomes of matchStatement(inColumnBlocks(rows, 3), await buildReconIndex(asColumns(inBatches(stream(ledger), 3))), options)) fromColumns.push(...outcomes);
  assert.deepEqual(fromColumns.map(comparable), out.map(comparable));
  return out;
}

/** An outcome as data (its ledger side is a view over the index). */
function comparable(outcome: MatchOutcome): unknown {
  const { ledger } = outcome;
  return { ...outcome, ledger: ledger === null ? null : { amountMinor: ledger.amountMinor, currency: ledger.currency, status: ledger.status } };
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

test('a ledger amount beyond what a double holds exactly matches no row and is reported exactly', async () => {
  const huge = 2n ** 60n + 1n;
  const out = await match([payment({ id: 'a', amountMinor: huge }), payment({ id: 'b', amountMinor: 10n ** 15n })], [
    row({ gatewayTransactionId: 'gw-a', amountMinor: 10n ** 15n }),
    row({ gatewayTransactionId: 'gw-b', amountMinor: 10n ** 15n }),
  ]);
  assert.deepEqual(classes(out), [['amount_mismatch', 'a'], ['matched', 'b']]);
  assert.equal(out[0]?.ledger?.amountMinor, huge);
  assert.equal(out[1]?.ledger?.amountMinor, 10n ** 15n);
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

test('rows read as columns: the clean payment matches are taken from the columns, every other row is classified as an object', async () => {
  const ledger = [payment({ id: 'a' }), payment({ id: 'b' }), payment({ id: 'c', status: 'declined' }), payment({ id: 'd' })];
  const rows = [
    row({ gatewayTransactionId: 'gw-a' }),
    row({ gatewayTransactionId: 'gw-a' }),
    row({ gatewayTransactionId: 'gw-b', feeMinor: 30n, netMinor: 970n }),
    row({ gatewayTransactionId: 'gw-c' }),
    row({ gatewayTransactionId: 'gw-d', merchantAccount: 'M-THEIRS' }),
    row({ gatewayTransactionId: 'gw-d', feeMinor: 30n, netMinor: 960n }),
  ];
  const index = await buildReconIndex(asColumns(inBatches(stream(ledger))));
  const batches = [];
  for await (const batch of matchStatementBatches(inColumnBlocks(rows, 10), index, OPTIONS)) batches.push(batch);
  const [first] = batches;
  assert.ok(first !== undefined && first.clean !== null);
  assert.deepEqual([...first.clean.places.subarray(0, first.clean.count)], [0, 2]);
  assert.deepEqual([...first.clean.slots.subarray(0, first.clean.count)], [0, 1]);
  assert.deepEqual(first.places, [1, 3, 4, 5]);
  assert.deepEqual(first.outcomes.map((o) => o.reconClass), ['duplicate', 'status_mismatch', 'missing_in_ledger', 'fee_difference']);
});

test('property: a statement matched from columns comes out as the same statement matched as objects', async () => {
  const ids = ['a', 'b', 'c', 'd', 'e'];
  const ledgerArb = fc.uniqueArray(
    fc.record({ id: fc.constantFrom(...ids), status: fc.constantFrom<PaymentStatus>('captured', 'refunded', 'declined', 'authorized', 'pending'), amountMinor: fc.constantFrom(1000n, 1200n), currency: fc.constantFrom('EUR', 'NGN') }),
    { selector: (entry) => entry.id, maxLength: ids.length },
  );
  const rowArb = fc.record({
    gatewayTransactionId: fc.option(fc.constantFrom('gw-a', 'gw-b', 'gw-c', 'gw-d', 'gw-e', 'gw-x')),
    merchantReference: fc.option(fc.constantFrom('ref-a', 'ref-b', 'ref-y')),
    kind: fc.constantFrom<StatementRow['kind']>('payment', 'payment', 'refund', 'fee', 'chargeback'),
    status: fc.constantFrom<StatementRow['status']>('succeeded', 'succeeded', 'failed', 'refunded', 'pending'),
    amountMinor: fc.constantFrom(1000n, 1200n, 0n),
    currency: fc.constantFrom('EUR', 'EUR', 'NGN', 'USD'),
    feeMinor: fc.option(fc.constantFrom(30n, 35n)),
    netMinor: fc.option(fc.constantFrom(970n, 1170n, 965n)),
    merchantAccount: fc.option(fc.constantFrom('M-OURS', 'M-OURS', 'M-THEIRS')),
  });
  await fc.assert(
    fc.asyncProperty(ledgerArb, fc.array(rowArb, { maxLength: 25 }), fc.boolean(), async (entries, rows, feeRule) => {
      const options: MatchOptions = feeRule ? { ...OPTIONS, expectedFee: (basis) => (basis.kind === 'payment' ? basis.amountMinor * 3n / 100n : null) } : OPTIONS;
      // match() compares both ways row for row.
      await match(entries.map((entry) => payment(entry)), rows.map((entry) => row(entry)), options);
    }),
    { numRuns: 300 },
  );
});
