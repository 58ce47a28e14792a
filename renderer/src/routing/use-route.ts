import { useEffect, useState, useTransition } from 'react';
import { parseRoute, type Route } from './route.ts';

function currentHash(): string {
  return window.location.hash;
}

/** The screen the address names. */
export function useRoute(): Route {
  return useRouteChange().route;
}

/**
 * The screen the address names, and whether a newer address is still being prepared. A new address
 * is taken as a transition: a screen whose code is not loaded yet (its own chunk) leaves the
 * previous one up until it is, and is shown the moment it is. Taken at once, it would show the
 * loading notice first, and React holds a shown notice at least 300 ms before revealing what
 * replaces it (the first payment opened after load took 390 ms). While `changing`, the previous
 * screen is still on show but on its way out: App makes it inert, so nothing is typed into it.
 */
export function useRouteChange(): { readonly route: Route; readonly changing: boolean } {
  const [hash, setHash] = useState(currentHash);
  const [changing, startChange] = useTransition();
  useEffect(() => {
    const follow = () => startChange(() => setHash(currentHash()));
    window.addEventListener('hashchange', follow);
    // The address may have changed between the first render and this subscription.
    follow();
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return { route: parseRoute(hash), changing };
}
