/**
 * OPPWA's transaction report for a date range, fetched page by page from the reporting query.
 *
 * What the public docs say (searched 2026-12, "oppwa reporting transaction query date.from date.to"):
 * - hyperpay.docs.oppwa.com/tutorials/reporting/transaction and test.docs.oppwa.com/reporting-transaction:
 *   "All reporting should be done through the new endpoint v3/query … in case you are looking for more
 *   filtering options and pagination"; every query carries `entityId` and the Bearer token; `date.from`
 *   and `date.to` are named as query parameters (with shortId); `paymentTypes` filters by type.
 * - fact sheet §5.3: `/v1/query` answers an envelope with a `payments` array; "no match" is 700.400.580.
 * INFERRED (no page shows them), and so profile options or constants below:
 * - a range query without an id: `GET <reportPath>?entityId&date.from&date.to` (reportPath, default /v3/query);
 * - dates as `YYYY-MM-DD HH:MM:SS` in UTC, the platform's own timestamp form (§9) without the offset;
 * - paging by `limit` (reportPageSize, default 100) and a 1-based `pageNo`, answered in `payments`;
 *   the answer may echo `pageNo`, `totalPages` and `entityId`: an echo that differs is another request's.
 * A short page (fewer than `limit`) or the echoed `totalPages` ends the report.
 */
import { z } from 'zod';
import { AnswerMismatchError, UnexpectedGatewayResponseError, ValidationError } from '../../errors.ts';
import { readReportRecords, reportPages, type ReportPage } from '../statement-report-kit.ts';
import type { OptionField, ProfileConfig, StatementReportContext, StatementReportDefinition, StatementReportRequest } from '../types.ts';
import { describeResult, readAnswer } from './http-answer.ts';
import { readOppwaOptions } from './options.ts';
import { oppwaRedactor } from './redact.ts';
import { bearerHeaders } from './signing.ts';
import { oppwaTransactionsMapping } from './statement-mapping.ts';
import { oppwaQueryAnswerSchema, parseOppwaTimestamp, type OppwaPayment } from './wire.ts';

export const OPPWA_REPORT_OPTION_FIELDS: readonly OptionField[] = [
  { name: 'reportPath', label: 'Transaction report query path (default /v3/query; /v1/query on older platforms)', type: 'string', required: false }, // INFERRED: the path
  { name: 'reportPageSize', label: 'Transactions per report page (default 100)', type: 'number', required: false }, // INFERRED: the page limit
];

/** "cannot find transaction" (§5.3): the range holds none. */
const NOTHING_FOUND = '700.400.580';
/** A query that found what it was asked for: 000.000.* and 000.100.1* (result-codes.ts' success groups). */
const QUERY_SUCCEEDED = /^000\.(000\.|100\.1)/;

const echoSchema = z.union([z.string(), z.number()]).optional();
const reportPageSchema = oppwaQueryAnswerSchema.extend({ pageNo: echoSchema, totalPages: echoSchema, entityId: z.string().optional() });

interface ReportOptions {
  readonly entityId: string;
  readonly path: string;
  readonly pageSize: number;
}

function readReportOptions(profile: ProfileConfig): ReportOptions {
  const { entityId } = readOppwaOptions(profile);
  const path = String(profile.options['reportPath'] ?? '').trim() || '/v3/query';
  if (!/^\/[A-Za-z0-9/._-]{1,100}$/.test(path)) throw new ValidationError('The report query path is a path on the OPPWA host', { reportPath: 'For example /v3/query' });
  const rawSize = profile.options['reportPageSize'];
  const pageSize = rawSize === undefined || rawSize === '' ? 100 : Number(rawSize);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1_000) throw new ValidationError('The report page size is a whole number from 1 to 1000', { reportPageSize: 'Use 100 unless the platform says otherwise' });
  return { entityId, path, pageSize };
}

