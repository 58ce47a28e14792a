import type { ChannelInput, ChannelName, ChannelOutput, ConsoleApi, EventName, EventPayload } from '../../../shared/ipc/contract.ts';
import type { Envelope } from '../../../shared/ipc/envelope.ts';
import { connectionFailure, describeThrown, readEnvelope } from './envelope-reader.ts';

export type CallFn = <C extends ChannelName>(channel: C, input: ChannelInput<C>) => Promise<Envelope<ChannelOutput<C>>>;
export type SubscribeFn = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => () => void;

export interface ApiClient {
  readonly call: CallFn;
  readonly subscribe: SubscribeFn;
}

/**
 * Screens get an envelope back for every call, whatever happened underneath: an error envelope,
 * a dropped connection or a transport that threw all arrive as `{ ok: false }`, so no caller needs
 * a try/catch to stay alive.
 */
export function createApiClient(resolveApi: () => ConsoleApi | null): ApiClient {
  const call: CallFn = async (channel, input) => {
    const api = resolveApi();
    if (!api) return connectionFailure('The console core is not connected.');
    try {
      const envelope = readEnvelope(await api.invoke(channel, input));
      if (envelope) return envelope as Envelope<ChannelOutput<typeof channel>>;
      return connectionFailure('The console core answered without a contract envelope.');
    } catch (error) {
      return connectionFailure(`Cannot reach the console core: ${describeThrown(error)}`);
    }
  };

  const subscribe: SubscribeFn = (event, listener) => {
    const api = resolveApi();
    if (!api) return () => undefined;
    try {
      return api.subscribe(event, listener);
    } catch {
      return () => undefined;
    }
  };

  return { call, subscribe };
}

let installedApi: ConsoleApi | null = null;

/** Chosen once at start (preload or HTTP); stores and hooks reach it through `call`/`subscribe`. */
export function installConsoleApi(api: ConsoleApi): void {
  installedApi = api;
}

const appClient = createApiClient(() => installedApi);
export const call: CallFn = appClient.call;
export const subscribe: SubscribeFn = appClient.subscribe;
