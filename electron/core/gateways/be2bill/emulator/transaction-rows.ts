/**
 * A transaction as the platform shows it outside its answers: a row of a getTransactions `DATA`
 * or of a CSV report, and the parameters of its notification. No source prints the row's columns
 * (INFERRED): they are the names §8 lists for notifications, with the masked card.
 */
import type { PlatformParams } from './platform-form.ts';
import type { EmulatedTransaction } from './book.ts';

/** The statement descriptor answers carry (§5, "usually"). */
export const SANDBOX_DESCRIPTOR = 'SANDBOX BE2BILL';

/** `YYYY-MM-DD HH:MM:SS`, UTC (INFERRED format). */
function platformTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

export function transactionRow(transaction: EmulatedTransaction): Record<string, string> {
  const row: Record<string, string> = {
    TRANSACTIONID: transaction.id,
    ORDERID: transaction.orderId,
    OPERATIONTYPE: transaction.operationType,
    DATE: transaction.instalmentDate ?? platformTimestamp(transaction.updatedAt),
    AMOUNT: transaction.amountMinor.toString(),
    CURRENCY: 'EUR',
    EXECCODE: transaction.execCode,
    MESSAGE: transaction.message,
    CLIENTIDENT: transaction.clientIdent,
    DESCRIPTION: transaction.description,
  };
  if (transaction.clientEmail !== '') row['CLIENTEMAIL'] = transaction.clientEmail;
  if (transaction.card !== null) {
    row['CARDCODE'] = transaction.card.code;
    row['CARDTYPE'] = transaction.card.type;
    row['CARDVALIDITYDATE'] = transaction.card.validity;
    row['CARDFULLNAME'] = transaction.card.fullName;
  }
  if (transaction.alias !== null) row['ALIAS'] = transaction.alias;
  if (transaction.scheduleId !== null) row['SCHEDULEID'] = transaction.scheduleId;
  return row;
}

/** §8's parameters; the currency is the account's and no notification source shows it. */
export function notificationParams(transaction: EmulatedTransaction): PlatformParams {
  const { CURRENCY: _currency, ...row } = transactionRow(transaction);
  return { ...row, IDENTIFIER: transaction.identifier, VERSION: transaction.version, DESCRIPTOR: SANDBOX_DESCRIPTOR };
}
