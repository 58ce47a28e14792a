/**
 * The contract on ipcMain: one handler per channel, each of which first checks that the call came
 * from our own window showing our own bundle, then hands the raw input to the door (which parses
 * it against the contract). Events go back to our window only.
 */
import { CHANNEL_NAMES, IPC_EVENT_CHANNEL, IPC_INVOKE_PREFIX } from '../../shared/ipc/contract.ts';
import { fail } from '../../shared/ipc/envelope.ts';
import type { Door } from '../core/door.ts';
import type { Logger } from '../core/ports.ts';
import type { IpcMainInvokeEventLike, IpcMainLike, WebContentsLike } from './electron-ports.ts';
import { isAppUrl } from './security.ts';

export type SenderCheck = (event: IpcMainInvokeEventLike) => boolean;

/**
 * A sender is trusted when it is the top frame of our main window's webContents and shows a page
 * of our bundle. `mainContents` is asked at call time because the window can be recreated.
 */
export function createSenderCheck(mainContents: () => WebContentsLike | null): SenderCheck {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame) return false;
    const contents = mainContents();
    if (!contents || contents.isDestroyed() || event.sender !== contents) return false;
    if (frame.parent !== null) return false;
    return isAppUrl(frame.url);
  };
}

export interface IpcRegistration {
  /** The ipcMain channel names registered, one per contract channel. */
  readonly ipcChannels: readonly string[];
  dispose(): void;
}

/** `door` and `operator` may still be coming (the window loads while the core starts): a call waits for them. */
export function registerIpc(
  ipcMain: IpcMainLike,
  door: Door | PromiseLike<Door>,
  isTrustedSender: SenderCheck,
  options: { operator: string | PromiseLike<string>; logger: Logger },
): IpcRegistration {
  const ready = Promise.all([door, options.operator]);
  // A core that fails to start is its starter's to report; here every call waiting on it fails.
  ready.catch(() => undefined);
  const ipcChannels: string[] = [];
  for (const channel of CHANNEL_NAMES) {
    const ipcChannel = IPC_INVOKE_PREFIX + channel;
    ipcMain.handle(ipcChannel, async (event, input) => {
      if (!isTrustedSender(event)) {
        options.logger.warn('refused an IPC call from an unknown sender', { channel, url: event.senderFrame?.url?.slice(0, 200) ?? null });
        return fail('forbidden', 'This request did not come from the console window');
      }
      const [core, operator] = await ready;
      return core.invoke(channel, input, { origin: 'electron', operator });
    });
    ipcChannels.push(ipcChannel);
  }
  return {
    ipcChannels,
    dispose() {
      for (const ipcChannel of ipcChannels) ipcMain.removeHandler(ipcChannel);
    },
  };
}

/** Sends every door event to the main window (and nowhere else); returns the unsubscribe. */
export function forwardDoorEvents(door: Door, mainContents: () => WebContentsLike | null): () => void {
  return door.subscribe((event, payload) => {
    const contents = mainContents();
    if (!contents || contents.isDestroyed()) return;
    contents.send(IPC_EVENT_CHANNEL, { event, payload });
  });
}
