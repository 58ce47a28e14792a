/**
 * The statement the SIBS emulator writes from its book: the back office's transaction export,
 * one row per checkout or MIT and one per capture, refund and cancellation. SIBS publishes no
 * export layout, so every column is INFERRED: the names are the API's own words for the same
 * fields (`transactionID`, `merchantTransactionId`, `terminalId`, `paymentType`, `paymentMethod`,
 * `paymentStatus`, fact sheet §4), laid out as a Portuguese back office's spreadsheet export would
 * be — `;`-separated, decimal comma, `DD-MM-YYYY HH:MM:SS` in Lisbon time (INFERRED). Fees
 * (1.2 % + 0.10 EUR) and T+1 business-day settlement are INFERRED settings (`statementFees`,
 * `statementSettlementDays`) a request can override.
 */
import { formatDecimal } from '../../../../../shared/money/money.ts';
import { netMinor, settlementTerms, type StatementRow, type StatementRowStatus, type StatementFormat, type StatementRowType, type StatementSource, withinPeriod } from '../../../sandbox/statement/statement-rows.ts';
import { reportedMethod } from './answers.ts';
import type { EmulatedOperation, EmulatedPayment, PaymentBook, SibsPaymentStatus } from './payment-book.ts';
import type { SibsEmulatorSettings } from './settings.ts';

/** The type codes: the API's PURS/AUTH, the operations' as the emulator answers them (`operationPaymentTypes`), chargebacks INFERRED. */
function typeCodes(operations: SibsEmulatorSettings['operationPaymentTypes']): Readonly<Record<StatementRowType, string>> {
  return { sale: 'PURS', auth: 'AUTH', capture: operations.capture, refund: operations.refund, void: operations.cancellation, chargeback: 'CHBK', chargeback_reversal: 'CHBR' };
}
const STATUS_WORDS: Readonly<Record<StatementRowStatus, SibsPaymentStatus>> = { succeeded: 'Success', pending: 'Pending', failed: 'Declined' };

function statusOf(status: SibsPaymentStatus): StatementRowStatus {
  if (status === 'Success') return 'succeeded';
  return status === 'Pending' || status === 'InProcessing' || status === 'Partial' ? 'pending' : 'failed';
}

const lisbonTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Lisbon', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** `DD-MM-YYYY HH:MM:SS` (INFERRED). */
function sibsTime(at: Date): string {
  const part = (type: Intl.DateTimeFormatPartTypes): string => lisbonTime.formatToParts(at).find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('day')}-${part('month')}-${part('year')} ${part('hour')}:${part('minute')}:${part('second')}`;
}

const decimalComma = (row: StatementRow, minor: bigint): string => formatDecimal(minor, row.currency).replace('.', ',');
const sibsDay = (day: string | null): string => (day === null ? '' : `${day.slice(8, 10)}-${day.slice(5, 7)}-${day.slice(0, 4)}`);

type Terms = Parameters<StatementSource['rows']>[0];

function paymentRow(payment: EmulatedPayment, terms: Terms): StatementRow {
  const type: StatementRowType = payment.paymentType === 'AUTH' ? 'auth' : 'sale';
  const status = statusOf(payment.paymentStatus);
  return {
    gatewayId: payment.transactionId,
    parentGatewayId: null,
    merchantReference: payment.merchantTransactionId,
    merchantAccount: String(payment.terminalId),
    type,
    status,
    gatewayStatus: payment.paymentStatus,
    currency: payment.currency,
    amountMinor: payment.amountMinor,
    at: payment.createdAt,
    method: reportedMethod(payment),
    ...settlementTerms(type, status, payment.amountMinor, payment.createdAt, terms),
  };
}

function operationRow(payment: EmulatedPayment, operation: EmulatedOperation, terms: Terms): StatementRow {
  const type: StatementRowType = operation.action === 'cancellation' ? 'void' : operation.action;
  const status = statusOf(operation.paymentStatus);
  return {
    gatewayId: operation.transactionId,
    parentGatewayId: payment.transactionId,
    merchantReference: operation.merchantTransactionId,
    merchantAccount: String(payment.terminalId),
    type,
    status,
    gatewayStatus: operation.paymentStatus,
    currency: operation.currency,
    amountMinor: operation.amountMinor,
    at: operation.at,
    method: reportedMethod(payment),
    ...settlementTerms(type, status, operation.amountMinor, operation.at, terms),
  };
}

/** The file's layout with the emulator's operation type codes, also for a book the bench makes up. */
export function sibsStatementFormat(operationPaymentTypes: SibsEmulatorSettings['operationPaymentTypes']): StatementFormat {
  const codes = typeCodes(operationPaymentTypes);
  return {
    fileName: (from, to) => `SIBS_transacoes_${from}_${to}.csv`,
    contentType: 'text/csv; charset=utf-8',
    delimiter: ';',
    lineEnd: '\r\n',
    columns: [
      { header: 'transactionID', value: (row) => row.gatewayId },
      { header: 'merchantTransactionId', value: (row) => row.merchantReference ?? '' },
      { header: 'terminalId', value: (row) => row.merchantAccount, reports: 'merchantAccount' },
      { header: 'originalTransactionID', value: (row) => row.parentGatewayId ?? '' },
      { header: 'paymentType', value: (row) => codes[row.type] },
      { header: 'paymentMethod', value: (row) => row.method },
      { header: 'amount', value: (row) => decimalComma(row, row.amountMinor), reports: 'amount' },
      { header: 'currency', value: (row) => row.currency },
      { header: 'paymentStatus', value: (row) => row.gatewayStatus ?? STATUS_WORDS[row.status], reports: 'status' },
      { header: 'transactionTimestamp', value: (row) => sibsTime(row.at) },
      { header: 'fee', value: (row) => decimalComma(row, row.feeMinor), reports: 'fee' },
      { header: 'netAmount', value: (row) => decimalComma(row, netMinor(row)) },
      { header: 'settlementDate', value: (row) => sibsDay(row.settlementDay) },
    ],
    newTransactionId: (random) => `s2${Array.from({ length: 18 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(random() * 62)]).join('')}`,
    otherMerchantAccount: '99999',
    defaultCurrency: 'EUR',
  };
}

export function sibsStatement(book: PaymentBook, settings: () => SibsEmulatorSettings): StatementSource {
  return {
    gatewayId: 'sibs-spg',
    get defaults() {
      return { fees: settings().statementFees, settlementDays: settings().statementSettlementDays };
    },
    get format() {
      return sibsStatementFormat(settings().operationPaymentTypes);
    },
    rows(terms) {
      const rows = book.payments().flatMap((payment) => [paymentRow(payment, terms), ...payment.operations.map((operation) => operationRow(payment, operation, terms))]);
      return rows.filter((row) => withinPeriod(row.at, terms)).sort((a, b) => a.at.getTime() - b.at.getTime());
    },
  };
}
