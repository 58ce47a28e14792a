/**
 * Where an export goes (fact sheet §4): a CALLBACKURL (http/https) receives the CSV, a MAILTO gets
 * it by mail. The sandbox posts to loopback only and mails nothing: it records the mail it would
 * have sent. COMPRESSION (ZIP/GZIP/BZIP) is refused: the sandbox writes plain CSV.
 */
import { randomBytes } from 'node:crypto';
import { createWebhookDispatcher, type DeliveryRecord } from '../../../sandbox/webhook-dispatcher.ts';
import type { Reply } from './answers.ts';
import type { Platform, RequestContext } from './platform.ts';
import { scalarParam } from './platform-form.ts';
import { transactionReportCsv } from './report-csv.ts';

export type ReportDestination = { kind: 'callback'; url: string } | { kind: 'mail'; address: string } | { kind: 'none' };

export interface MailedReport {
  readonly at: string;
  readonly operation: string;
  readonly mailto: string;
  readonly rows: number;
}

export interface ReportDelivery {
  /** The destination the request names, or the answer refusing it. */
  destination(context: RequestContext): ReportDestination | Reply;
  deliver(context: RequestContext, destination: Exclude<ReportDestination, { kind: 'none' }>, rows: ReadonlyArray<Record<string, string>>, label: string): void;
  deliveries(): readonly DeliveryRecord[];
  mailed(): readonly MailedReport[];
  close(): void;
}

function isLoopbackHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

export function createReportDelivery(platform: Platform): ReportDelivery {
  const settings = platform.settings;
  const callbacks = createWebhookDispatcher({
    retryDelayMs: (retry) => (retry + 1 >= settings().notificationMaxAttempts ? null : settings().notificationRetryBaseMs * 2 ** retry),
    isAcknowledged: (status) => status >= 200 && status < 300,
    duplicate: () => false,
    reorderWindowMs: () => null,
    timeoutMs: () => settings().notificationTimeoutMs,
  });
  const mailed: MailedReport[] = [];
  return {
    destination(context) {
      const { answers } = platform;
      if (scalarParam(context.params, 'COMPRESSION') !== undefined) return answers.reply(context.method, '1002', {}, 'The parameter "COMPRESSION" is invalid: the sandbox delivers uncompressed CSV only.');
      const callback = scalarParam(context.params, 'CALLBACKURL');
      if (callback !== undefined) return isLoopbackHttpUrl(callback) ? { kind: 'callback', url: callback } : answers.invalid(context.method, 'CALLBACKURL');
      const mailto = scalarParam(context.params, 'MAILTO');
      return mailto === undefined ? { kind: 'none' } : { kind: 'mail', address: mailto };
    },
    deliver(context, destination, rows, label) {
      if (destination.kind === 'mail') {
        mailed.push({ at: platform.now().toISOString(), operation: context.method, mailto: destination.address, rows: rows.length });
        return;
      }
      const body = transactionReportCsv(rows, settings().reportSeparator);
      callbacks.send({ id: randomBytes(8).toString('hex'), url: destination.url, label, body, headers: { 'content-type': 'text/csv; charset=utf-8' } });
    },
    deliveries: () => callbacks.deliveries(),
    mailed: () => [...mailed],
    close: () => callbacks.close(),
  };
}
