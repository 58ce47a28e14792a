/**
 * Sayswitch's transaction list. The list endpoint is not documented (fact sheet §5: UNKNOWN), so
 * the export's columns are INFERRED from the transaction object every verify answer carries (§4,
 * CONFIRMED): reference, amount, requested_amount, fees, currency, status, transaction_date.
 * `amount` is what the customer paid and includes the fee (§4/§7: requested 10.00 + fee 0.12 →
 * 10.12); `requested_amount` is what the merchant asked for — the amount the console booked, so
 * it is the row's amount, and the fee (paid by the customer on top) is reported beside it. Fees
 * can be finer than a kobo (1 + 0.038), so the fee is rounded half up to the minor unit.
 */
import { defineStatementMapping } from '../../recon/mappings/statement-mapping.ts';

export const sayswitchTransactionsMapping = defineStatementMapping({
  name: 'Sayswitch transaction list',
  columns: {
    // The console binds a Sayswitch payment by its reference (verify is by reference, §4), so the
    // reference is what matches it; the numeric `id` names nothing the console keeps.
    gatewayTransactionId: 'reference',
    merchantReference: 'reference',
    kind: 'type',
    amount: 'requested_amount',
    fee: 'fees',
    currency: 'currency',
    status: 'status',
    transactionAt: 'transaction_date',
  },
  amountUnit: 'major',
  subMinorFees: 'half-up',
  // §4: pending, success, failed, cancelled; one description says "successful". A cancelled
  // transaction was never paid: nothing moved, as with a failure.
  // INFERRED: refunds are rows of their own, as the refund list (§5, CONFIRMED) keeps them apart.
  kindValues: { transaction: 'payment', refund: 'refund' },
  statusValues: { success: 'succeeded', successful: 'succeeded', pending: 'pending', failed: 'failed', cancelled: 'failed' },
  format: { delimiter: ',', decimalSeparator: '.', dateFormat: 'YYYY-MM-DD HH:mm:ss', timeZone: 'Africa/Lagos' },
  notes: [
    'INFERRED: column names from the verify answer (fact sheet §4) and the refund list (§5); the list export itself is undocumented.',
    'INFERRED: transaction_date is Lagos wall time (the platform is Nigerian; the sheet gives no zone).',
  ],
});

export const sayswitchStatementMappings = [sayswitchTransactionsMapping];
