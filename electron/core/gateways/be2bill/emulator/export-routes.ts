/**
 * `exportTransactions` and `exportChargebacks` on the export path (fact sheet §4): a DATE
 * (`YYYY-MM` or `YYYY-MM-DD`) or a STARTDATE and ENDDATE, and a CALLBACKURL or MAILTO to send the
 * CSV report to; the answer only says it was accepted. Days are the platform's (its time zone).
 */
import type { Reply } from './answers.ts';
import type { MethodHandler, Platform, RequestContext } from './platform.ts';
import { scalarParam } from './platform-form.ts';
import type { ReportDelivery } from './report-delivery.ts';
import { transactionRow } from './transaction-rows.ts';

const DAY_TEXT = /^\d{4}-\d{2}-\d{2}$/;

/** The days a DATE or a STARTDATE/ENDDATE pair covers, or the answer refusing them. */
function reportRange(context: RequestContext, platform: Platform): { from: string; to: string } | Reply {
  const { method } = context;
  const { answers } = platform;
  const date = scalarParam(context.params, 'DATE');
  if (date !== undefined) {
    if (/^\d{4}-\d{2}$/.test(date)) return { from: `${date}-01`, to: `${date}-31` };
    return DAY_TEXT.test(date) ? { from: date, to: date } : answers.invalid(method, 'DATE');
  }
  const from = scalarParam(context.params, 'STARTDATE');
  const to = scalarParam(context.params, 'ENDDATE');
  if (from === undefined) return answers.missing(method, 'STARTDATE');
  if (to === undefined) return answers.missing(method, 'ENDDATE');
  if (!DAY_TEXT.test(from)) return answers.invalid(method, 'STARTDATE');
  if (!DAY_TEXT.test(to) || to < from) return answers.invalid(method, 'ENDDATE');
  return { from, to };
}

export function exportRoutes(platform: Platform, reports: ReportDelivery): Record<'exportTransactions' | 'exportChargebacks', MethodHandler> {
  function exportReport(context: RequestContext): Reply {
    const range = reportRange(context, platform);
    if ('response' in range) return range;
    const destination = reports.destination(context);
    if ('response' in destination) return destination;
    if (destination.kind === 'none') return platform.answers.missing(context.method, 'CALLBACKURL');
    // The sandbox books no chargebacks, so their report has a header only.
    const rows =
      context.method === 'exportChargebacks'
        ? []
        : platform.book
            .all()
            .filter((transaction) => transaction.identifier === context.account.identifier)
            .filter((transaction) => {
              const day = platform.platformDay(transaction.createdAt);
              return day >= range.from && day <= range.to;
            })
            .map(transactionRow);
    reports.deliver(context, destination, rows, `${context.method} ${range.from}..${range.to}`);
    return platform.answers.reply(context.method, '0000');
  }
  return { exportTransactions: exportReport, exportChargebacks: exportReport };
}
