/**
 * Be2bill's transactions report for a date range (fact sheet §4: `exportTransactions` on the export
 * path with STARTDATE and ENDDATE, CONFIRMED; the report is asynchronous, a CSV sent to the
 * request's CALLBACKURL). The console hands the platform a one-time address on its own receiver
 * (notify/report-inbox.ts): only the delivery to that address answers this request, and a stray
 * or replayed one is refused there. The CSV goes through the shipped exportTransactions mapping.
 * INFERRED, and so profile options: how long the platform takes to send the report
 * (`reportTimeoutSeconds`, default 300); the days are the platform's, Paris (as the mapping reads
 * its times). A gzip body (COMPRESSION=GZIP, §4) is read too, though the console asks for none.
 */
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { checkEcho, NotSupportedError, UnexpectedGatewayResponseError, ValidationError } from '../../errors.ts';
import { readStatement } from '../../recon/statement-reader.ts';
import type { OptionField, ProfileConfig, StatementReportDefinition } from '../types.ts';
import { readBe2billOptions } from './options.ts';
import { be2billTransactionsMapping } from './statement-mapping.ts';
import { execCodeOrThrow, throwForNonTransactionCode } from './status-map.ts';
import { createBe2billTransport } from './transport.ts';
import { BE2BILL_EXPORT_PATH } from './wire.ts';

export const BE2BILL_REPORT_OPTION_FIELDS: readonly OptionField[] = [
  { name: 'reportTimeoutSeconds', label: 'Seconds to wait for a transactions report to be delivered (default 300)', type: 'number', required: false }, // INFERRED: the delivery delay
];

/** The platform's day (INFERRED Paris, as the mapping's times). */
const PLATFORM_TIME_ZONE = 'Europe/Paris';

function platformDay(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: PLATFORM_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

function reportTimeoutMs(profile: ProfileConfig): number {
  const raw = profile.options['reportTimeoutSeconds'];
  const seconds = raw === undefined || raw === '' ? 300 : Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3_600) {
    throw new ValidationError('The report wait is a number of seconds up to 3600', { reportTimeoutSeconds: 'For example 300' });
  }
  return Math.round(seconds * 1000);
}

function isGzip(body: Uint8Array): boolean {
  return body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b;
}

export const be2billTransactionsReport: StatementReportDefinition = {
  name: 'Be2bill exportTransactions',
  mapping: be2billTransactionsMapping.name,
  merchantAccount: (profile) => readBe2billOptions(profile).identifier,
  async fetch({ adapter, deliveries, signal }, { period }) {
    const options = readBe2billOptions(adapter.profile);
    const timeoutMs = reportTimeoutMs(adapter.profile);
    if (deliveries === null) throw new NotSupportedError('Be2bill sends its reports to an address of the console, and the console\'s receiver is not running');
    const transport = createBe2billTransport({
      http: adapter.http,
      hosts: () => ({ primary: adapter.profile.baseUrl.replace(/\/+$/, ''), fallback: options.fallbackBaseUrl }),
      password: () => adapter.secret('password'),
    });
    const expected = deliveries.expect({ timeoutMs });
    const stop = (): void => expected.cancel();
    signal?.addEventListener('abort', stop, { once: true });
    try {
      const what = 'transactions export';
      const params = { IDENTIFIER: options.identifier, VERSION: options.version, STARTDATE: platformDay(period.from), ENDDATE: platformDay(new Date(period.to.getTime() - 1)), CALLBACKURL: expected.url };
      const answer = await transport.call(what, BE2BILL_EXPORT_PATH, 'exportTransactions', params);
      checkEcho(`Be2bill ${what}`, { OPERATIONTYPE: 'exportTransactions' }, { OPERATIONTYPE: answer.OPERATIONTYPE }, answer.EXECCODE);
      throwForNonTransactionCode(execCodeOrThrow(answer.EXECCODE, answer.MESSAGE), answer.MESSAGE, what);
      if (answer.EXECCODE !== '0000') throw new UnexpectedGatewayResponseError(`Be2bill ${what}: EXECCODE ${answer.EXECCODE} does not accept the request`, answer.EXECCODE);
      const delivered = await expected.body;
      const csv = isGzip(delivered) ? gunzipSync(delivered) : delivered;
      return readStatement(Readable.from([csv]), be2billTransactionsMapping, {}, signal ? { signal } : {});
    } finally {
      stop();
      signal?.removeEventListener('abort', stop);
    }
  },
};

export const be2billStatementReports = [be2billTransactionsReport];
