import { useEffect } from 'react';
import { call } from '../api/client.ts';
import { useT } from '../i18n/locale-store.ts';
import { parseRoute, routeHref } from '../routing/route.ts';

/**
 * Where the console opens: the dashboard once the ledger has a payment, the payments list before
 * (an empty dashboard says nothing; the list offers the first steps). The address is replaced, so
 * Back does not return here.
 */
export function LandingScreen() {
  const t = useT();
  useEffect(() => {
    let cancelled = false;
    void call('payments:search', { limit: 1 }).then((result) => {
      // The operator may have gone elsewhere while the ledger answered, before this screen was
      // unmounted: only an address still at the landing is replaced.
      if (cancelled || parseRoute(window.location.hash).name !== 'home') return;
      const hasPayments = result.ok && result.value.rows.length > 0;
      window.location.replace(routeHref({ name: hasPayments ? 'dashboard' : 'transactions' }));
    });
    return () => {
      cancelled = true;
    };
  }, []);
  return <p aria-busy="true">{t('app.loading')}</p>;
}
