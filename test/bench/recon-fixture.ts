/**
 * The reconciliation bench's data, shared with its smoke test: a ledger of `count` OPPWA payments
 * seeded in one SQL statement, the statement file the gateway would write for them (made by the
 * emulators' own statement writer from a book computed with the same formulas) with planted
 * discrepancies of every kind, the mapping and match options to read it with, and the check that
 * the outcomes hold each planted discrepancy in its expected class and nothing else.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { DatabaseSync } from 'node:sqlite';
import type { PlantedDiscrepancy } from '../../shared/domain/sandbox-statement.ts';
import { OPPWA_STATEMENT_FORMAT } from '../../electron/core/gateways/aci-oppwa/emulator/statement-file.ts';
import { oppwaTransactionsMapping } from '../../electron/core/gateways/aci-oppwa/statement-mapping.ts';
import { SearchIndexBehind } from '../../electron/core/ledger/search-index-behind.ts';
import { openSqliteLedger } from '../../electron/core/ledger/sqlite-ledger.ts';
import type { FeeBasis, MatchOptions, MatchOutcome } from '../../electron/core/recon/matcher.ts';
import { defineStatementMapping } from '../../electron/core/recon/mappings/statement-mapping.ts';
import { generateStatement } from '../../electron/core/sandbox/statement/statement-generator.ts';
import { feeFor, settlementTerms, type StatementRow as BookRow } from '../../electron/core/sandbox/statement/statement-rows.ts';

export const PROFILE_ID = 'prof_oppwa_bench';
/** Our entity at OPPWA; the generator's rows "from another merchant" carry a different one. */
export const ENTITY_ID = '8ac7a4c77a9a1d6e017a9b2c3d4e0001';
export const FEE_RULE = { basisPoints: 290, fixedMinor: 30 };
export const SETTLEMENT_DAYS = 2;
/** 2025-03-01T00:00:00Z; payments every 2 s, so a million span 23 days of March. */
const FIRST_AT_EPOCH_S = 1_740_787_200;
const SPACING_S = 2;
export const PERIOD = { from: new Date('2025-03-01T00:00:00Z'), to: new Date('2025-04-01T00:00:00Z') };
const PERIOD_DAYS = { from: '2025-03-01', to: '2025-03-31' };
const GATEWAY_ID_PREFIX = '8ac7a4a2';

/** Payment `i`'s fields, once in SQL and once in TypeScript: the ledger and the book must agree. */
const amountOf = (i: number): bigint => BigInt(100 + ((i * 7919) % 500_000));
const gatewayIdOf = (i: number): string => `${GATEWAY_ID_PREFIX}${i.toString(16).padStart(24, '0')}`;
const paymentIdOf = (i: number): string => `pay_${String(i).padStart(8, '0')}`;
const referenceOf = (i: number): string => `ORD-${String(i).padStart(8, '0')}`;
const createdOf = (i: number): Date => new Date((FIRST_AT_EPOCH_S + i * SPACING_S) * 1000);

/** The ledger's payment id for one of the book's gateway ids. */
export function paymentIdForGatewayId(gatewayId: string): string | null {
  return gatewayId.startsWith(GATEWAY_ID_PREFIX) ? paymentIdOf(Number.parseInt(gatewayId.slice(GATEWAY_ID_PREFIX.length), 16)) : null;
}

/**
 * Seeds `file` (a fresh path) with `count` payments of one profile: captured, one in ten refunded
 * since, all in EUR, made in the period, with their journal's operations as a console writes them
 * (a capture each, and the refund of each refunded one). The ledger's own migrations make the
 * schema first.
 */
