/**
 * `exportTransactions` and `exportChargebacks` on the export path (fact sheet §4): a DATE
 * (`YYYY-MM` or `YYYY-MM-DD`) or a STARTDATE and ENDDATE, and a CALLBACKURL or MAILTO to send the
 * CSV report to; the answer only says it was accepted, and the report follows (`reportDelayMs`).
 * Days are the platform's (its time zone). The report is the account's rows of the statement file
 * the emulator writes from its book (statement-file.ts), with nothing planted.
 */
import { statementText } from '../../../sandbox/statement/statement-generator.ts';
import type { Reply } from './answers.ts';
import type { MethodHandler, Platform, RequestContext } from './platform.ts';
import { scalarParam } from './platform-form.ts';
import type { ReportDelivery } from './report-delivery.ts';
import { be2billStatement } from './statement-file.ts';

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
  const statement = be2billStatement(platform);
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
        : statement.rows({ ...range, ...statement.defaults }).filter((row) => row.merchantAccount === context.account.identifier);
    const label = `${context.method} ${range.from}..${range.to}`;
    void statementText({ format: statement.format, rows, total: rows.length, plant: {}, seed: 0, period: range }).then((file) => reports.deliver(context, destination, { csv: file.content, rows: file.rows }, label));
    return platform.answers.reply(context.method, '0000');
  }
  return { exportTransactions: exportReport, exportChargebacks: exportReport };
}
