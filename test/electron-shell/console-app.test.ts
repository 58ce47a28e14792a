import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CHANNEL_NAMES, IPC_EVENT_CHANNEL, IPC_INVOKE_PREFIX } from '../../shared/ipc/contract.ts';
import { runConsoleApp, type CoreHandle } from '../../electron/main/console-app.ts';
import { APP_ENTRY_URL } from '../../electron/main/security.ts';
import { appInfoValue, createRecordingLogger, createTestDoor } from './door-fixture.ts';
import { createFakeElectronMain, FakeWebContents } from './fake-electron.ts';

const paths = { userData: '/home/alice/.config/Payments Console', appPath: '/opt/payments-console/resources/app.asar' };

function start(options: { packaged?: boolean; lock?: boolean; failCore?: boolean; coreStarted?: Promise<void> } = {}) {
  const electron = createFakeElectronMain(paths);
  electron.app.isPackaged = options.packaged ?? false;
  electron.app.singleInstanceLock = options.lock ?? true;
  const testDoor = createTestDoor({ 'app:info': async () => appInfoValue });
  const coreStarts: string[] = [];
  let closed = 0;
  const logger = createRecordingLogger();
  const running = runConsoleApp({
    electron,
    logger,
    platform: 'linux',
    startCore: async (dataDir): Promise<CoreHandle> => {
      coreStarts.push(dataDir);
      await options.coreStarted;
      if (options.failCore) throw new Error('no keychain answered');
      return { door: testDoor.door, operator: 'alice', close: async () => void closed++ };
    },
  });
  return { electron, testDoor, running, coreStarts, logger, closedCount: () => closed };
}

