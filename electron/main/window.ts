/**
 * The one console window: hardened preferences, shown once the bundle has painted. Navigation and
 * window.open guards come from the app-wide 'web-contents-created' hook in console-app.ts, which
 * covers this window's webContents and any other Electron creates.
 */
import type { BrowserWindowConstructor, BrowserWindowLike } from './electron-ports.ts';
import { APP_ENTRY_URL } from './security.ts';

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
    // Written out at the constructor on purpose: static scanners (Electronegativity) and reviewers
    // check the options where the window is made.
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: !options.packaged,
    },
  });
  window.once('ready-to-show', () => window.show());
  await window.loadURL(APP_ENTRY_URL);
  return window;
}
