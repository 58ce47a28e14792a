/**
 * `window.consoleApi`, derived from the contract: `invoke` for contract channels only and
 * `subscribe` for contract events only. The renderer never gets ipcRenderer or an IPC event object.
 */
import {
  CHANNEL_NAMES,
  EVENT_NAMES,
  IPC_EVENT_CHANNEL,
  IPC_INVOKE_PREFIX,
  type ConsoleApi,
} from '../../shared/ipc/contract.ts';

/** The two ipcRenderer methods the preload uses; Electron's ipcRenderer fits. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface ContextBridgeLike {
  exposeInMainWorld(apiKey: string, api: unknown): void;
}

export const CONSOLE_API_KEY = 'consoleApi';

const channelNames: ReadonlySet<string> = new Set(CHANNEL_NAMES);
const eventNames: ReadonlySet<string> = new Set(EVENT_NAMES);

export function createConsoleApi(ipcRenderer: IpcRendererLike): ConsoleApi {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let attached = false;

  // One ipcRenderer listener for all subscriptions, attached on first use and removed when the last one goes.
  const dispatch = (_event: unknown, message: unknown): void => {
    if (typeof message !== 'object' || message === null) return;
    const { event, payload } = message as { event?: unknown; payload?: unknown };
    if (typeof event !== 'string') return;
    for (const listener of listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        // One failing view must not keep the others from hearing about the change.
        console.error('console event listener failed', error);
      }
    }
  };

  const api = {
    invoke(channel: string, input: unknown): Promise<unknown> {
      if (typeof channel !== 'string' || !channelNames.has(channel)) {
        return Promise.reject(new Error(`Unknown console channel: ${String(channel).slice(0, 64)}`));
      }
      return ipcRenderer.invoke(IPC_INVOKE_PREFIX + channel, input);
    },
    subscribe(event: string, listener: (payload: unknown) => void): () => void {
      if (typeof event !== 'string' || !eventNames.has(event)) throw new Error(`Unknown console event: ${String(event).slice(0, 64)}`);
      if (typeof listener !== 'function') throw new TypeError('The listener must be a function');
      let forEvent = listeners.get(event);
      if (!forEvent) {
        forEvent = new Set();
        listeners.set(event, forEvent);
      }
      // A wrapper per call: subscribing one function twice gives two independent subscriptions.
      const entry = (payload: unknown) => listener(payload);
      forEvent.add(entry);
      if (!attached) {
        ipcRenderer.on(IPC_EVENT_CHANNEL, dispatch);
        attached = true;
      }
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        forEvent.delete(entry);
        if (forEvent.size === 0) listeners.delete(event);
        if (listeners.size === 0 && attached) {
          ipcRenderer.removeListener(IPC_EVENT_CHANNEL, dispatch);
          attached = false;
        }
      };
    },
  };
  return api as ConsoleApi;
}

export function exposeConsoleApi(contextBridge: ContextBridgeLike, ipcRenderer: IpcRendererLike): void {
  contextBridge.exposeInMainWorld(CONSOLE_API_KEY, createConsoleApi(ipcRenderer));
}
