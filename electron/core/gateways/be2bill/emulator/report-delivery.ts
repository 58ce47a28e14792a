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
  /** `csv` is the report's text; `rows` how many transactions it lists. */
  deliver(context: RequestContext, destination: Exclude<ReportDestination, { kind: 'none' }>, report: { readonly csv: string; readonly rows: number }, label: string): void;
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
  const later = new Set<NodeJS.Timeout>();
  return {
    destination(context) {
      const { answers } = platform;
      if (scalarParam(context.params, 'COMPRESSION') !== undefined) return answers.reply(context.method, '1002', {}, 'The parameter "COMPRESSION" is invalid: the sandbox delivers uncompressed CSV only.');
      const callback = scalarParam(context.params, 'CALLBACKURL');
      if (callback !== undefined) return isLoopbackHttpUrl(callback) ? { kind: 'callback', url: callback } : answers.invalid(context.method, 'CALLBACKURL');
      const mailto = scalarParam(context.params, 'MAILTO');
      return mailto === undefined ? { kind: 'none' } : { kind: 'mail', address: mailto };
    },
    deliver(context, destination, report, label) {
      if (destination.kind === 'mail') {
        mailed.push({ at: platform.now().toISOString(), operation: context.method, mailto: destination.address, rows: report.rows });
        return;
      }
      // The platform answers the request at once and sends the report when it is ready.
      const timer = setTimeout(() => {
        later.delete(timer);
        callbacks.send({ id: randomBytes(8).toString('hex'), url: destination.url, label, body: report.csv, headers: { 'content-type': 'text/csv; charset=utf-8' } });
      }, settings().reportDelayMs);
      later.add(timer);
    },
    deliveries: () => callbacks.deliveries(),
    mailed: () => [...mailed],
    close() {
      for (const timer of later) clearTimeout(timer);
      later.clear();
      callbacks.close();
    },
  };
}
