import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHANNEL_NAMES, IPC_EVENT_CHANNEL, IPC_INVOKE_PREFIX } from '../../shared/ipc/contract.ts';
import type { Door } from '../../electron/core/door.ts';
import type { IpcMainInvokeEventLike, WebContentsLike } from '../../electron/main/electron-ports.ts';
import { createSenderCheck, forwardDoorEvents, registerIpc } from '../../electron/main/ipc.ts';
import { appInfoValue, createRecordingLogger, createTestDoor } from './door-fixture.ts';
import { FakeIpcMain, FakeWebContents } from './fake-electron.ts';
import { paymentSummaryFixture } from '../helpers/payment-summary.ts';

function setUp() {
  const ipcMain = new FakeIpcMain();
  const testDoor = createTestDoor({ 'app:info': async () => appInfoValue });
  const window = new FakeWebContents();
  window.mainFrame.url = 'app://console/index.html';
  let mainContents: WebContentsLike | null = window;
  const registration = registerIpc(ipcMain, testDoor.door, createSenderCheck(() => mainContents), { operator: 'alice', logger: createRecordingLogger() });
  const fromWindow = (overrides: Partial<IpcMainInvokeEventLike> = {}): IpcMainInvokeEventLike => ({ sender: window, senderFrame: window.mainFrame, ...overrides });
  return { ipcMain, testDoor, window, registration, fromWindow, closeWindow: () => (mainContents = null) };
}

describe('IPC registration', () => {
  it('registers exactly one ipcMain handler per contract channel and nothing else', () => {
    const { ipcMain, registration } = setUp();
    const expected = CHANNEL_NAMES.map((name) => IPC_INVOKE_PREFIX + name).sort();
    assert.deepEqual([...ipcMain.handlers.keys()].sort(), expected);
    assert.deepEqual([...registration.ipcChannels].sort(), expected);
    assert.equal(new Set(registration.ipcChannels).size, CHANNEL_NAMES.length);
  });

  it('routes each handler to its own channel', async () => {
    // A door that only records the channel it was asked for: the routing, not the use-cases, is under test.
    const asked: string[] = [];
    const routingDoor: Door = {
      invoke: async (channel) => {
        asked.push(channel);
        return { ok: true, value: channel };
      },
      subscribe: () => () => undefined,
    };
    const ipcMain = new FakeIpcMain();
    registerIpc(ipcMain, routingDoor, () => true, { operator: 'alice', logger: createRecordingLogger() });
    for (const channel of CHANNEL_NAMES) {
      const window = new FakeWebContents();
      assert.deepEqual(await ipcMain.invoke(IPC_INVOKE_PREFIX + channel, { sender: window, senderFrame: window.mainFrame }, {}), { ok: true, value: channel });
    }
    assert.deepEqual(asked, [...CHANNEL_NAMES]);
  });

  it('cannot be registered twice, as Electron refuses a second handler', () => {
    const { ipcMain, testDoor } = setUp();
    assert.throws(() => registerIpc(ipcMain, testDoor.door, () => true, { operator: 'alice', logger: createRecordingLogger() }), /second handler/);
  });

  it('removes every handler on dispose', () => {
    const { ipcMain, registration } = setUp();
    registration.dispose();
    assert.equal(ipcMain.handlers.size, 0);
  });
});

