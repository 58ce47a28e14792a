/**
 * The one console window: hardened preferences, shown once the bundle has painted. Navigation and
 * window.open guards come from the app-wide 'web-contents-created' hook in console-app.ts, which
 * covers this window's webContents and any other Electron creates.
 */
import type { BrowserWindowConstructor, BrowserWindowLike } from './electron-ports.ts';
import { APP_ENTRY_URL, secureWebPreferences } from './security.ts';

export interface MainWindowOptions {
  readonly preloadPath: string;
  readonly packaged: boolean;
  readonly title: string;
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
  window.once('ready-to-show', () => window.show());
  await window.loadURL(APP_ENTRY_URL);
  return window;
}
