import { useEffect } from 'react';
import { call } from '../api/client.ts';
import { landingQuestion, type LandingTarget } from './landing-target.ts';
import { useT } from '../i18n/locale-store.ts';
import { parseRoute, routeHref } from '../routing/route.ts';

export const landing = landingQuestion(call);

/** Replaces the landing's address by its target's, unless the operator has gone elsewhere meanwhile. */
function land(target: LandingTarget): void {
  if (parseRoute(window.location.hash).name === 'home') window.location.replace(routeHref({ name: target }));
}

/**
 * Asked by main.tsx as the page starts, when it opens at the landing. The ledger mostly answers
 * before the shell's own first calls have, so the shell's first render already opens the target
 * screen: no landing rendered, then left, then the target rendered as a second change of address.
 */
export function landEarly(onLanding: (target: LandingTarget) => void): void {
  const answer = landing.askEarly();
  void answer.then((target) => {
    if (landing.takeEarly() !== answer) return;
    land(target);
    onLanding(target);
  });
}

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
      if (!cancelled) land(target);
    });
    return () => {
      cancelled = true;
    };
  }, []);
  return <p aria-busy="true">{t('app.loading')}</p>;
}
