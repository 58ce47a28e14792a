/**
 * A stand-in for the `electron` module, the one edge that cannot run here (the Electron binary is
 * not on this machine). Each fake records what the code under test asked of it and lets the test
 * fire the events Electron would fire. It follows Electron's documented behaviour where the code
 * relies on it: ipcMain refuses a second handler for a channel, schemes can only be made
 * privileged before 'ready', preventDefault() on a navigation event cancels it.
 */
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';
import type {
  AppLike,
  BrowserWindowLike,
  ElectronMainApi,
  IpcMainInvokeEventLike,
  IpcMainLike,
  PermissionSessionLike,
  PreventableEvent,
  ProtocolLike,
  WebContentsLike,
  WebFrameLike,
  WindowOpenResponse,
} from '../../electron/main/electron-ports.ts';
import type { ContextBridgeLike, IpcRendererLike } from '../../electron/preload/console-api.ts';

type Listener = (...args: never[]) => unknown;

class ListenerTable {
  readonly #listeners = new Map<string, Listener[]>();
  add(event: string, listener: Listener): void {
    const list = this.#listeners.get(event) ?? [];
    list.push(listener);
    this.#listeners.set(event, list);
  }
  remove(event: string, listener: Listener): void {
    this.#listeners.set(event, (this.#listeners.get(event) ?? []).filter((entry) => entry !== listener));
  }
  count(event: string): number {
    return this.#listeners.get(event)?.length ?? 0;
  }
  fire(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) (listener as (...a: unknown[]) => unknown)(...args);
  }
}

let nextContentsId = 1;

