/**
 * Be2bill's statement files (fact sheet §2/§4: `exportTransactions` on /front/service/rest/export
 * and `exportReconciliation` on /front/service/rest/reconciliation answer with a CSV, CONFIRMED).
 * The sheet does not give the CSV's columns; everything below about them is INFERRED and can be
 * changed by copying the mapping into a user-defined one:
 * - column names: the wire's own parameter names (TRANSACTIONID, ORDERID, OPERATIONTYPE, AMOUNT,
 *   CURRENCY, EXECCODE, IDENTIFIER), since the platform names everything that way; public search
 *   (code and docs) found no sample of the export;
 * - AMOUNT in cents, as on the wire (descriptor amountFormat `minor-integer`);
 * - `;` delimiter and dates `YYYY-MM-DD HH:mm:ss` in Europe/Paris (a French platform's back office).
 */
import { defineStatementMapping } from '../../recon/mappings/statement-mapping.ts';

const NOTE = 'INFERRED: Be2bill does not publish the export CSV columns; these follow its wire parameter names (fact sheet §4 confirms only the export paths and that the report is CSV).';

/** EXECCODE (execcodes.ts): 0000 succeeded; 0001–0003 wait for the customer or the network; any other code is a refusal. */
const STATUS_VALUES = { '0000': 'succeeded', '0001': 'pending', '0002': 'pending', '0003': 'pending', '*': 'failed' } as const;

/**
 * OPERATIONTYPE (fact sheet §2). An `authorization` row is a payment whose money has not moved yet:
 * its capture is a row of its own. `credit` sends money to a card, like a refund.
 */
const KIND_VALUES = { payment: 'payment', authorization: 'payment', capture: 'payment', refund: 'refund', credit: 'refund', chargeback: 'chargeback' } as const;

const FORMAT = { delimiter: ';', dateFormat: 'YYYY-MM-DD HH:mm:ss', timeZone: 'Europe/Paris' } as const;

/** The reconciliation file has the transactions export's columns, and what settlement adds. */
const TRANSACTION_COLUMNS_AND_VALUES = {
  columns: {
    gatewayTransactionId: 'TRANSACTIONID',
    merchantReference: 'ORDERID',
    kind: 'OPERATIONTYPE',
    amount: 'AMOUNT',
    currency: 'CURRENCY',
    status: 'EXECCODE',
    transactionAt: 'DATE',
    merchantAccount: 'IDENTIFIER',
  },
  amountUnit: 'minor',
  statusValues: STATUS_VALUES,
  kindValues: KIND_VALUES,
  format: FORMAT,
} as const;

export const be2billTransactionsMapping = defineStatementMapping({
  name: 'Be2bill exportTransactions',
  ...TRANSACTION_COLUMNS_AND_VALUES,
  notes: [NOTE],
});

export const be2billReconciliationMapping = defineStatementMapping({
  name: 'Be2bill exportReconciliation',
  ...TRANSACTION_COLUMNS_AND_VALUES,
  columns: { ...TRANSACTION_COLUMNS_AND_VALUES.columns, fee: 'FEES', net: 'NETAMOUNT', settledAt: 'SETTLEMENTDATE' },
  notes: [NOTE, 'INFERRED: FEES, NETAMOUNT and SETTLEMENTDATE are our names for what a reconciliation file must carry beyond the transactions export.'],
});

export const be2billStatementMappings = [be2billTransactionsMapping, be2billReconciliationMapping];
