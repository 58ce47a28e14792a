/**
 * The door every way in goes through (Electron IPC, browser mode, CLI): look up the channel,
 * parse the input with the contract's schema, run the handler, parse the output (which also strips
 * anything a handler might add by mistake), and wrap it all in the envelope.
 */
import { z } from 'zod';
import {
  channels,
  isChannelName,
  type ChannelName,
  type ChannelOutput,
  type ChannelParsedInput,
  type EventName,
  type EventPayload,
  events,
} from '../../shared/ipc/contract.ts';
import { fail, ok, zodIssuesToFields, type Envelope } from '../../shared/ipc/envelope.ts';
import { ConsoleError } from './errors.ts';
import type { Logger } from './ports.ts';

export interface InvocationContext {
  readonly origin: 'electron' | 'browser' | 'cli' | 'webhook' | 'system';
  readonly operator: string;
}

export type Handler<C extends ChannelName> = (input: ChannelParsedInput<C>, context: InvocationContext) => Promise<ChannelOutput<C>>;
export type Handlers = { readonly [C in ChannelName]: Handler<C> };

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface Door {
  invoke(channel: string, rawInput: unknown, context: InvocationContext): Promise<Envelope<unknown>>;
  subscribe(listener: EventListener): () => void;
}

export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  subscribe(listener: EventListener): () => void;
}

export function createEventBus(logger: Logger): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(event, payload) {
      const parsed = events[event].parse(payload) as EventPayload<typeof event>;
      for (const listener of listeners) {
        try {
          listener(event, parsed);
        } catch (error) {
          logger.warn('event listener failed', { event, error: String(error) });
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function createDoor(handlers: Handlers, bus: EventBus, logger: Logger): Door {
  return {
    async invoke(channel, rawInput, context) {
      if (typeof channel !== 'string' || !isChannelName(channel)) {
        return fail('not_found', `Unknown channel: ${String(channel).slice(0, 64)}`);
      }
      const definition = channels[channel];
      const parsed = definition.input.safeParse(rawInput ?? {});
      if (!parsed.success) {
        return fail('validation', 'The request is not valid', zodIssuesToFields(parsed.error.issues));
      }
      try {
        const handler = handlers[channel] as Handler<ChannelName>;
        const value = await handler(parsed.data as ChannelParsedInput<ChannelName>, context);
        return ok(definition.output.parse(value));
      } catch (error) {
        return toEnvelope(error, channel, logger);
      }
    },
    subscribe: (listener) => bus.subscribe(listener),
  };
}

function toEnvelope(error: unknown, channel: string, logger: Logger): Envelope<never> {
  if (error instanceof ConsoleError) return fail(error.kind, error.message, error.fields);
  if (error instanceof z.ZodError) {
    logger.error('handler produced output that breaks the contract', { channel, issues: error.issues.length });
    return fail('internal', 'The console produced an invalid answer; the details are in the log');
  }
  logger.error('handler failed', { channel, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  return fail('internal', 'Something went wrong inside the console; the details are in the log');
}
