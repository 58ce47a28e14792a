/**
 * The statement the Sayswitch emulator writes from its book: its transaction list, with refunds as
 * rows of their own. Sayswitch documents no list or export (fact sheet §5: "Transaction list/search
 * not documented"), so the file is INFERRED from what it does document: a transaction's fields in
 * the verify answer (§4: `amount` charged **including fees**, `requested_amount`, `fees`,
 * `currency`, `status` pending/success/failed/cancelled, `transaction_date` `YYYY-MM-DD HH:MM:SS`,
 * `reference`, `channel`, `gateway_response`) and a refund's in the refund list (§5: `refund_reference`,
 * `status` pending/success, `expected_at`, `settlement`). Amounts follow the emulator's `amountUnit`
 * setting (§9's conflict), times are West Africa Time like its answers. Fees are its own
 * `feeBasisPointsNgn` / `feeBasisPointsOther` settings (a request's fee rule replaces the NGN rate);
 * payments settle T+1 business day (INFERRED, `statementSettlementDays`), refunds when the book says they settle.
 */
import { formatDecimal } from '../../../../../shared/money/money.ts';
import { feeFor, settlementTerms, type StatementRow, type StatementFormat, type StatementRowStatus, type StatementSource, utcDay, withinPeriod } from '../../../sandbox/statement/statement-rows.ts';
import type { SayswitchEmulatorSettings } from './settings.ts';
import { sayswitchTime, type EmulatedRefund, type EmulatedStatus, type EmulatedTransaction, type TransactionBook } from './transaction-book.ts';

const STATES: Readonly<Record<EmulatedStatus, StatementRowStatus>> = { success: 'succeeded', pending: 'pending', failed: 'failed', cancelled: 'failed' };
const STATUS_WORDS: Readonly<Record<StatementRowStatus, string>> = { succeeded: 'success', pending: 'pending', failed: 'failed' };

type Terms = Parameters<StatementSource['rows']>[0];

const isRefund = (row: StatementRow): boolean => row.type === 'refund';

/** The file's layout in the emulator's amount unit, also for a book the bench makes up. */
export function sayswitchStatementFormat(amountUnit: SayswitchEmulatorSettings['amountUnit']): StatementFormat {
  const money = (row: StatementRow, minor: bigint): string => (amountUnit === 'minor' ? minor.toString() : formatDecimal(minor, row.currency));
  return {
    fileName: (from, to) => `sayswitch_transactions_${from}_${to}.csv`,
    contentType: 'text/csv; charset=utf-8',
    delimiter: ',',
    lineEnd: '\n',
    columns: [
      { header: 'id', value: (row) => row.gatewayId },
      { header: 'type', value: (row) => (isRefund(row) ? 'refund' : 'transaction') },
      { header: 'reference', value: (row) => row.merchantReference ?? '' },
      { header: 'transaction_id', value: (row) => row.parentGatewayId ?? '' },
      { header: 'merchant', value: (row) => row.merchantAccount, reports: 'merchantAccount' },
      { header: 'channel', value: (row) => row.method },
      { header: 'currency', value: (row) => row.currency },
      { header: 'requested_amount', value: (row) => money(row, row.amountMinor), reports: 'amount' },
      { header: 'fees', value: (row) => money(row, row.feeMinor), reports: 'fee' },
      // What was charged: the fees on top of what was asked (§9); a refund gives back what it says.
      { header: 'amount', value: (row) => money(row, isRefund(row) ? row.amountMinor : row.amountMinor + row.feeMinor) },
      { header: 'status', value: (row) => row.gatewayStatus ?? STATUS_WORDS[row.status], reports: 'status' },
      { header: 'transaction_date', value: (row) => sayswitchTime(row.at) },
      { header: 'settlement_date', value: (row) => row.settlementDay ?? '' },
    ],
    newTransactionId: (random) => String(1_990_000_000 + Math.floor(random() * 9_999_999)),
    otherMerchantAccount: 'pk_test_another_merchant',
    defaultCurrency: 'NGN',
  };
}

export function sayswitchStatement(book: TransactionBook, settings: () => SayswitchEmulatorSettings): StatementSource {
  function transactionRow(transaction: EmulatedTransaction, terms: Terms): StatementRow {
    const status = STATES[transaction.status];
    const fees = transaction.currency === 'NGN' ? terms.fees : { basisPoints: settings().feeBasisPointsOther, fixedMinor: 0 };
    const settlement = settlementTerms('sale', status, transaction.requestedMinor, transaction.createdAt, terms);
    return {
      gatewayId: transaction.id,
      parentGatewayId: null,
      merchantReference: transaction.reference,
      merchantAccount: transaction.merchant,
      type: 'sale',
      status,
      gatewayStatus: transaction.status,
      currency: transaction.currency,
      amountMinor: transaction.requestedMinor,
      // Charged on top of a successful charge only (§9's samples are successful ones).
      feeMinor: status === 'succeeded' ? feeFor(transaction.requestedMinor, fees) : 0n,
      at: transaction.createdAt,
      settlementDay: settlement.settlementDay,
      method: transaction.channel,
    };
  }

  function refundRow(refund: EmulatedRefund): StatementRow {
    const status: StatementRowStatus = refund.status === 'success' ? 'succeeded' : 'pending';
    return {
      gatewayId: refund.id,
      parentGatewayId: refund.transactionId,
      merchantReference: refund.refundReference,
      merchantAccount: refund.merchant,
      type: 'refund',
      status,
      gatewayStatus: refund.status,
      currency: refund.currency,
      amountMinor: refund.amountMinor,
      feeMinor: 0n,
      at: refund.createdAt,
      settlementDay: utcDay(refund.settlesAt),
      method: book.find(refund.transactionId)?.channel ?? 'card',
    };
  }

  return {
    gatewayId: 'sayswitch',
    get defaults() {
      return { fees: { basisPoints: settings().feeBasisPointsNgn, fixedMinor: 0 }, settlementDays: settings().statementSettlementDays };
    },
    get format() {
      return sayswitchStatementFormat(settings().amountUnit);
    },
    rows(terms) {
      const transactions = book
        .all()
        .filter((transaction) => withinPeriod(transaction.createdAt, terms))
        .map((transaction) => transactionRow(transaction, terms));
      const refunds = book
        .allRefunds()
        .filter((refund) => withinPeriod(refund.createdAt, terms))
        .map(refundRow);
      return [...transactions, ...refunds].sort((a, b) => a.at.getTime() - b.at.getTime());
    },
  };
}
