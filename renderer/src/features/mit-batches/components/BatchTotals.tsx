import type { MitBatch } from '../../../../../shared/domain/mit-batch.ts';
import { Amount } from '../../../components/Amount.tsx';
import { useIntlLocale, useT } from '../../../i18n/locale-store.ts';

/** The rows to charge and their amount per currency (never added across currencies), and the rows refused. */
export function BatchTotals({ batch }: { batch: MitBatch }) {
  const t = useT();
  const numbers = new Intl.NumberFormat(useIntlLocale());
  const valid = batch.counts.rows - batch.counts.invalid;
  return (
    <div className="recon-tabs" data-testid="mitbatch-totals" data-rows={batch.counts.rows} data-valid={valid} data-invalid={batch.counts.invalid}>
      <p>{t('mitbatch.totals.rows', { rows: numbers.format(batch.counts.rows), valid: numbers.format(valid), invalid: numbers.format(batch.counts.invalid) })}</p>
      <ul className="recon-tab-sums">
        {batch.totals.map((total) => (
          <li key={total.currency} data-testid="mitbatch-total" data-currency={total.currency} data-count={total.count} data-amount={total.amount}>
            {t('mitbatch.totals.currency', { count: numbers.format(total.count) })} <Amount amount={total.amount} currency={total.currency} />
          </li>
        ))}
      </ul>
    </div>
  );
}
