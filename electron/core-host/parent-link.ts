/**
 * The host's end of the channel to the process that started it: the MessagePort Electron's main
 * hands over (in a utility process), or Node's fork IPC channel (plain Node, as the tests run it).
 * Both carry structured clones, so the messages are the same objects on either.
 */
import type { FromHost, MessageLink } from './protocol.ts';

interface PortMessageEvent {
  readonly data: unknown;
  readonly ports: readonly ElectronMessagePort[];
}

interface ElectronMessagePort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  postMessage(message: unknown): void;
  start(): void;
}

interface ElectronParentPort {
  once(event: 'message', listener: (event: PortMessageEvent) => void): unknown;
}

/** Resolves with the link once the parent has connected; `onParentGone` runs when it goes away. */
export function connectToParent(onParentGone: () => void): Promise<MessageLink<FromHost>> {
  const parentPort = (process as { parentPort?: ElectronParentPort | null }).parentPort;
  if (parentPort) {
    return new Promise((resolve) => {
      // Main's first message carries the port; everything after travels on that port.
      parentPort.once('message', (event) => {
        const port = event.ports[0];
        if (!port) throw new Error('the core host expected a MessagePort from the main process');
        port.on('close', onParentGone);
        resolve({
          post: (message) => port.postMessage(message),
          onMessage: (listener) => {
            port.on('message', (portEvent) => listener(portEvent.data));
            port.start();
          },
        });
      });
    });
  }
  const send = process.send?.bind(process);
  if (!send) throw new Error('the core host must be started by the console (no parent channel)');
  process.once('disconnect', onParentGone);
  return Promise.resolve({
    post: (message) => void send(message),
    onMessage: (listener) => process.on('message', listener),
  });
}