describe('the Electron lifecycle', () => {
  it('hands over to the running instance when it is not the first', () => {
    const { electron, running, coreStarts } = start({ lock: false });
    assert.equal(running, null);
    assert.equal(electron.app.quitCalls, 1);
    assert.equal(electron.protocol.privilegedSchemes.length, 0);
    electron.app.emitReady();
    assert.deepEqual(coreStarts, []);
  });

  it('prepares the app:// scheme and the sandbox before Electron is ready', () => {
    const { electron } = start();
    assert.equal(electron.app.sandboxEnabled, true);
    assert.deepEqual(electron.protocol.privilegedSchemes, [
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
    ]);
    assert.equal(electron.windows.length, 0);
  });

  it('once ready: hardens the session, serves app://, starts the core in userData, registers IPC and opens the window', async () => {
    const { electron, running, coreStarts } = start({ packaged: true });
    electron.app.emitReady();
    await running?.ready;
    assert.ok(electron.session.defaultSession.permissionRequestHandler, 'no permission handler');
    assert.ok(electron.protocol.handlers.has('app'));
    assert.deepEqual(coreStarts, [paths.userData]);
    assert.deepEqual([...electron.ipcMain.handlers.keys()].sort(), CHANNEL_NAMES.map((name) => IPC_INVOKE_PREFIX + name).sort());
    assert.equal(electron.windows.length, 1);
    const window = electron.windows[0]!;
    assert.equal(window.loadedUrl, APP_ENTRY_URL);
    assert.equal(window.options.show, false);
    assert.equal(window.options.webPreferences?.preload, path.join(paths.appPath, 'dist-electron', 'preload.cjs'));
    assert.equal(window.options.webPreferences?.sandbox, true);
    assert.equal(window.options.webPreferences?.contextIsolation, true);
    assert.equal(window.options.webPreferences?.devTools, false);
    window.fire('ready-to-show');
    assert.equal(window.shown, true);
    assert.equal(window.webContents.fireCancellable('will-navigate', 'https://attacker.example/'), true);
  });

  it('installs the packaged menu without DevTools', async () => {
    const { electron, running } = start({ packaged: true });
    electron.app.emitReady();
    await running?.ready;
    assert.equal(electron.menus.applied.length, 1);
    const roles = JSON.stringify(electron.menus.built[0]);
    assert.doesNotMatch(roles, /toggleDevTools|forceReload|"reload"/);
  });

  it('answers the window\'s IPC calls and forwards events to it', async () => {
    const { electron, running, testDoor } = start();
    electron.app.emitReady();
    await running?.ready;
    const window = electron.windows[0]!;
    const envelope = await electron.ipcMain.invoke(`${IPC_INVOKE_PREFIX}app:info`, { sender: window.webContents, senderFrame: window.webContents.mainFrame }, {});
    assert.deepEqual(envelope, { ok: true, value: appInfoValue });
    testDoor.bus.emit('profiles:changed', {});
    assert.deepEqual(window.webContents.sent, [{ channel: IPC_EVENT_CHANNEL, args: [{ event: 'profiles:changed', payload: {} }] }]);
  });

  it('refuses IPC from a second webContents showing our page', async () => {
    const { electron, running, testDoor } = start();
    electron.app.emitReady();
    await running?.ready;
    const intruder = new FakeWebContents();
    intruder.mainFrame.url = 'app://console/index.html';
    const envelope = (await electron.ipcMain.invoke(`${IPC_INVOKE_PREFIX}app:info`, { sender: intruder, senderFrame: intruder.mainFrame }, {})) as {
      error?: { kind: string };
    };
    assert.equal(envelope.error?.kind, 'forbidden');
    assert.equal(testDoor.calls.length, 0);
  });

  it('hardens every webContents Electron creates', () => {
    const { electron } = start();
    const contents = new FakeWebContents();
    electron.app.listeners.fire('web-contents-created', {}, contents);
    assert.deepEqual(contents.openWindow('https://attacker.example/'), { action: 'deny' });
    assert.equal(contents.fireCancellable('will-attach-webview'), true);
  });

  it('brings the window forward when a second instance starts', async () => {
    const { electron, running } = start();
    electron.app.emitReady();
    await running?.ready;
    electron.app.listeners.fire('second-instance');
    assert.equal(electron.windows[0]?.focused, true);
  });

  it('closes the core before quitting, once', async () => {
    const { electron, running, closedCount } = start();
    electron.app.emitReady();
    await running?.ready;
    const quitsBefore = electron.app.quitCalls;
    assert.equal(electron.app.fireCancellable('will-quit'), true, 'quit went ahead before the core closed');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(closedCount(), 1);
    assert.equal(electron.app.quitCalls, quitsBefore + 1);
    assert.equal(electron.ipcMain.handlers.size, 0);
    assert.equal(electron.app.fireCancellable('will-quit'), false);
  });

  it('quits with a logged error when the core cannot start', async () => {
    const { electron, running, logger } = start({ failCore: true });
    electron.app.emitReady();
    await assert.rejects(running!.ready, /no keychain answered/);
    assert.equal(electron.app.quitCalls, 1);
    assert.ok(logger.lines.some((line) => line.level === 'error' && String(line.fields?.error).includes('no keychain answered')));
    // The quit that follows has no core to wait for or close.
    assert.equal(electron.app.fireCancellable('will-quit'), false);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(logger.lines.filter((line) => line.level === 'error').length, 1);
  });

  it('opens the window while the core starts; its first calls wait for the core, and a quit meanwhile still closes it', async () => {
    let coreUp!: () => void;
    const { electron, running, testDoor, closedCount } = start({ coreStarted: new Promise((resolve) => (coreUp = resolve)) });
    electron.app.emitReady();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(electron.windows.length, 1, 'the window loads while the core starts');
    const window = electron.windows[0]!;
    let answered = false;
    const call = Promise.resolve(electron.ipcMain.invoke(`${IPC_INVOKE_PREFIX}app:info`, { sender: window.webContents, senderFrame: window.webContents.mainFrame }, {})).then((envelope) => {
      answered = true;
      return envelope;
    });
    assert.equal(electron.app.fireCancellable('will-quit'), true, 'a quit waits for the starting core');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(answered, false);
    assert.equal(testDoor.calls.length, 0);
    coreUp();
    await running?.ready;
    assert.deepEqual(await call, { ok: true, value: appInfoValue });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(closedCount(), 1, 'the core that was starting at the quit is closed');
  });

  it('reopens the window on activate after it was closed', async () => {
    const { electron, running } = start();
    electron.app.emitReady();
    await running?.ready;
    electron.windows[0]!.fire('closed');
    assert.equal(running?.mainWindow(), null);
    electron.app.listeners.fire('activate');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(electron.windows.length, 2);
    assert.equal(running?.mainWindow(), electron.windows[1]);
  });
});
