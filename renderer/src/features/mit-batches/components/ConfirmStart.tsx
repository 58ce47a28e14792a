import { useState } from 'react';
import type { MitBatch } from '../../../../../shared/domain/mit-batch.ts';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { formatAmount } from '../../../format/money-format.ts';
import { useIntlLocale, useT } from '../../../i18n/locale-store.ts';
import { mitBatchStore, useMitBatches } from '../stores/mit-batches.ts';

/** Nothing is charged until the operator confirms, in a dialog naming the count of charges and their total per currency. */
export function ConfirmStart({ batch, profileName }: { batch: MitBatch; profileName: string }) {
  const t = useT();
  const locale = useIntlLocale();
  const acting = useMitBatches((state) => state.acting);
  const [asking, setAsking] = useState(false);
  const numbers = new Intl.NumberFormat(locale);
  const count = batch.counts.ready;
  const totals = batch.totals.map((total) => formatAmount(total.amount, total.currency, locale)).join(' + ');
  return (
    <div className="button-row">
      <button type="button" disabled={count === 0 || acting !== null} onClick={() => setAsking(true)} data-testid="mitbatch-start" data-count={count}>
        {acting === 'start' ? t('action.inFlight') : t('mitbatch.confirm.open', { count: numbers.format(count) })}
      </button>
      <button type="button" disabled={acting !== null} onClick={() => void mitBatchStore.getState().act('cancel')} data-testid="mitbatch-discard">
        {t('mitbatch.confirm.discard')}
      </button>
      {count === 0 && <p className="hint">{t('mitbatch.confirm.nothing')}</p>}
      <ConfirmDialog
        open={asking}
        title={t('mitbatch.confirm.title')}
        body={t('mitbatch.confirm.body', { count: numbers.format(count), totals, profile: profileName })}
        lines={[
          { label: t('mitbatch.confirm.rows'), value: numbers.format(count) },
          ...batch.totals.map((total) => ({ label: t('mitbatch.confirm.total', { currency: total.currency }), value: formatAmount(total.amount, total.currency, locale) })),
          { label: t('mitbatch.confirm.refused'), value: numbers.format(batch.counts.invalid) },
        ]}
        confirmLabel={t('mitbatch.confirm.submit', { count: numbers.format(count), totals })}
        onConfirm={() => {
          setAsking(false);
          void mitBatchStore.getState().start(count);
        }}
        onCancel={() => setAsking(false)}
      />
    </div>
  );
}
