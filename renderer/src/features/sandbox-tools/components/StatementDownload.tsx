import { useState } from 'react';
import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import { call } from '../../../api/client.ts';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useT } from '../../../i18n/locale-store.ts';

/** A mix of every kind, so a first reconciliation shows each class; small books round most to none. */
const SAMPLE_PLANT = { shares: { missing: 0.05, amount: 0.05, status: 0.05, duplicate: 0.05, fee: 0.05 }, counts: { unknown: 1, other_merchant: 1 } };

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** Saves the sandbox gateway's statement for the last 30 days, to try reconciliation with. */
export function StatementDownload({ gatewayId }: { gatewayId: string }) {
  const t = useT();
  const [plant, setPlant] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorShape | null>(null);
  const [planted, setPlanted] = useState<number | null>(null);

  async function download() {
    setBusy(true);
    setError(null);
    const to = new Date();
    const from = new Date(to.getTime() - 30 * 86_400_000);
    const answer = await call('sandbox:statement', { gatewayId, from: isoDay(from), to: isoDay(to), plant: plant ? SAMPLE_PLANT : {}, seed: Math.floor(Math.random() * 1_000_000) });
    setBusy(false);
    if (!answer.ok) {
      setError(answer.error);
      return;
    }
    const { content, encoding, contentType, fileName, manifest } = answer.value;
    const bytes = encoding === 'base64' ? Uint8Array.from(atob(content), (char) => char.charCodeAt(0)) : content;
    const url = URL.createObjectURL(new Blob([bytes], { type: contentType }));
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
    setPlanted(manifest.length);
  }

  return (
    <section className="panel" aria-labelledby="sandbox-statement-title">
      <h2 id="sandbox-statement-title">{t('sandboxTools.statement')}</h2>
      <p className="muted">{t('sandboxTools.statementHelp')}</p>
      <ErrorNotice error={error} testId="sandbox-statement-error" />
      <div className="button-row">
        <label>
          <input type="checkbox" checked={plant} onChange={(event) => setPlant(event.target.checked)} data-testid="sandbox-statement-plant" /> {t('sandboxTools.statementPlant')}
        </label>
        <button type="button" disabled={busy} onClick={() => void download()} data-testid="sandbox-statement-download">
          {busy ? t('action.inFlight') : t('sandboxTools.statementDownload')}
        </button>
      </div>
      {planted !== null && (
        <p role="status" className="muted" data-testid="sandbox-statement-result">
          {t('sandboxTools.statementPlanted', { count: planted })}
        </p>
      )}
    </section>
  );
}
