import { startTransition, useEffect, useState } from 'react';
import { parseRoute, type Route } from './route.ts';

function currentHash(): string {
  return window.location.hash;
}

/**
 * The screen the address names. A new address is taken as a transition: a screen whose code is
 * not loaded yet (its own chunk) leaves the previous one up until it is, and is shown the moment
 * it is. Taken at once, it would show the loading notice first, and React holds a shown notice at
 * least 300 ms before revealing what replaces it (the first payment opened after load took 390 ms).
 */
export function useRoute(): Route {
  const [hash, setHash] = useState(currentHash);
  useEffect(() => {
    const follow = () => startTransition(() => setHash(currentHash()));
    window.addEventListener('hashchange', follow);
    // The address may have changed between the first render and this subscription.
    follow();
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return parseRoute(hash);
}
