/**
 * The statement the OPPWA emulator writes from its book: a transaction report joined with its
 * settlement data, one row per transaction (DB, PA, CP, RF, RV, and the platform's CB / CR).
 * Fact sheet §5.3 gives the transaction report's fields (`id`, `paymentType`, `merchantTransactionId`,
 * `amount`, `currency`, `result.code`, linked transactions); the public OPPWA reporting pages
 * (e.g. hobex.docs.oppwa.com/integrations/reporting/settlement) add the settlement side:
 * `reconciliationType` (SETTLED, FEE, CHARGEBACK, CHARGEBACK REVERSAL) and `settlementTxDate`.
 * A CSV with these names, comma-separated with dot decimals in major units, is INFERRED, as are
 * the fee columns, the fee rule (2.9 % + 0.30) and T+2 business-day settlement (settings
 * `statementFees`, `statementSettlementDays`; a request can override them).
 */
import { formatDecimal } from '../../../../../shared/money/money.ts';
import { netMinor, settlementTerms, type StatementRow, type StatementRowStatus, type StatementRowType, type StatementFormat, type StatementSource, withinPeriod } from '../../../sandbox/statement/statement-rows.ts';
import { describeCode } from './code-catalogue.ts';
import type { OppwaPlatform } from './platform.ts';
import { stateOf, type EmulatedTransaction } from './transaction-book.ts';

const TYPES: Readonly<Record<string, StatementRowType>> = { DB: 'sale', PA: 'auth', CP: 'capture', RF: 'refund', RV: 'void', CB: 'chargeback', CR: 'chargeback_reversal' };
const PAYMENT_TYPES: Readonly<Record<StatementRowType, string>> = { sale: 'DB', auth: 'PA', capture: 'CP', refund: 'RF', void: 'RV', chargeback: 'CB', chargeback_reversal: 'CR' };
const STATES = { success: 'succeeded', pending: 'pending', rejected: 'failed' } as const;
/** The code printed for a status the book does not hold (a planted status). */
const STATUS_CODES: Readonly<Record<StatementRowStatus, string>> = { succeeded: '000.100.110', pending: '000.200.000', failed: '800.100.152' };
const RECONCILIATION_TYPES: Partial<Record<StatementRowType, string>> = { chargeback: 'CHARGEBACK', chargeback_reversal: 'CHARGEBACK REVERSAL' };

const codeOf = (row: StatementRow): string => row.gatewayStatus ?? STATUS_CODES[row.status];
const major = (row: StatementRow, minor: bigint): string => formatDecimal(minor, row.currency);

function reconciliationType(row: StatementRow): string {
  if (row.settlementDay === null) return '';
  return RECONCILIATION_TYPES[row.type] ?? 'SETTLED';
}

function rowOf(transaction: EmulatedTransaction, rootOf: (transaction: EmulatedTransaction) => string | null, terms: Parameters<StatementSource['rows']>[0]): StatementRow[] {
  const type = TYPES[transaction.paymentType];
  if (type === undefined || transaction.amountMinor === null || transaction.currency === null) return [];
  const status = STATES[stateOf(transaction)];
  return [
    {
      gatewayId: transaction.id,
      parentGatewayId: rootOf(transaction),
      merchantReference: transaction.merchantTransactionId,
      merchantAccount: transaction.entityId,
      type,
      status,
      gatewayStatus: transaction.code,
      currency: transaction.currency,
      amountMinor: transaction.amountMinor,
      at: transaction.createdAt,
      method: transaction.paymentBrand ?? 'CARD',
      ...settlementTerms(type, status, transaction.amountMinor, transaction.createdAt, terms),
    },
  ];
}

/** The file's layout, also for a book the bench makes up. */
export const OPPWA_STATEMENT_FORMAT: StatementFormat = {
  fileName: (from, to) => `transactions_${from}_${to}.csv`,
  contentType: 'text/csv; charset=utf-8',
  delimiter: ',',
  lineEnd: '\n',
  columns: [
    { header: 'id', value: (row) => row.gatewayId },
    { header: 'entityId', value: (row) => row.merchantAccount, reports: 'merchantAccount' },
    { header: 'referencedId', value: (row) => row.parentGatewayId ?? '' },
    { header: 'merchantTransactionId', value: (row) => row.merchantReference ?? '' },
    { header: 'paymentType', value: (row) => PAYMENT_TYPES[row.type] },
    { header: 'paymentBrand', value: (row) => row.method },
    { header: 'amount', value: (row) => major(row, row.amountMinor), reports: 'amount' },
    { header: 'currency', value: (row) => row.currency },
    { header: 'result.code', value: codeOf, reports: 'status' },
    { header: 'result.description', value: (row) => describeCode(codeOf(row)) },
    { header: 'timestamp', value: (row) => `${row.at.toISOString().slice(0, 19).replace('T', ' ')}+0000` },
    { header: 'reconciliationType', value: reconciliationType },
    { header: 'settlementTxDate', value: (row) => row.settlementDay ?? '' },
    { header: 'fee', value: (row) => major(row, row.feeMinor), reports: 'fee' },
    { header: 'netAmount', value: (row) => major(row, netMinor(row)) },
  ],
  newTransactionId: (random) => Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join(''),
  otherMerchantAccount: '8a8294174b7ecb28014b9699220015ff',
  defaultCurrency: 'EUR',
};

export function oppwaStatement(platform: OppwaPlatform): StatementSource {
  const { book } = platform;
  // A refund of a capture belongs to the pre-authorisation the capture referenced.
  function rootOf(transaction: EmulatedTransaction): string | null {
    let parent = transaction.referencedId === null ? null : book.get(transaction.referencedId);
    while (parent !== null && parent.referencedId !== null) parent = book.get(parent.referencedId);
    return parent?.id ?? transaction.referencedId;
  }
  return {
    gatewayId: 'aci-oppwa',
    get defaults() {
      return { fees: platform.settings().statementFees, settlementDays: platform.settings().statementSettlementDays };
    },
    format: OPPWA_STATEMENT_FORMAT,
    rows: (terms) =>
      book
        .all()
        .filter((transaction) => withinPeriod(transaction.createdAt, terms))
        .flatMap((transaction) => rowOf(transaction, rootOf, terms)),
  };
}
