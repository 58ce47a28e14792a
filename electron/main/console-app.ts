/**
 * The Electron lifecycle, with Electron and the core passed in: one instance, a hardened session,
 * the app:// protocol, then the core starting while the window loads (each about half a second on a
 * 2-core machine; the IPC door holds the window's first calls until the core is up). main.ts only
 * fills in the real modules.
 */
import path from 'node:path';
import type { Door } from '../core/door.ts';
import type { Logger } from '../core/ports.ts';
import type { BrowserWindowLike, ElectronMainApi } from './electron-ports.ts';
import { createAppProtocolHandler } from './app-protocol.ts';
import { createSenderCheck, forwardDoorEvents, registerIpc, type IpcRegistration } from './ipc.ts';
import { forwardDesktopNotifications } from './desktop-notifications.ts';
import { buildMenuTemplate } from './menu.ts';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, hardenSession, hardenWebContents } from './security.ts';
import { createMainWindow } from './window.ts';

export const PRODUCT_NAME = 'Payments Console';

/** What the shell needs of the core. */
export interface CoreHandle {
  readonly door: Door;
  readonly operator: string;
  close(): Promise<void>;
}

export interface ConsoleAppDependencies {
  readonly electron: ElectronMainApi;
  readonly logger: Logger;
  /** Builds the core once Electron is ready (the user-data path is only final then). */
  readonly startCore: (dataDir: string) => Promise<CoreHandle>;
  readonly platform: NodeJS.Platform;
}

export interface RunningConsoleApp {
  /** Resolves once the core, the IPC handlers and the first window are up (or startup failed). */
  readonly ready: Promise<void>;
  mainWindow(): BrowserWindowLike | null;
}

/** Paths inside the app folder (or asar): the bundles the build script and Vite produce. */
export function appPaths(appPath: string): { preload: string; renderer: string } {
  return {
    preload: path.join(appPath, 'dist-electron', 'preload.cjs'),
    renderer: path.join(appPath, 'renderer', 'dist'),
  };
}

export function runConsoleApp(deps: ConsoleAppDependencies): RunningConsoleApp | null {
  const { app, BrowserWindow, ipcMain, protocol, session, Menu } = deps.electron;
  const { logger } = deps;

  if (!app.requestSingleInstanceLock()) {
    // Two instances would share one ledger file and one keychain: the second hands over to the first.
    app.quit();
    return null;
  }

  // Both must happen before 'ready'.
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  app.enableSandbox();

  let window: BrowserWindowLike | null = null;
  let core: CoreHandle | null = null;
  /** The core while it starts, so that a quit in the meantime still closes it. */
  let starting: Promise<CoreHandle> | null = null;
  let ipc: IpcRegistration | null = null;
  let stopEvents: (() => void) | null = null;
  let closing = false;
  const paths = appPaths(app.getAppPath());
  const mainContents = () => (window && !window.isDestroyed() ? window.webContents : null);

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, logger));
  app.on('second-instance', () => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => {
    if (deps.platform !== 'darwin') app.quit();
  });

  async function openWindow(): Promise<void> {
    const created = await createMainWindow(BrowserWindow, { preloadPath: paths.preload, packaged: app.isPackaged, title: PRODUCT_NAME });
    window = created;
    created.on('closed', () => {
      if (window === created) window = null;
    });
  }

  app.on('activate', () => {
    if (core && !window) void openWindow();
  });

  app.on('will-quit', (event) => {
    if (closing || (!core && !starting)) return;
    // Let the core finish its journal writes and close the ledger before the process ends.
    event.preventDefault();
    closing = true;
    stopEvents?.();
    ipc?.dispose();
    const closingCore = core ?? (starting as Promise<CoreHandle>);
    core = null;
    Promise.resolve(closingCore)
      .then((started) => started.close())
      .catch((error: unknown) => logger.error('the core did not close cleanly', { error: String(error) }))
      .finally(() => app.quit());
  });

  const ready = app.whenReady().then(async () => {
    hardenSession(session.defaultSession, logger);
    protocol.handle(APP_SCHEME, createAppProtocolHandler(paths.renderer));
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate({ packaged: app.isPackaged, platform: deps.platform, productName: PRODUCT_NAME })) as never);
    const coreStarting = deps.startCore(app.getPath('userData'));
    starting = coreStarting;
    ipc = registerIpc(ipcMain, coreStarting.then((started) => started.door), createSenderCheck(mainContents), { operator: coreStarting.then((started) => started.operator), logger });
    const windowOpening = openWindow();
    // Reported through `ready` below when the core fails first.
    windowOpening.catch(() => undefined);
    // Settled either way, there is no starting core left for a quit to wait for (a failed one quits the app below).
    const started = await coreStarting.finally(() => {
      starting = null;
    });
    // Quit while it started: will-quit is closing it.
    if (closing) return;
    core = started;
    const stopForwarding = forwardDoorEvents(core.door, mainContents);
    const stopNotifying = forwardDesktopNotifications(core.door, {
      Notification: deps.electron.Notification,
      setBadgeCount: app.setBadgeCount ? (count: number) => app.setBadgeCount?.(count) : undefined,
      focusWindow: () => {
        if (window && !window.isDestroyed()) window.focus();
      },
    });
    stopEvents = () => {
      stopForwarding();
      stopNotifying();
    };
    await windowOpening;
  });
  ready.catch((error: unknown) => {
    logger.error('the console could not start', { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    app.quit();
  });

  return { ready, mainWindow: () => window };
}
