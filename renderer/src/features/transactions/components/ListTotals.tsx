import { memo } from 'react';
import { Amount } from '../../../components/Amount.tsx';
import { useIntlLocale, useT } from '../../../i18n/locale-store.ts';
import type { ChannelOutput } from '../../../../../shared/ipc/contract.ts';
import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';

/**
 * The whole result's count and its amounts per currency, as the core aggregated them (never one
 * sum across currencies). Drawn again only when they change, not at every frame the list scrolls.
 */
export const ListTotals = memo(function ListTotals({ totals, totalsError }: { totals: ChannelOutput<'payments:totals'> | null; totalsError: ErrorShape | null }) {
  const t = useT();
  const locale = useIntlLocale();
  if (totalsError !== null) return <span className="list-totals muted">{t('transactions.totals.unavailable')}</span>;
  if (totals === null) return null;
  return (
    <span className="list-totals" data-testid="list-totals" data-count={totals.count}>
      {t('transactions.totals.count', { count: new Intl.NumberFormat(locale).format(totals.count) })}
      {totals.currencies.map((entry) => (
        <span key={entry.currency} className="list-total" data-testid="list-total" data-currency={entry.currency} data-count={entry.count}>
          <Amount amount={entry.amount} currency={entry.currency} />
        </span>
      ))}
    </span>
  );
});
