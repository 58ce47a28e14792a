import type { ConsoleApi } from '../../../shared/ipc/contract.ts';
import { createHttpConsoleApi } from './http-console-api.ts';

declare global {
  interface Window {
    /** Present only inside Electron, where the preload exposes the contract through contextBridge. */
    readonly consoleApi?: ConsoleApi;
  }
}

/** Electron's preload when it is there; otherwise browser mode over HTTP to the page's own origin. */
export function chooseConsoleApi(page: Window & typeof globalThis): ConsoleApi {
  if (page.consoleApi) return page.consoleApi;
  return createHttpConsoleApi({
    baseUrl: '',
    fetch: page.fetch.bind(page),
    openEventStream: (url) => new page.EventSource(url, { withCredentials: true }),
  });
}