/** `YYYY-MM-DD HH:MM:SS`, UTC. */
function platformTime(at: Date): string {
  return at.toISOString().slice(0, 19).replace('T', ' ');
}

function numberOf(echo: string | number | undefined): number | null {
  if (echo === undefined) return null;
  const value = Number(echo);
  return Number.isInteger(value) ? value : null;
}

/** The record the transactions mapping reads, under its column names (statement-mapping.ts). */
function recordOf(payment: OppwaPayment): Record<string, string> {
  return {
    id: payment.id ?? '',
    merchantTransactionId: payment.merchantTransactionId ?? '',
    paymentType: payment.paymentType ?? '',
    amount: payment.amount ?? '',
    currency: payment.currency ?? '',
    'result.code': payment.result.code,
    timestamp: parseOppwaTimestamp(payment.timestamp)?.toISOString() ?? payment.timestamp ?? '',
  };
}

/** One page of the report, checked against the request it answers. */
async function reportPage(context: StatementReportContext, request: StatementReportRequest, options: ReportOptions, pageNo: number): Promise<ReportPage> {
  const { adapter } = context;
  const { from, to } = request.period;
  const what = `transaction report page ${pageNo}`;
  const query = new URLSearchParams({ entityId: options.entityId, 'date.from': platformTime(from), 'date.to': platformTime(new Date(to.getTime() - 1_000)), limit: String(options.pageSize), pageNo: String(pageNo) });
  const headers = bearerHeaders(await adapter.secret('accessToken'), false);
  const response = await adapter.http.request({ method: 'GET', url: `${adapter.profile.baseUrl.replace(/\/+$/, '')}${options.path}?${query.toString()}`, headers, redactor: oppwaRedactor });
  const answer = readAnswer(response, reportPageSchema, what).body;
  const code = answer.result.code;
  if (code === NOTHING_FOUND) return { records: [], ids: [], last: true };
  if (!QUERY_SUCCEEDED.test(code)) throw new UnexpectedGatewayResponseError(`OPPWA ${what}: ${describeResult(answer.result)}`, code);
  const mismatches: string[] = [];
  if (answer.pageNo !== undefined && numberOf(answer.pageNo) !== pageNo) mismatches.push(`page ${String(answer.pageNo)} instead of ${pageNo}`);
  if (answer.entityId !== undefined && answer.entityId.toLowerCase() !== options.entityId.toLowerCase()) mismatches.push(`entity ${answer.entityId} instead of ${options.entityId}`);
  const payments = answer.payments ?? [];
  for (const payment of payments) {
    const at = parseOppwaTimestamp(payment.timestamp);
    if (at !== null && (at.getTime() < from.getTime() || at.getTime() >= to.getTime())) mismatches.push(`transaction ${payment.id ?? '?'} of ${payment.timestamp ?? '?'}, outside the range asked for`);
  }
  if (mismatches.length > 0) throw new AnswerMismatchError(`OPPWA ${what}`, mismatches.slice(0, 5), code);
  const totalPages = numberOf(answer.totalPages);
  return {
    records: payments.map(recordOf),
    ids: payments.flatMap((payment) => (payment.id === undefined ? [] : [payment.id])),
    last: payments.length < options.pageSize || (totalPages !== null && pageNo >= totalPages),
  };
}

export const oppwaTransactionReport: StatementReportDefinition = {
  name: 'OPPWA transaction report',
  mapping: oppwaTransactionsMapping.name,
  // A payment object names no entity; the query is by entity already.
  merchantAccount: () => null,
  async fetch(context, request) {
    const options = readReportOptions(context.adapter.profile);
    // The timestamps were turned into ISO 8601 UTC above, whatever form the platform wrote them in.
    return readReportRecords(reportPages('OPPWA transaction report', (pageNo) => reportPage(context, request, options, pageNo), context.signal), oppwaTransactionsMapping, { dateFormat: 'iso', timeZone: 'UTC' }, context.signal);
  },
};

export const oppwaStatementReports = [oppwaTransactionReport];
