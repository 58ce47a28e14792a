import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { PaymentDetail, WireEntry } from '../../../../../shared/ipc/contract.ts';
import { call } from '../../../api/client.ts';
import { CopyButton } from '../../../components/CopyButton.tsx';
import { DateTime } from '../../../components/DateTime.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useT } from '../../../i18n/locale-store.ts';
import { errorShapeOf } from '../../../queries/channel-query.ts';
import { wireEntriesOfPages, wireLogQuery } from '../queries/payment-detail-queries.ts';
import { wireLogAsText } from '../stores/payment-detail-store.ts';

function Headers({ headers }: { headers: Record<string, string> }) {
  const entries = Object.entries(headers);
  if (entries.length === 0) return null;
  return <pre className="wire-headers">{entries.map(([name, value]) => `${name}: ${value}`).join('\n')}</pre>;
}

function Exchange({ entry }: { entry: WireEntry }) {
  const t = useT();
  return (
    <details className="wire-entry" data-testid="wire-entry">
      <summary>
        <DateTime iso={entry.at} withSeconds /> <span className="mono">{entry.method}</span> <span className="mono wrap">{entry.url}</span>{' '}
        <span className={entry.responseStatus !== null && entry.responseStatus < 400 ? 'wire-ok' : 'wire-bad'}>
          {entry.responseStatus !== null ? `HTTP ${entry.responseStatus}` : (entry.error ?? t('detail.wire.noResponse'))}
        </span>
        {entry.durationMs !== null && <span className="muted"> · {t('detail.wire.duration', { ms: Math.round(entry.durationMs) })}</span>}
        {entry.repeats > 1 && (
          <span className="muted" data-testid="wire-repeats">
            {' '}
            · {t('detail.wire.repeats', { count: entry.repeats })} <DateTime iso={entry.lastAt ?? entry.at} withSeconds />
          </span>
        )}
      </summary>
      <h4>{t('detail.wire.request')}</h4>
      <Headers headers={entry.requestHeaders} />
      {entry.requestBody && <pre className="wire-body">{entry.requestBody}</pre>}
      <h4>{t('detail.wire.response')}</h4>
      <Headers headers={entry.responseHeaders} />
      {entry.responseBody && <pre className="wire-body">{entry.responseBody}</pre>}
      {entry.error && <p className="field-error">{entry.error}</p>}
    </details>
  );
}

/**
 * The payment's wire log, read only once its section is opened and then a page at a time, newest
 * first: a payment polled for weeks opens as fast as a new one.
 */
export function WireLog({ detail }: { detail: PaymentDetail }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const log = useInfiniteQuery({ ...wireLogQuery(call, detail.payment.id), enabled: open });
  const entries = wireEntriesOfPages(log.data);
  const { refetch } = log;
  // The payment changed (a sync, the poller, a webhook): what is shown is read again.
  useEffect(() => {
    if (open) void refetch();
  }, [open, detail, refetch]);
  const error = errorShapeOf(log.error);
  return (
    <section className="panel" aria-labelledby="wire-title">
      <details className="wire-log" onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>
          <h2 id="wire-title" className="inline-heading">
            {t('detail.wire')} ({detail.wireEntries})
          </h2>
        </summary>
        {error !== null && <ErrorNotice error={error} />}
        {detail.wireEntries === 0 ? (
          <p className="muted">{t('detail.wireEmpty')}</p>
        ) : log.isPending && open ? (
          <p className="muted">{t('detail.wire.loading')}</p>
        ) : (
          <>
            <CopyButton text={() => wireLogAsText(entries)} label={t('detail.wireCopy')} testId="wire-copy" />
            {entries.map((entry) => (
              <Exchange key={entry.id} entry={entry} />
            ))}
            {log.hasNextPage && (
              <button type="button" className="secondary" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()} data-testid="wire-older">
                {t('detail.wire.older')}
              </button>
            )}
          </>
        )}
      </details>
    </section>
  );
}
