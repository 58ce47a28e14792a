/**
 * Sayswitch's transaction list for a date range. Sayswitch documents no list endpoint (fact sheet
 * §5: UNKNOWN); everything about the call is INFERRED from the Paystack analogue the sheet names
 * (`GET /transaction?perPage&page&status&from&to`, §10), under Sayswitch's `/api/v1` prefix, and so
 * configurable: the path (`reportPath`, default /api/v1/transaction) and the page size
 * (`reportPageSize`, default 50). `from`/`to` are sent as ISO 8601 instants; the answer's `data`
 * is read as the verify answer's transaction objects (§4, CONFIRMED fields) and `meta` as
 * Paystack's `{total, perPage, page, pageCount}`. A page that echoes another page, lists a
 * transaction outside the range, or names the other domain (test/live) than the key is refused.
 */
import { z } from 'zod';
import { AnswerMismatchError, InvalidRequestError, ValidationError } from '../../errors.ts';
import { readReportRecords, reportPages, type ReportPage } from '../statement-report-kit.ts';
import type { OptionField, ProfileConfig, StatementReportContext, StatementReportDefinition, StatementReportRequest } from '../types.ts';
import { keyDomainOf } from './credentials.ts';
import { readSayswitchAnswer, shapeOf } from './http-answer.ts';
import { sayswitchRedactor } from './redact.ts';
import { bearerHeaders } from './signing.ts';
import { sayswitchTransactionsMapping } from './statement-mapping.ts';

export const SAYSWITCH_REPORT_OPTION_FIELDS: readonly OptionField[] = [
  { name: 'reportPath', label: 'Transaction list path (default /api/v1/transaction)', type: 'string', required: false }, // INFERRED from Paystack's API
  { name: 'reportPageSize', label: 'Transactions per list page (default 50)', type: 'number', required: false }, // INFERRED: perPage
];

/** The wall time the platform prints (the mapping's INFERRED Lagos, UTC+1 all year). */
const LAGOS_OFFSET = '+01:00';

const text = z.union([z.string(), z.number()]).transform((value) => String(value));
const listAnswerSchema = z.looseObject({
  data: z.array(
    z.looseObject({
      reference: z.string(),
      requested_amount: text.optional(),
      amount: text.optional(),
      fees: text.nullable().optional(),
      currency: z.string().optional(),
      status: z.string().optional(),
      transaction_date: z.string().optional(),
      domain: z.string().optional(),
    }),
  ),
  meta: z.looseObject({ page: text.optional(), pageCount: text.optional() }).optional(),
});
type ListedTransaction = z.output<typeof listAnswerSchema>['data'][number];

interface ReportOptions {
  readonly path: string;
  readonly pageSize: number;
}

function readReportOptions(profile: ProfileConfig): ReportOptions {
  const path = String(profile.options['reportPath'] ?? '').trim() || '/api/v1/transaction';
  if (!/^\/[A-Za-z0-9/._-]{1,100}$/.test(path)) throw new ValidationError('The transaction list path is a path on the Sayswitch host', { reportPath: 'For example /api/v1/transaction' });
  const rawSize = profile.options['reportPageSize'];
  const pageSize = rawSize === undefined || rawSize === '' ? 50 : Number(rawSize);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1_000) throw new ValidationError('The list page size is a whole number from 1 to 1000', { reportPageSize: 'Use 50 unless Sayswitch says otherwise' });
  return { path, pageSize };
}

function lagosTime(textValue: string | undefined): Date | null {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(textValue ?? '');
  if (match === null) return null;
  const at = new Date(`${match[1]}T${match[2]}${LAGOS_OFFSET}`);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** The record the transaction-list mapping reads, under its column names; every listed row is a transaction. */
function recordOf(transaction: ListedTransaction): Record<string, string> {
  return {
    reference: transaction.reference,
    type: 'transaction',
    requested_amount: transaction.requested_amount ?? '',
    fees: transaction.fees ?? '',
    currency: transaction.currency ?? '',
    status: transaction.status ?? '',
    transaction_date: transaction.transaction_date ?? '',
  };
}

async function listPage(context: StatementReportContext, request: StatementReportRequest, options: ReportOptions, pageNo: number): Promise<ReportPage> {
  const { adapter } = context;
  const { from, to } = request.period;
  const what = `transaction list page ${pageNo}`;
  const secretKey = await adapter.secret('secretKey');
  const query = new URLSearchParams({ perPage: String(options.pageSize), page: String(pageNo), from: from.toISOString(), to: new Date(to.getTime() - 1).toISOString() });
  const response = await adapter.http.request({ method: 'GET', url: `${adapter.profile.baseUrl.replace(/\/+$/, '')}${options.path}?${query.toString()}`, headers: bearerHeaders(secretKey, false), redactor: sayswitchRedactor });
  // `/api/v1/…` calls are never payload-encrypted (§7: S2S only).
  const answer = readSayswitchAnswer(response, what, null);
  if (answer.refused) throw new InvalidRequestError(`Sayswitch ${what}: ${answer.message ?? 'refused'}`, String(answer.httpStatus));
  const body = shapeOf(answer, listAnswerSchema, what);
  const domain = keyDomainOf(secretKey);
  const mismatches: string[] = [];
  if (body.meta?.page !== undefined && Number(body.meta.page) !== pageNo) mismatches.push(`page ${body.meta.page} instead of ${pageNo}`);
  for (const transaction of body.data) {
    const at = lagosTime(transaction.transaction_date);
    if (at !== null && (at.getTime() < from.getTime() || at.getTime() >= to.getTime())) mismatches.push(`transaction ${transaction.reference} of ${transaction.transaction_date ?? '?'}, outside the range asked for`);
    if (domain !== null && transaction.domain !== undefined && transaction.domain !== domain) mismatches.push(`transaction ${transaction.reference} of the ${transaction.domain} domain, with a ${domain} key`);
  }
  if (mismatches.length > 0) throw new AnswerMismatchError(`Sayswitch ${what}`, mismatches.slice(0, 5));
  const pageCount = body.meta?.pageCount === undefined ? null : Number(body.meta.pageCount);
  return {
    records: body.data.map(recordOf),
    ids: body.data.map((transaction) => transaction.reference),
    last: body.data.length < options.pageSize || (pageCount !== null && pageNo >= pageCount),
  };
}

export const sayswitchTransactionList: StatementReportDefinition = {
  name: 'Sayswitch transaction list (INFERRED)',
  mapping: sayswitchTransactionsMapping.name,
  // A transaction names no merchant; the list is the key's merchant's.
  merchantAccount: () => null,
  async fetch(context, request) {
    const options = readReportOptions(context.adapter.profile);
    return readReportRecords(reportPages('Sayswitch transaction list', (pageNo) => listPage(context, request, options, pageNo), context.signal), sayswitchTransactionsMapping, {}, context.signal);
  },
};

export const sayswitchStatementReports = [sayswitchTransactionList];