describe('the IPC sender check', () => {
  it('passes a call from our window to the core as an electron-origin call by the operator', async () => {
    const { ipcMain, testDoor, fromWindow } = setUp();
    const envelope = await ipcMain.invoke(`${IPC_INVOKE_PREFIX}app:info`, fromWindow(), {});
    assert.deepEqual(envelope, { ok: true, value: appInfoValue });
    assert.deepEqual(testDoor.calls.map((call) => call.context), [{ origin: 'electron', operator: 'alice' }]);
  });

  it('refuses a frame showing a foreign origin, without calling the core', async () => {
    const { ipcMain, testDoor, window, fromWindow } = setUp();
    for (const url of ['https://attacker.example/', 'file:///tmp/page.html', 'app://other/index.html', 'http://127.0.0.1:4100/']) {
      const envelope = await ipcMain.invoke(`${IPC_INVOKE_PREFIX}app:info`, fromWindow({ senderFrame: { url, parent: null }, sender: window }), {});
      assert.deepEqual(envelope, { ok: false, error: { kind: 'forbidden', message: 'This request did not come from the console window' } });
    }
    assert.equal(testDoor.calls.length, 0);
  });

  it('refuses another webContents even when it shows our page', async () => {
    const { ipcMain, testDoor, fromWindow } = setUp();
    const other = new FakeWebContents();
    other.mainFrame.url = 'app://console/index.html';
    const envelope = (await ipcMain.invoke(`${IPC_INVOKE_PREFIX}app:info`, fromWindow({ sender: other, senderFrame: other.mainFrame }), {})) as {
      ok: boolean;
      error?: { kind: string };
    };
    assert.equal(envelope.ok, false);
    assert.equal(envelope.error?.kind, 'forbidden');
    assert.equal(testDoor.calls.length, 0);
  });

  it('refuses a call whose frame is gone', async () => {
    const { ipcMain, testDoor, fromWindow } = setUp();
    const envelope = (await ipcMain.invoke(`${IPC_INVOKE_PREFIX}app:info`, fromWindow({ senderFrame: null }), {})) as { error?: { kind: string } };
    assert.equal(envelope.error?.kind, 'forbidden');
    assert.equal(testDoor.calls.length, 0);
  });

  it('refuses a subframe of our window', async () => {
    const { ipcMain, testDoor, window, fromWindow } = setUp();
    const frame = { url: 'app://console/index.html', parent: window.mainFrame };
    const envelope = (await ipcMain.invoke(`${IPC_INVOKE_PREFIX}app:info`, fromWindow({ senderFrame: frame }), {})) as { error?: { kind: string } };
    assert.equal(envelope.error?.kind, 'forbidden');
    assert.equal(testDoor.calls.length, 0);
  });

  it('refuses calls once the window is closed', async () => {
    const { ipcMain, testDoor, fromWindow, closeWindow } = setUp();
    closeWindow();
    const envelope = (await ipcMain.invoke(`${IPC_INVOKE_PREFIX}app:info`, fromWindow(), {})) as { error?: { kind: string } };
    assert.equal(envelope.error?.kind, 'forbidden');
    assert.equal(testDoor.calls.length, 0);
  });

  it('hands malformed input to the door, which answers with a validation error', async () => {
    const { ipcMain, testDoor, fromWindow } = setUp();
    const envelope = (await ipcMain.invoke(`${IPC_INVOKE_PREFIX}payments:get`, fromWindow(), { paymentId: 42 })) as {
      error?: { kind: string; fields?: Record<string, string> };
    };
    assert.equal(envelope.error?.kind, 'validation');
    assert.ok(envelope.error?.fields?.paymentId);
    assert.equal(testDoor.calls.length, 0);
  });
});

describe('events to the window', () => {
  it('sends door events to our window only', () => {
    const testDoor = createTestDoor();
    const window = new FakeWebContents();
    const bystander = new FakeWebContents();
    const stop = forwardDoorEvents(testDoor.door, () => window);
    testDoor.bus.emit('payment:changed', { paymentId: 'pay_1', status: 'captured', source: 'operation', summary: paymentSummaryFixture('pay_1') });
    assert.deepEqual(window.sent, [
      { channel: IPC_EVENT_CHANNEL, args: [{ event: 'payment:changed', payload: { paymentId: 'pay_1', status: 'captured', source: 'operation', summary: paymentSummaryFixture('pay_1') } }] },
    ]);
    assert.equal(bystander.sent.length, 0);
    stop();
    testDoor.bus.emit('profiles:changed', {});
    assert.equal(window.sent.length, 1);
  });

  it('drops events while no window is open', () => {
    const testDoor = createTestDoor();
    const window = new FakeWebContents();
    window.destroyed = true;
    forwardDoorEvents(testDoor.door, () => window);
    testDoor.bus.emit('profiles:changed', {});
    assert.equal(window.sent.length, 0);
  });
});
