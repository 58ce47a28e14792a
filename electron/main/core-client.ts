/**
 * Main's way to the core running in another process: a Door (the surface ipc.ts and the desktop
 * notifications use) whose calls travel as protocol messages and come back as the core's own
 * envelopes. When that process ends unexpectedly, every call in flight is answered `connection`
 * (its outcome is unknown to us; a money-moving call is settled by the recovery pass), the
 * renderer hears `core:availability`, and the process is started again after a bounded backoff;
 * its start runs recovery. How a process is started is passed in (Electron's utilityProcess in
 * main.ts, child_process.fork under test).
 */
import { fail, type Envelope } from '../../shared/ipc/envelope.ts';
import type { EventName, EventPayload } from '../../shared/ipc/contract.ts';
import type { Door, EventListener } from '../core/door.ts';
import type { Logger } from '../core/ports.ts';
import { parseFromHost, parseToHost, type FromHost, type HostStartOptions, type MessageLink, type ToHost } from '../core-host/protocol.ts';

/** One running core process, as main sees it. */
export interface CoreHostProcess extends MessageLink<ToHost> {
  /** Called once when the process has ended, for whatever reason. */
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export interface RestartPolicy {
  /** Wait before the first restart; doubles with each crash that follows closely, up to maxDelayMs. */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** A host that served this long before crashing starts again from initialDelayMs. */
  readonly stableAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialDelayMs: 250, maxDelayMs: 30_000, stableAfterMs: 60_000 };

export interface CoreClientOptions {
  readonly spawn: () => CoreHostProcess;
  readonly start: HostStartOptions;
  readonly logger: Logger;
  readonly restart?: RestartPolicy;
  /** How long close() waits for the core to finish its writes before it ends the process. */
  readonly closeTimeoutMs?: number;
  readonly now?: () => number;
}

export interface CoreClient {
  readonly door: Door;
  readonly operator: string;
  close(): Promise<void>;
}

export const CORE_STOPPED_MESSAGE =
  'The console core stopped while handling this request. It is restarting; a payment action is checked with its gateway by the recovery pass, so look at the payment before trying again.';
const CORE_RESTARTING_MESSAGE = 'The console core is restarting; try again in a moment.';

/** Starts the core process and resolves once it serves (rejects if the first start fails). */
export function startCoreClient(options: CoreClientOptions): Promise<CoreClient> {
  const policy = options.restart ?? DEFAULT_RESTART_POLICY;
  const now = options.now ?? Date.now;
  const listeners = new Set<EventListener>();
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  let nextId = 0;
  let host: CoreHostProcess | null = null;
  let serving = false;
  let closing = false;
  let operator = '';
  let readyAt = 0;
  let quickCrashes = 0;
  let restartTimer: NodeJS.Timeout | null = null;
  let closed: (() => void) | null = null;

  function emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of listeners) {
      try {
        listener(event, payload);
      } catch (error) {
        options.logger.warn('event listener failed', { event, error: String(error) });
      }
    }
  }

  function answerAllPending(envelope: Envelope<never>): void {
    const waiting = [...pending.values()];
    pending.clear();
    for (const resolve of waiting) resolve(envelope);
  }

  function launch(onFirstReady?: { resolve: () => void; reject: (error: Error) => void }): void {
    const child = options.spawn();
    host = child;
    child.onMessage((raw) => {
      if (host !== child) return;
      const message = parseFromHost(raw);
      if (!message) {
        options.logger.warn('dropped a message from the core that does not fit the protocol');
        return;
      }
      handle(message, onFirstReady);
    });
    child.onExit((code) => {
      if (host !== child) return;
      host = null;
      const wasServing = serving;
      serving = false;
      if (closing) {
        answerAllPending(fail('connection', 'The console is closing'));
        closed?.();
        return;
      }
      answerAllPending(fail('connection', CORE_STOPPED_MESSAGE));
      if (onFirstReady && !wasServing && readyAt === 0) {
        onFirstReady.reject(new Error(`the core process ended before it was ready (exit code ${String(code)})`));
        return;
      }
      scheduleRestart(code, wasServing);
    });
    child.post({ type: 'start', options: options.start });
  }

  function handle(message: FromHost, onFirstReady?: { resolve: () => void; reject: (error: Error) => void }): void {
    switch (message.type) {
      case 'ready': {
        const first = readyAt === 0;
        serving = true;
        operator = message.operator;
        readyAt = now();
        if (first) onFirstReady?.resolve();
        else emit('core:availability', { available: true, message: 'The console core is back.' });
        return;
      }
      case 'start-failed':
        options.logger.error('the core could not start', { error: message.message });
        if (readyAt === 0) onFirstReady?.reject(new Error(message.message));
        // Its exit then starts the next attempt (after the first start, never before it).
        host?.kill();
        return;
      case 'answer': {
        const resolve = pending.get(message.id);
        pending.delete(message.id);
        resolve?.(message.envelope);
        return;
      }
      case 'event':
        emit(message.event, message.payload);
        return;
      case 'closed':
        return;
    }
  }

  function scheduleRestart(code: number | null, wasServing: boolean): void {
    // Only a host that served for a while earns a quick restart; one that keeps failing to start keeps backing off.
    if (wasServing && now() - readyAt >= policy.stableAfterMs) quickCrashes = 0;
    const delay = Math.min(policy.initialDelayMs * 2 ** quickCrashes, policy.maxDelayMs);
    quickCrashes += 1;
    options.logger.error('the core process stopped; restarting it', { exitCode: code, restartInMs: delay });
    emit('core:availability', { available: false, message: 'The console core stopped and is restarting.' });
    restartTimer = setTimeout(() => {
      restartTimer = null;
      if (!closing) launch();
    }, delay);
  }

  const door: Door = {
    invoke(channel, rawInput, context) {
      const child = host;
      if (!child || !serving) return Promise.resolve(fail('connection', CORE_RESTARTING_MESSAGE));
      // Checked here too: the host drops what it cannot read, and this call would then never be answered.
      const message = parseToHost({ type: 'invoke', id: nextId++, channel, input: rawInput, context });
      if (!message || message.type !== 'invoke') return Promise.resolve(fail('validation', 'The request is not valid'));
      return new Promise((resolve) => {
        pending.set(message.id, resolve);
        try {
          child.post(message);
        } catch (error) {
          pending.delete(message.id);
          options.logger.warn('could not pass a call to the core', { channel: String(channel).slice(0, 64), error: String(error) });
          resolve(fail('validation', 'The request could not be passed to the console core'));
        }
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  async function close(): Promise<void> {
    if (closing) return;
    closing = true;
    if (restartTimer) clearTimeout(restartTimer);
    const child = host;
    if (!child) return;
    const ended = new Promise<void>((resolve) => (closed = resolve));
    try {
      child.post({ type: 'close' });
    } catch {
      child.kill();
    }
    const timeout = setTimeout(() => child.kill(), options.closeTimeoutMs ?? 10_000);
    await ended;
    clearTimeout(timeout);
  }

  return new Promise<void>((resolve, reject) => launch({ resolve, reject })).then(() => ({
    door,
    get operator() {
      return operator;
    },
    close,
  }));
}
