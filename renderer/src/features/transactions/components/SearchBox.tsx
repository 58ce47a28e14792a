import { dayPattern } from '../../../format/day-entry.ts';
import { useIntlLocale, useT } from '../../../i18n/locale-store.ts';
import { useSearchRequest } from '../hooks/use-payments-list.ts';
import { transactionsStore, useTransactions } from '../stores/transactions.ts';

export function SearchBox() {
  const t = useT();
  const queryText = useTransactions((state) => state.queryText);
  const { problems } = useSearchRequest();
  const pattern = dayPattern(useIntlLocale(), { day: t('dayEntry.day'), month: t('dayEntry.month'), year: t('dayEntry.year') });
  return (
    <div className="search-box">
      <label htmlFor="transactions-search">{t('transactions.search')}</label>
      <input
        id="transactions-search"
        type="search"
        data-testid="transactions-search"
        value={queryText}
        maxLength={400}
        placeholder={t('transactions.searchPlaceholder')}
        aria-describedby="transactions-search-help"
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => transactionsStore.getState().setQueryText(event.target.value)}
      />
      <p id="transactions-search-help" className="hint">
        {t('transactions.searchHelp', { pattern })}
      </p>
      {problems.length > 0 && (
        <ul className="query-problems" aria-live="polite" data-testid="query-problems">
          {problems.map((problem, index) => (
            <li key={`${problem.code}-${index}`}>{t(`query.${problem.code}`, { token: problem.token, pattern })}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
