import type { PaymentDetail, WireEntry } from '../../../../../shared/ipc/contract.ts';
import { CopyButton } from '../../../components/CopyButton.tsx';
import { DateTime } from '../../../components/DateTime.tsx';
import { useT } from '../../../i18n/locale-store.ts';
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

export function WireLog({ detail }: { detail: PaymentDetail }) {
  const t = useT();
  return (
    <section className="panel" aria-labelledby="wire-title">
      <details className="wire-log">
        <summary>
          <h2 id="wire-title" className="inline-heading">
            {t('detail.wire')} ({detail.wire.length})
          </h2>
        </summary>
        {detail.wire.length === 0 ? (
          <p className="muted">{t('detail.wireEmpty')}</p>
        ) : (
          <>
            <CopyButton text={() => wireLogAsText(detail)} label={t('detail.wireCopy')} testId="wire-copy" />
            {detail.wire.map((entry) => (
              <Exchange key={entry.id} entry={entry} />
            ))}
          </>
        )}
      </details>
    </section>
  );
}
