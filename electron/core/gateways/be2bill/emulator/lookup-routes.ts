/**
 * `getTransactions` on the export path (fact sheet §4): by TRANSACTIONID or, failing that, by
 * ORDERID, several joined by `;`. With a CALLBACKURL or MAILTO the rows go there as CSV; without,
 * they come back inline in `DATA`. Ids the platform does not know give an empty DATA, or 2002 when
 * the settings say so (INFERRED both).
 */
import type { MethodHandler, Platform } from './platform.ts';
import { scalarParam } from './platform-form.ts';
import type { ReportDelivery } from './report-delivery.ts';
import { transactionReportCsv } from './report-csv.ts';
import { transactionRow } from './transaction-rows.ts';

function idList(text: string | undefined): string[] {
  return (text ?? '').split(';').filter((id) => id !== '');
}

export function lookupRoutes(platform: Platform, reports: ReportDelivery): Record<'getTransactions', MethodHandler> {
  const { answers } = platform;
  const getTransactions: MethodHandler = (context) => {
    const ids = idList(scalarParam(context.params, 'TRANSACTIONID'));
    const orders = idList(scalarParam(context.params, 'ORDERID'));
    if (ids.length === 0 && orders.length === 0) return answers.missing('getTransactions', 'TRANSACTIONID');
    const wanted = ids.length > 0 ? (transactionId: string) => ids.includes(transactionId) : null;
    const rows = platform.book
      .all()
      .filter((transaction) => transaction.identifier === context.account.identifier && (wanted === null ? orders.includes(transaction.orderId) : wanted(transaction.id)))
      .map(transactionRow);
    const destination = reports.destination(context);
    if ('response' in destination) return destination;
    if (destination.kind !== 'none') {
      reports.deliver(context, destination, { csv: transactionReportCsv(rows, platform.settings().reportSeparator), rows: rows.length }, `getTransactions ${rows.length} rows`);
      return answers.reply('getTransactions', '0000');
    }
    if (rows.length === 0 && platform.settings().getTransactionsNotFound === '2002') return answers.reply('getTransactions', '2002');
    return answers.reply('getTransactions', '0000', { DATA: rows });
  };
  return { getTransactions };
}
