import { QueryClient } from '@tanstack/react-query';

/**
 * The renderer's one cache of what the core answered. A failed call is not retried on its own: the
 * envelope says why it failed and the screen offers the retry. Window focus and the browser's
 * online events mean nothing here (the core is local); the core's events keep the cache current.
 */
export function createConsoleQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
    },
  });
}

export const consoleQueryClient = createConsoleQueryClient();
