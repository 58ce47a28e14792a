import { useSyncExternalStore } from 'react';
import { parseRoute, type Route } from './route.ts';

function subscribeToHash(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function currentHash(): string {
  return window.location.hash;
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribeToHash, currentHash);
  return parseRoute(hash);
}
