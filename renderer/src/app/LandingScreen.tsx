import { useEffect } from 'react';
import { call } from '../api/client.ts';
import { landingQuestion } from './landing-target.ts';
import { useT } from '../i18n/locale-store.ts';
import { parseRoute, routeHref } from '../routing/route.ts';

/** Asked by main.tsx as the page starts, when it opens at the landing. */
export const landing = landingQuestion(call);

/**
 * Where the console opens: the dashboard once the ledger has a payment, the payments list before
 * (an empty dashboard says nothing; the list offers the first steps). The address is replaced, so
 * Back does not return here.
 */
export function LandingScreen() {
  const t = useT();
  useEffect(() => {
    let cancelled = false;
    void landing.target().then((target) => {
      // The operator may have gone elsewhere while the ledger answered, before this screen was
      // unmounted: only an address still at the landing is replaced.
      if (cancelled || parseRoute(window.location.hash).name !== 'home') return;
      window.location.replace(routeHref({ name: target }));
    });
    return () => {
      cancelled = true;
    };
  }, []);
  return <p aria-busy="true">{t('app.loading')}</p>;
}
