/** The one console window: hardened preferences, shown once the bundle has painted. */
import type { Logger } from '../core/ports.ts';
import type { BrowserWindowConstructor, BrowserWindowLike } from './electron-ports.ts';
import { APP_ENTRY_URL, hardenWebContents, secureWebPreferences } from './security.ts';

export interface MainWindowOptions {
  readonly preloadPath: string;
  readonly packaged: boolean;
  readonly title: string;
  readonly logger: Logger;
}

export async function createMainWindow(BrowserWindow: BrowserWindowConstructor, options: MainWindowOptions): Promise<BrowserWindowLike> {
  const window = new BrowserWindow({
    title: options.title,
    width: 1360,
    height: 880,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences({ preloadPath: options.preloadPath, packaged: options.packaged }),
  });
  hardenWebContents(window.webContents, options.logger);
  window.once('ready-to-show', () => window.show());
  await window.loadURL(APP_ENTRY_URL);
  return window;
}
