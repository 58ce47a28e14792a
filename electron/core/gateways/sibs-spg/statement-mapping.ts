/**
 * SIBS Backoffice's transaction export. The fact sheet covers the API only (§6 back-office
 * operations are API calls); the export's layout is not public, so every column here is INFERRED
 * from the API's own names (transactionID, merchantTransactionId, paymentType, amount.value,
 * amount.currency, paymentStatus, transactionTimestamp, terminalId) and is meant to be checked
 * against a real export and changed in a user-defined mapping if it differs. Portuguese back
 * offices write `;` and decimal commas; timestamps are Lisbon wall time.
 */
import { defineStatementMapping } from '../../recon/mappings/statement-mapping.ts';

export const sibsTransactionsMapping = defineStatementMapping({
  name: 'SIBS Backoffice transaction export',
  columns: {
    gatewayTransactionId: 'transactionID',
    merchantReference: 'merchantTransactionId',
    kind: 'paymentType',
    amount: 'amount',
    currency: 'currency',
    status: 'paymentStatus',
    transactionAt: 'transactionTimestamp',
    merchantAccount: 'terminalId',
  },
  amountUnit: 'major',
  // paymentStatus values (fact sheet §5, CONFIRMED): Success; Declined, Error, Timeout and Expired
  // are final refusals; Pending, InProcessing and Partial (waiting for 3-D Secure) are not final.
  statusValues: { success: 'succeeded', declined: 'failed', error: 'failed', timeout: 'failed', expired: 'failed', pending: 'pending', inprocessing: 'pending', partial: 'pending' },
  // paymentType: PURS, AUTH and PREF are CONFIRMED (§2); the back-office operations' codes are an
  // open question of the sheet ("Open questions", item 6), so CAPT, RFND and CAUT are INFERRED.
  kindValues: { purs: 'payment', auth: 'payment', pref: 'payment', capt: 'payment', rfnd: 'refund', caut: 'payment' },
  format: { delimiter: ';', decimalSeparator: ',', timeZone: 'Europe/Lisbon' },
  notes: ['INFERRED: the SIBS Backoffice export layout is not public; columns, status and type values follow the SPG API names (fact sheet §2–§6).'],
});

export const sibsStatementMappings = [sibsTransactionsMapping];
