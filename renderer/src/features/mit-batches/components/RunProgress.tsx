import { useState } from 'react';
import type { MitBatch } from '../../../../../shared/domain/mit-batch.ts';
import { useIntlLocale, useT } from '../../../i18n/locale-store.ts';
import { useNow } from '../hooks/use-now.ts';
import { mitBatchStore, useMitBatches } from '../stores/mit-batches.ts';
import { looksStalled, runFigures } from '../utils/batch-progress.ts';
import { durationText } from '../utils/duration-text.ts';

/** No progress heard this long from a running batch and resume is offered (its console may have stopped). */
const STALLED_AFTER_MS = 15_000;

/** A batch that ran or runs: the bar (rows done of rows to charge), pace and time left, and pause / resume / cancel. */
/** `mayAct`: the operator holds the right to charge stored cards, which pausing, resuming and cancelling take too. */
export function RunProgress({ batch, mayAct }: { batch: MitBatch; mayAct: boolean }) {
  const t = useT();
  const numbers = new Intl.NumberFormat(useIntlLocale());
  const heard = useMitBatches((state) => state.progress[batch.id] ?? null);
  const acting = useMitBatches((state) => state.acting);
  const [openedAt] = useState(() => Date.now());
  const running = batch.status === 'running';
  const now = useNow(1_000, running);
  const { done, total, fraction } = runFigures(batch.counts);
  const live = batch.status === 'running' || batch.status === 'paused';
  const stalled = looksStalled(batch.status, Math.max(heard?.heardAt ?? 0, openedAt), now, STALLED_AFTER_MS);
  const act = (action: 'pause' | 'resume' | 'cancel') => void mitBatchStore.getState().act(action);
  return (
    <div className="recon-progress" data-testid="mitbatch-progress" data-done={done} data-total={total} data-stalled={stalled}>
      <label htmlFor="mitbatch-progress-bar">
        {t('mitbatch.progress.rows', { done: numbers.format(done), total: numbers.format(total), percent: Math.floor(fraction * 100) })}
        {running && heard !== null && (
          <span data-testid="mitbatch-pace">
            {' · '}
            {t('mitbatch.progress.rate', { rate: numbers.format(heard.rowsPerSecond) })}
            {heard.etaSeconds !== null && ` · ${t('mitbatch.progress.eta', { eta: durationText(heard.etaSeconds, t) })}`}
          </span>
        )}
      </label>
      <progress id="mitbatch-progress-bar" max={Math.max(total, 1)} value={done} />
      <span className="muted">{t(`mitbatch.status.${batch.status}`)}</span>
      {stalled && <p className="hint">{t('mitbatch.progress.stalled')}</p>}
      {live && mayAct && (
        <div className="button-row">
          {running && (
            <button type="button" disabled={acting !== null} onClick={() => act('pause')} data-testid="mitbatch-pause">
              {acting === 'pause' ? t('action.inFlight') : t('mitbatch.action.pause')}
            </button>
          )}
          {(batch.status === 'paused' || stalled) && (
            <button type="button" disabled={acting !== null} onClick={() => act('resume')} data-testid="mitbatch-resume">
              {acting === 'resume' ? t('action.inFlight') : t('mitbatch.action.resume')}
            </button>
          )}
          <button type="button" className="danger" disabled={acting !== null} onClick={() => act('cancel')} data-testid="mitbatch-cancel">
            {acting === 'cancel' ? t('action.inFlight') : t('mitbatch.action.cancel')}
          </button>
        </div>
      )}
      {!live && (
        <p data-testid="mitbatch-outcome-summary">
          {t('mitbatch.progress.summary', {
            succeeded: numbers.format(batch.counts.succeeded),
            declined: numbers.format(batch.counts.declined),
            failed: numbers.format(batch.counts.failed + batch.counts.unknown),
            pending: numbers.format(batch.counts.pending),
            skipped: numbers.format(batch.counts.skipped),
          })}
        </p>
      )}
    </div>
  );
}
