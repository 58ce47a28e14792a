import type { ChannelInput, ChannelName, ChannelOutput, ConsoleApi, EventName, EventPayload } from '../../../shared/ipc/contract.ts';
import type { Envelope } from '../../../shared/ipc/envelope.ts';
import { connectionFailure, describeThrown, readEnvelope } from './envelope-reader.ts';

/** The part of an EventSource this client uses; the browser's and undici's both fit. */
export interface EventStream {
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

export interface HttpConsoleApiOptions {
  /** '' in the browser (same origin as the page); an absolute origin when tests talk to a server. */
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
  readonly openEventStream: (url: string) => EventStream;
}

type AnyListener = (payload: unknown) => void;

export interface HttpConsoleApi extends ConsoleApi {
  /** Closes the event stream; the page never needs it, tests and teardown do. */
  close(): void;
}

/**
 * Browser mode: the same contract over HTTP on 127.0.0.1. The session travels in an HttpOnly
 * cookie, so every request is same-origin with credentials and nothing here ever sees the token.
 */
export function createHttpConsoleApi(options: HttpConsoleApiOptions): HttpConsoleApi {
  const listeners = new Map<EventName, Set<AnyListener>>();
  let stream: EventStream | null = null;

  function ensureStream(): EventStream {
    if (stream) return stream;
    const opened = options.openEventStream(`${options.baseUrl}/api/events`);
    stream = opened;
    return opened;
  }

  function listenOnStream(event: EventName): void {
    ensureStream().addEventListener(event, (message: MessageEvent) => {
      if (typeof message.data !== 'string') return;
      let payload: unknown;
      try {
        payload = JSON.parse(message.data);
      } catch {
        return;
      }
      for (const listener of [...(listeners.get(event) ?? [])]) listener(payload);
    });
  }

  return {
    async invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Envelope<ChannelOutput<C>>> {
      let response: Response;
      // Channel names come from the contract ("payments:search"); a colon is legal in a path segment, so no escaping.
      try {
        response = await options.fetch(`${options.baseUrl}/api/invoke/${channel}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify(input ?? {}),
          credentials: 'same-origin',
          cache: 'no-store',
        });
      } catch (error) {
        return connectionFailure(`Cannot reach the console core: ${describeThrown(error)}`);
      }
      let body: unknown = null;
      try {
        body = JSON.parse(await response.text());
      } catch {
        body = null;
      }
      const envelope = readEnvelope(body);
      if (envelope) return envelope as Envelope<ChannelOutput<C>>;
      if (response.status === 401 || response.status === 403) {
        return {
          ok: false,
          error: { kind: 'forbidden', message: `The console core refused this session (HTTP ${response.status}); open the console from the address it printed at start.` },
        };
      }
      return connectionFailure(`The console core did not answer with a contract envelope (HTTP ${response.status}).`);
    },

    subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      let registered = listeners.get(event);
      if (!registered) {
        registered = new Set();
        listeners.set(event, registered);
        listenOnStream(event);
      }
      const entry = listener as AnyListener;
      registered.add(entry);
      return () => {
        registered.delete(entry);
      };
    },

    close(): void {
      stream?.close();
      stream = null;
      listeners.clear();
    },
  };
}
