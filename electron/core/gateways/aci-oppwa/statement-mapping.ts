/**
 * OPPWA's reports (fact sheet §5.3: transaction reports through /v1/query, CONFIRMED; settlement
 * reports at /reconciliations/aggregations/{id}, detail level sortable by SettlementTxDate, per
 * hyperpay.docs.oppwa.com/node/61 found by search). Neither page gives a CSV layout, so the columns
 * are INFERRED: a transaction report row carries the payment object's own fields (id,
 * merchantTransactionId, paymentType, amount, currency, result.code, timestamp — the names the
 * query answer uses), and the settlement detail adds its fee, net and settlement date. Amounts are
 * major-unit decimal strings as on the wire ("92.00"); timestamps are UTC ("2024-01-15 10:00:00+0000").
 */
import { defineStatementMapping } from '../../recon/mappings/statement-mapping.ts';

/**
 * result.code families (result-codes.ts, OPPWA's published patterns): 000.000.*, 000.100.1* and
 * 000.3* and 000.6* are successes, 000.200.* pending; every other family is a refusal or an error.
 */
const STATUS_VALUES = {
  '000.000.*': 'succeeded',
  '000.100.1*': 'succeeded',
  '000.3*': 'succeeded',
  '000.6*': 'succeeded',
  '000.200.*': 'pending',
  '*': 'failed',
} as const;

/** paymentType: PA/DB/CP move money in, RF back, RV voids an authorisation, CB is a chargeback. */
const KIND_VALUES = { PA: 'payment', DB: 'payment', CP: 'payment', RF: 'refund', RV: 'payment', CB: 'chargeback', CR: 'refund' } as const;

const FORMAT = { delimiter: ',', decimalSeparator: '.', dateFormat: 'iso', timeZone: 'UTC' } as const;
const NOTE = 'INFERRED: OPPWA documents its reporting endpoints (JSON), not a CSV layout; columns follow the payment object names of the query answer.';

/** The payment object's fields, in both reports. */
const PAYMENT_COLUMNS = {
  gatewayTransactionId: 'id',
  merchantReference: 'merchantTransactionId',
  kind: 'paymentType',
  amount: 'amount',
  currency: 'currency',
  transactionAt: 'timestamp',
} as const;

export const oppwaTransactionsMapping = defineStatementMapping({
  name: 'OPPWA transaction report',
  columns: { ...PAYMENT_COLUMNS, status: 'result.code' },
  amountUnit: 'major',
  statusValues: STATUS_VALUES,
  kindValues: KIND_VALUES,
  format: FORMAT,
  notes: [NOTE],
});

export const oppwaSettlementMapping = defineStatementMapping({
  name: 'OPPWA settlement report (detail)',
  columns: {
    ...PAYMENT_COLUMNS,
    fee: 'fee',
    net: 'netAmount',
    settledAt: 'settlementTxDate',
    merchantAccount: 'entityId',
  },
  amountUnit: 'major',
  // A settlement detail lists what the connector settled.
  defaultStatus: 'succeeded',
  kindValues: KIND_VALUES,
  format: FORMAT,
  notes: [NOTE, 'INFERRED: settlementTxDate after the SettlementTxDate sort key of the detail-level settlement report (hyperpay.docs.oppwa.com/node/61); fee, netAmount and entityId are our names.'],
});

export const oppwaStatementMappings = [oppwaTransactionsMapping, oppwaSettlementMapping];