export class FakeWebContents implements WebContentsLike {
  readonly id = nextContentsId++;
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  readonly listeners = new ListenerTable();
  windowOpenHandler: ((details: { url: string }) => WindowOpenResponse) | null = null;
  destroyed = false;
  /** The top frame, showing whatever URL the test loads. */
  readonly mainFrame: { url: string; parent: WebFrameLike | null } = { url: '', parent: null };

  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  on(event: string, listener: (event: PreventableEvent, url: string) => void): this {
    this.listeners.add(event, listener);
    return this;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenResponse): void {
    this.windowOpenHandler = handler;
  }
  /** Fires a cancellable event the way Electron does; true when a listener cancelled it. */
  fireCancellable(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url = ''): boolean {
    let prevented = false;
    this.listeners.fire(event, { preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
  /** What window.open() in the page would get. */
  openWindow(url: string): WindowOpenResponse | 'no-handler' {
    return this.windowOpenHandler ? this.windowOpenHandler({ url }) : 'no-handler';
  }
}

export interface FakeBrowserWindow extends BrowserWindowLike {
  readonly options: BrowserWindowConstructorOptions;
  readonly webContents: FakeWebContents;
  loadedUrl: string | null;
  shown: boolean;
  focused: boolean;
  fire(event: 'ready-to-show' | 'closed'): void;
}

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: IpcMainInvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, listener: (event: IpcMainInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What ipcRenderer.invoke(channel, input) from `sender` would produce. */
  async invoke(channel: string, event: IpcMainInvokeEventLike, input: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, input);
  }
}

export class FakeSession implements PermissionSessionLike {
  permissionRequestHandler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  permissionCheckHandler: ((webContents: unknown, permission: string) => boolean) | null = null;
  devicePermissionHandler: ((details: unknown) => boolean) | null = null;
  beforeRequest: ((details: { url: string }, callback: (response: { cancel: boolean }) => void) => void) | null = null;
  readonly webRequest = {
    onBeforeRequest: (listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void) => {
      this.beforeRequest = listener;
    },
  };
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void {
    this.devicePermissionHandler = handler;
  }
  /** Whether a page's permission request would be granted (null: no handler, Electron's default grants). */
  requestPermission(permission: string): boolean | null {
    if (!this.permissionRequestHandler) return null;
    let granted: boolean | null = null;
    this.permissionRequestHandler({}, permission, (answer) => (granted = answer));
    return granted;
  }
  /** Whether a request for `url` would go out (null: no filter installed). */
  requestAllowed(url: string): boolean | null {
    if (!this.beforeRequest) return null;
    let cancel: boolean | null = null;
    this.beforeRequest({ url }, (response) => (cancel = response.cancel));
    return cancel === null ? null : !cancel;
  }
}

export class FakeProtocol implements ProtocolLike {
  readonly privilegedSchemes: Array<{ scheme: string; privileges: Record<string, boolean> }> = [];
  readonly handlers = new Map<string, (request: Request) => Promise<Response>>();
  readonly #isReady: () => boolean;
  constructor(isReady: () => boolean) {
    this.#isReady = isReady;
  }
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>): void {
    if (this.#isReady()) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    this.privilegedSchemes.push(...schemes);
  }
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void {
    if (!this.#isReady()) throw new Error('protocol.handle must be called after app is ready');
    if (this.handlers.has(scheme)) throw new Error(`The scheme has been registered: ${scheme}`);
    this.handlers.set(scheme, handler);
  }
}

export class FakeApp implements AppLike {
  isPackaged = false;
  singleInstanceLock = true;
  sandboxEnabled = false;
  quitCalls = 0;
  ready = false;
  readonly listeners = new ListenerTable();
  readonly #paths: { userData: string; appPath: string };
  #resolveReady: () => void = () => undefined;
  readonly #whenReady: Promise<void>;
  constructor(paths: { userData: string; appPath: string }) {
    this.#paths = paths;
    this.#whenReady = new Promise((resolve) => (this.#resolveReady = resolve));
  }
  getPath(): string {
    return this.#paths.userData;
  }
  getAppPath(): string {
    return this.#paths.appPath;
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstanceLock;
  }
  enableSandbox(): void {
    if (this.ready) throw new Error('app.enableSandbox() can only be called before app is ready');
    this.sandboxEnabled = true;
  }
  whenReady(): Promise<void> {
    return this.#whenReady;
  }
  quit(): void {
    this.quitCalls += 1;
  }
  on(event: string, listener: Listener): this {
    this.listeners.add(event, listener);
    return this;
  }
  /** Electron becoming ready. */
  emitReady(): void {
    this.ready = true;
    this.#resolveReady();
  }
  /** Fires a cancellable app event; true when a listener cancelled it. */
  fireCancellable(event: 'will-quit'): boolean {
    let prevented = false;
    this.listeners.fire(event, { preventDefault: () => (prevented = true) });
    return prevented;
  }
}

export interface FakeElectronMain extends ElectronMainApi {
  readonly app: FakeApp;
  readonly ipcMain: FakeIpcMain;
  readonly protocol: FakeProtocol;
  readonly session: { readonly defaultSession: FakeSession };
  readonly windows: FakeBrowserWindow[];
  readonly menus: { built: MenuItemConstructorOptions[][]; applied: unknown[] };
}

export function createFakeElectronMain(paths: { userData: string; appPath: string }): FakeElectronMain {
  const app = new FakeApp(paths);
  const windows: FakeBrowserWindow[] = [];
  const menus: { built: MenuItemConstructorOptions[][]; applied: unknown[] } = { built: [], applied: [] };

  class BrowserWindow implements FakeBrowserWindow {
    readonly options: BrowserWindowConstructorOptions;
    readonly webContents = new FakeWebContents();
    loadedUrl: string | null = null;
    shown = false;
    focused = false;
    minimized = false;
    destroyed = false;
    readonly #listeners = new ListenerTable();
    constructor(options: BrowserWindowConstructorOptions) {
      if (!app.ready) throw new Error('Cannot create BrowserWindow before app is ready');
      this.options = options;
      windows.push(this);
      // Electron announces every new webContents, the window's own included.
      app.listeners.fire('web-contents-created', {}, this.webContents);
    }
    async loadURL(url: string): Promise<void> {
      this.loadedUrl = url;
      this.webContents.mainFrame.url = url;
    }
    once(event: string, listener: () => void): this {
      const once = () => {
        this.#listeners.remove(event, once);
        listener();
      };
      this.#listeners.add(event, once);
      return this;
    }
    on(event: string, listener: () => void): this {
      this.#listeners.add(event, listener);
      return this;
    }
    fire(event: 'ready-to-show' | 'closed'): void {
      if (event === 'closed') {
        this.destroyed = true;
        this.webContents.destroyed = true;
      }
      this.#listeners.fire(event);
    }
    show(): void {
      this.shown = true;
    }
    focus(): void {
      this.focused = true;
    }
    restore(): void {
      this.minimized = false;
    }
    isMinimized(): boolean {
      return this.minimized;
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
  }

  return {
    app,
    BrowserWindow,
    windows,
    ipcMain: new FakeIpcMain(),
    protocol: new FakeProtocol(() => app.ready),
    session: { defaultSession: new FakeSession() },
    menus,
    Menu: {
      buildFromTemplate(template: MenuItemConstructorOptions[]) {
        menus.built.push(template);
        return { template };
      },
      setApplicationMenu(menu: never) {
        menus.applied.push(menu);
      },
    },
  };
}

/** A renderer-side ipcRenderer: records invokes and lets the test push messages from main. */
export class FakeIpcRenderer implements IpcRendererLike {
  readonly invoked: Array<{ channel: string; args: unknown[] }> = [];
  readonly listeners = new ListenerTable();
  answer: unknown = { ok: true, value: null };
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return this.answer;
  }
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): this {
    this.listeners.add(channel, listener);
    return this;
  }
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): this {
    this.listeners.remove(channel, listener);
    return this;
  }
  /** A message from main, as webContents.send(channel, message) would deliver it. */
  deliver(channel: string, message: unknown): void {
    this.listeners.fire(channel, { sender: this, senderId: 0 }, message);
  }
}

export class FakeContextBridge implements ContextBridgeLike {
  readonly exposed = new Map<string, unknown>();
  exposeInMainWorld(apiKey: string, api: unknown): void {
    if (this.exposed.has(apiKey)) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${apiKey}`);
    this.exposed.set(apiKey, api);
  }
}
