/**
 * The statement the Be2bill emulator writes from its book: the CSV of an `exportTransactions` /
 * `exportReconciliation` report (fact sheet §4: "asynchronous report (CSV)"). No source prints its
 * columns (INFERRED): the report's own columns (report-csv.ts: the names §8 gives a notification),
 * the account's IDENTIFIER, and the reconciliation's fee, net and settlement date. Amounts are
 * integer cents as on the wire; the separator is the report's (`reportSeparator` setting).
 * Fees (1.4 % + 0.25 EUR) and settlement (T+2 business days) are INFERRED settings (`statementFees`,
 * `statementSettlementDays`) a request can override. DATE is UTC; the period is the platform's days.
 */
import { isoSeconds, netMinor, settlementTerms, type StatementRow, type StatementRowStatus, type StatementRowType, type StatementFormat, type StatementSource } from '../../../sandbox/statement/statement-rows.ts';
import type { EmulatedTransaction } from './book.ts';
import type { Platform } from './platform.ts';
import { platformMessage } from './platform-messages.ts';

const PENDING_CODES: ReadonlySet<string> = new Set(['0001', '0002', '0003']);
/** The EXECCODE printed for a status the book does not hold (a planted status): §6's generic decline. */
const STATUS_CODES: Readonly<Record<StatementRowStatus, string>> = { succeeded: '0000', pending: '0001', failed: '4001' };
// The sandbox books no chargebacks (export-routes.ts); their words are exportChargebacks' (INFERRED).
const OPERATION_TYPES: Readonly<Record<StatementRowType, string>> = { sale: 'payment', auth: 'authorization', capture: 'capture', refund: 'refund', void: 'refund', chargeback: 'chargeback', chargeback_reversal: 'chargeback_reversal' };

function statusOf(execCode: string): StatementRowStatus {
  if (execCode === '0000') return 'succeeded';
  return PENDING_CODES.has(execCode) ? 'pending' : 'failed';
}

function typeOf(transaction: EmulatedTransaction): StatementRowType | null {
  switch (transaction.operationType) {
    case 'payment':
      return 'sale';
    case 'authorization':
      return 'auth';
    case 'capture':
      return 'capture';
    case 'refund':
      // A refund on the payment's day is a cancellation: nothing was collected (§4).
      return transaction.cancellation ? 'void' : 'refund';
    case 'credit':
      return null;
  }
}

const cents = (minor: bigint): string => minor.toString();
const codeOf = (row: StatementRow): string => row.gatewayStatus ?? STATUS_CODES[row.status];

/** The file's layout with the report's separator, also for a book the bench makes up. */
export function be2billStatementFormat(separator: string): StatementFormat {
  return {
    fileName: (from, to) => `exportTransactions_${from}_${to}.csv`,
    contentType: 'text/csv; charset=utf-8',
    delimiter: separator,
    lineEnd: '\r\n',
    columns: [
      { header: 'IDENTIFIER', value: (row) => row.merchantAccount, reports: 'merchantAccount' },
      { header: 'TRANSACTIONID', value: (row) => row.gatewayId },
      { header: 'ORIGINALTRANSACTIONID', value: (row) => row.parentGatewayId ?? '' },
      { header: 'ORDERID', value: (row) => row.merchantReference ?? '' },
      { header: 'OPERATIONTYPE', value: (row) => OPERATION_TYPES[row.type] },
      { header: 'DATE', value: (row) => isoSeconds(row.at) },
      { header: 'AMOUNT', value: (row) => cents(row.amountMinor), reports: 'amount' },
      { header: 'CURRENCY', value: (row) => row.currency },
      { header: 'EXECCODE', value: codeOf, reports: 'status' },
      { header: 'MESSAGE', value: (row) => platformMessage(codeOf(row)) },
      { header: 'FEES', value: (row) => cents(row.feeMinor), reports: 'fee' },
      { header: 'NETAMOUNT', value: (row) => cents(netMinor(row)) },
      { header: 'SETTLEMENTDATE', value: (row) => row.settlementDay ?? '' },
    ],
    newTransactionId: (random) => `A${900_000_000 + Math.floor(random() * 99_999_999)}`,
    otherMerchantAccount: 'SANDBOX-OTHERACCOUNT',
    defaultCurrency: 'EUR',
  };
}

export function be2billStatement(platform: Platform): StatementSource {
  return {
    gatewayId: 'be2bill',
    get defaults() {
      return { fees: platform.settings().statementFees, settlementDays: platform.settings().statementSettlementDays };
    },
    get format() {
      return be2billStatementFormat(platform.settings().reportSeparator);
    },
    rows(terms) {
      const rootOf = (transaction: EmulatedTransaction): string | null => {
        if (transaction.referenceId === null) return null;
        const referenced = platform.book.get(transaction.referenceId);
        // A refund of a capture belongs to the authorization, as in the book's view.
        return referenced !== null && referenced.operationType === 'capture' && referenced.referenceId !== null ? referenced.referenceId : transaction.referenceId;
      };
      return platform.book
        .all()
        .filter((transaction) => {
          const day = platform.platformDay(transaction.createdAt);
          return day >= terms.from && day <= terms.to;
        })
        .flatMap((transaction): StatementRow[] => {
          const type = typeOf(transaction);
          if (type === null) return [];
          const status = statusOf(transaction.execCode);
          // Be2bill sends no currency: an account settles in one (the sandbox's is EUR).
          return [
            {
              gatewayId: transaction.id,
              parentGatewayId: rootOf(transaction),
              merchantReference: transaction.orderId,
              merchantAccount: transaction.identifier,
              type,
              status,
              gatewayStatus: transaction.execCode,
              currency: 'EUR',
              amountMinor: transaction.amountMinor,
              at: transaction.createdAt,
              method: 'card',
              ...settlementTerms(type, status, transaction.amountMinor, transaction.createdAt, terms),
            },
          ];
        });
    },
  };
}
