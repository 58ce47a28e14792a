/**
 * The core's side of the channel: builds the core on `start`, answers each `invoke` with the
 * door's envelope under the request's id, and pushes every door event. Nothing here knows what
 * carries the messages.
 */
import { fail } from '../../shared/ipc/envelope.ts';
import type { Door } from '../core/door.ts';
import type { Logger } from '../core/ports.ts';
import { parseToHost, type FromHost, type HostStartOptions, type MessageLink } from './protocol.ts';

export interface ServedCore {
  readonly door: Door;
  readonly operator: string;
  close(): Promise<void>;
}

export interface ServeCoreOptions {
  readonly link: MessageLink<FromHost>;
  readonly startCore: (options: HostStartOptions) => Promise<ServedCore>;
  readonly logger: Logger;
  /** Called once the core has closed after a `close` request (the entry ends the process). */
  readonly onClosed: () => void;
}

export interface ServingHost {
  /** Closes the core (journal writes finish, the ledger closes), then calls onClosed. */
  close(): Promise<void>;
}

export function serveCore({ link, startCore, logger, onClosed }: ServeCoreOptions): ServingHost {
  let core: ServedCore | null = null;
  let state: 'waiting' | 'starting' | 'running' | 'failed' | 'closing' = 'waiting';

  async function start(options: HostStartOptions): Promise<void> {
    state = 'starting';
    try {
      const started = await startCore(options);
      core = started;
      started.door.subscribe((event, payload) => link.post({ type: 'event', event, payload }));
      state = 'running';
      link.post({ type: 'ready', operator: started.operator });
    } catch (error) {
      logger.error('the core could not start', { error: describe(error) });
      // The client ends this process once it has read why: exiting here could lose the message.
      state = 'failed';
      link.post({ type: 'start-failed', message: describe(error) });
    }
  }

  async function close(): Promise<void> {
    if (state === 'closing') return;
    state = 'closing';
    try {
      await core?.close();
    } catch (error) {
      logger.error('the core did not close cleanly', { error: describe(error) });
    }
    try {
      link.post({ type: 'closed' });
    } catch {
      // The parent may be gone already (that is one reason to close).
    }
    onClosed();
  }

  link.onMessage((raw) => {
    const message = parseToHost(raw);
    if (!message) {
      logger.warn('dropped a message the core host cannot read');
      return;
    }
    if (message.type === 'start') {
      if (state === 'waiting') void start(message.options);
      return;
    }
    if (message.type === 'close') {
      void close();
      return;
    }
    if (state !== 'running' || !core) {
      link.post({ type: 'answer', id: message.id, envelope: fail('connection', 'The console core is not running') });
      return;
    }
    void core.door.invoke(message.channel, message.input, message.context).then((envelope) => link.post({ type: 'answer', id: message.id, envelope }));
  });
  return { close };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
