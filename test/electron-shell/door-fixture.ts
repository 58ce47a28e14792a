/**
 * A real door (the core's own createDoor and event bus) over a small handler table for the tests
 * of the ways in. Channels a test does not provide answer NotSupported, as an unfinished gateway
 * verb would; every call is recorded so a test can prove a refused request never reached a handler.
 */
import { CHANNEL_NAMES, type ChannelName } from '../../shared/ipc/contract.ts';
import { createDoor, createEventBus, type Door, type EventBus, type Handler, type Handlers, type InvocationContext } from '../../electron/core/door.ts';
import { NotSupportedError } from '../../electron/core/errors.ts';
import type { Logger } from '../../electron/core/ports.ts';

export interface RecordedCall {
  readonly channel: ChannelName;
  readonly input: unknown;
  readonly context: InvocationContext;
}

export interface TestDoor {
  readonly door: Door;
  readonly bus: EventBus;
  readonly calls: RecordedCall[];
  readonly logger: RecordingLogger;
}

export const appInfoValue = {
  version: '0.1.0',
  mode: 'electron' as const,
  operator: 'alice',
  dataDir: '/tmp/console',
  sandbox: { running: true, baseUrl: 'http://127.0.0.1:4100' },
  notifications: { running: true, baseUrl: 'http://127.0.0.1:4101' },
  notices: [] as string[],
};

export function createTestDoor(provided: Partial<{ [C in ChannelName]: Handler<C> }> = {}): TestDoor {
  const calls: RecordedCall[] = [];
  const logger = createRecordingLogger();
  const table: Record<string, Handler<ChannelName>> = {};
  for (const channel of CHANNEL_NAMES) {
    const own = provided[channel] as Handler<ChannelName> | undefined;
    table[channel] = async (input, context) => {
      calls.push({ channel, input, context });
      if (own) return own(input as never, context);
      throw new NotSupportedError(`${channel} is not part of this test`);
    };
  }
  const bus = createEventBus(logger);
  return { door: createDoor(table as unknown as Handlers, bus, logger), bus, calls, logger };
}

export interface RecordingLogger extends Logger {
  readonly lines: Array<{ level: string; message: string; fields: Record<string, unknown> | undefined }>;
}

export function createRecordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = [];
  return {
    lines,
    info: (message, fields) => lines.push({ level: 'info', message, fields }),
    warn: (message, fields) => lines.push({ level: 'warn', message, fields }),
    error: (message, fields) => lines.push({ level: 'error', message, fields }),
  };
}