export function seedReconLedger(file: string, count: number): void {
  openSqliteLedger(file).close();
  const db = new DatabaseSync(file);
  try {
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144');
    db.exec('BEGIN');
    db.exec(`
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${count - 1})
      INSERT INTO payments (
        id, profile_id, profile_name, gateway_id, environment, kind, method, moto, status, currency,
        amount_minor, merchant_reference, description, customer_name, customer_email, customer_phone,
        card_brand, card_bin, card_last4, card_expiry_month, card_expiry_year, card_holder,
        imported, gateway_transaction_id, gateway_data, created_at, updated_at
      )
      SELECT 'pay_' || printf('%08d', i), '${PROFILE_ID}', 'OPPWA', 'aci-oppwa', 'sandbox', 'sale', 'card', 1,
        CASE WHEN i % 10 = 0 THEN 'refunded' ELSE 'captured' END, 'EUR',
        100 + (i * 7919) % 500000, 'ORD-' || printf('%08d', i), NULL, 'Customer ' || (i % 50000), 'customer' || (i % 50000) || '@example.com', NULL,
        'visa', '476134', printf('%04d', (i * 31) % 10000), 1 + i % 12, 2028, 'Ana Silva',
        0, '${GATEWAY_ID_PREFIX}' || printf('%024x', i), '{}',
        strftime('%Y-%m-%dT%H:%M:%fZ', ${FIRST_AT_EPOCH_S} + i * ${SPACING_S}, 'unixepoch'),
        strftime('%Y-%m-%dT%H:%M:%fZ', ${FIRST_AT_EPOCH_S} + i * ${SPACING_S}, 'unixepoch')
      FROM n`);
    db.exec(`
      INSERT INTO operations (id, payment_id, kind, amount_minor, currency, merchant_reference, operator, state, gateway_operation_id, created_at, sent_at, completed_at)
      SELECT 'op_' || substr(id, 5) || '_capture', id, 'capture', amount_minor, currency, merchant_reference || '-capture', 'bench', 'succeeded',
        gateway_transaction_id || '-capture', created_at, created_at, created_at
      FROM payments ORDER BY seq`);
    db.exec(`
      INSERT INTO operations (id, payment_id, kind, amount_minor, currency, merchant_reference, operator, state, gateway_operation_id, created_at, sent_at, completed_at)
      SELECT 'op_' || substr(id, 5) || '_refund', id, 'refund', amount_minor, currency, merchant_reference || '-refund', 'bench', 'succeeded',
        gateway_transaction_id || '-refund', created_at, created_at, created_at
      FROM payments WHERE status = 'refunded' ORDER BY seq`);
    db.exec('COMMIT');
    // The ledger indexes text behind its writes; a seeded ledger starts with everything indexed.
    db.exec('BEGIN');
    new SearchIndexBehind(db).catchUp('payments');
    db.exec('COMMIT');
    db.exec('ANALYZE; PRAGMA wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** The gateway's book for the seeded payments: one sale row each, with the fee and settlement day the terms give. */
function* bookRows(count: number): Generator<BookRow> {
  const terms = { fees: FEE_RULE, settlementDays: SETTLEMENT_DAYS };
  for (let i = 0; i < count; i += 1) {
    const at = createdOf(i);
    const amountMinor = amountOf(i);
    yield {
      gatewayId: gatewayIdOf(i),
      parentGatewayId: null,
      merchantReference: referenceOf(i),
      merchantAccount: ENTITY_ID,
      type: 'sale',
      status: 'succeeded',
      gatewayStatus: null,
      currency: 'EUR',
      amountMinor,
      at,
      method: 'VISA',
      ...settlementTerms('sale', 'succeeded', amountMinor, at, terms),
    };
  }
}

/** Planted per kind: a few per thousand rows, at least one each. */
export function plantCounts(count: number): Record<PlantedDiscrepancy['kind'], number> {
  const each = Math.max(1, Math.round(count * 0.002));
  return { missing: each, amount: each, status: each, duplicate: each, fee: each, other_merchant: each, unknown: each };
}

/** Writes the statement for `count` seeded payments to `file`; answers the planted discrepancies. */
export async function writeReconStatement(file: string, count: number, seed = 13): Promise<PlantedDiscrepancy[]> {
  const generation = generateStatement({ format: OPPWA_STATEMENT_FORMAT, rows: bookRows(count), total: count, plant: { counts: plantCounts(count) }, seed, period: PERIOD_DAYS });
  const out = createWriteStream(file);
  for await (const piece of generation.lines) {
    if (!out.write(piece)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return generation.manifest;
}

/**
 * OPPWA's transaction report and settlement detail in one file (the emulator's layout): the
 * shipped transaction mapping plus the settlement columns, as an operator would save it as a
 * user mapping, so that status, fee and merchant-account discrepancies are all visible.
 */
export const RECON_BENCH_MAPPING = defineStatementMapping({
  ...oppwaTransactionsMapping,
  name: 'OPPWA transactions with settlement (bench)',
  columns: { ...oppwaTransactionsMapping.columns, fee: 'fee', net: 'netAmount', settledAt: 'settlementTxDate', merchantAccount: 'entityId' },
});

export const RECON_MATCH_OPTIONS: MatchOptions = {
  period: PERIOD,
  merchantAccounts: [ENTITY_ID],
  expectedFee: (row: FeeBasis) => (row.kind === 'payment' && row.status === 'succeeded' ? feeFor(row.amountMinor, FEE_RULE) : null),
};

/** A non-matched outcome, as the check compares it: where it is (line, or the payment missing from the file) and its class. */
export interface Discrepancy {
  readonly key: string;
  readonly reconClass: string;
}

export function discrepancyOf(outcome: Pick<MatchOutcome, 'reconClass' | 'paymentId'> & { readonly line: number | null }): Discrepancy | null {
  if (outcome.reconClass === 'matched') return null;
  return { key: outcome.line === null ? `payment ${outcome.paymentId ?? '?'}` : `line ${outcome.line}`, reconClass: outcome.reconClass };
}

export interface ReconCheck {
  readonly planted: number;
  /** Planted discrepancies found in their expected class. */
  readonly found: number;
  /** Planted but not reported, or reported in another class. */
  readonly missed: readonly string[];
  /** Reported on a row nothing was planted on. */
  readonly falseOnes: readonly string[];
}

/** Every planted discrepancy in its expected class, and no discrepancy where nothing was planted. */
export function checkDiscrepancies(manifest: readonly PlantedDiscrepancy[], reported: readonly Discrepancy[]): ReconCheck {
  const byKey = new Map(reported.map((entry) => [entry.key, entry.reconClass]));
  const missed: string[] = [];
  const plantedKeys = new Set<string>();
  for (const entry of manifest) {
    const key = entry.line === null ? `payment ${paymentIdForGatewayId(entry.gatewayTransactionId ?? '') ?? '?'}` : `line ${entry.line}`;
    plantedKeys.add(key);
    const found = byKey.get(key);
    if (found !== entry.expectedClass) missed.push(`${entry.kind} at ${key}: expected ${entry.expectedClass}, got ${found ?? 'matched'}`);
  }
  const falseOnes = reported.filter((entry) => !plantedKeys.has(entry.key)).map((entry) => `${entry.reconClass} at ${entry.key}`);
  return { planted: manifest.length, found: manifest.length - missed.length, missed, falseOnes };
}
