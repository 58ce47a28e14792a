import { Amount } from '../../../components/Amount.tsx';
import { useIntlLocale, useT } from '../../../i18n/locale-store.ts';
import { useTransactions } from '../stores/transactions.ts';

/** The whole result's count and its amounts per currency, as the core aggregated them (never one sum across currencies). */
export function ListTotals() {
  const t = useT();
  const locale = useIntlLocale();
  const totals = useTransactions((state) => state.totals);
  const totalsError = useTransactions((state) => state.totalsError);
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
}
