import { useT } from '../../../i18n/locale-store.ts';
import { usePaymentChangedRefresh, useLiveSearch } from '../hooks/use-live-search.ts';
import { FilterBar } from './FilterBar.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import { SearchBox } from './SearchBox.tsx';
import { TransactionList } from './TransactionList.tsx';

export function TransactionsScreen() {
  const t = useT();
  useLiveSearch();
  usePaymentChangedRefresh();
  return (
    <section className="transactions-screen" aria-labelledby="transactions-title">
      <h1 id="transactions-title">{t('transactions.title')}</h1>
      <ImportPanel />
      <SearchBox />
      <FilterBar />
      <TransactionList />
    </section>
  );
}
