import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHANNEL_NAMES, IPC_EVENT_CHANNEL, IPC_INVOKE_PREFIX, type ConsoleApi } from '../../shared/ipc/contract.ts';
import { CONSOLE_API_KEY, exposeConsoleApi } from '../../electron/preload/console-api.ts';
import { FakeContextBridge, FakeIpcRenderer } from './fake-electron.ts';

function exposed() {
  const contextBridge = new FakeContextBridge();
  const ipcRenderer = new FakeIpcRenderer();
  exposeConsoleApi(contextBridge, ipcRenderer);
  const api = contextBridge.exposed.get(CONSOLE_API_KEY) as ConsoleApi;
  return { contextBridge, ipcRenderer, api };
}

describe('the preload', () => {
  it('exposes window.consoleApi with invoke and subscribe and nothing else', () => {
    const { contextBridge, api } = exposed();
    assert.deepEqual([...contextBridge.exposed.keys()], ['consoleApi']);
    assert.deepEqual(Object.keys(api).sort(), ['invoke', 'subscribe']);
    assert.equal(typeof api.invoke, 'function');
    assert.equal(typeof api.subscribe, 'function');
    for (const value of Object.values(api)) assert.notEqual(typeof value, 'object', 'an object (such as ipcRenderer) leaked');
  });

  it('invokes each contract channel on its prefixed IPC channel', async () => {
    const { ipcRenderer, api } = exposed();
    ipcRenderer.answer = { ok: true, value: [] };
    for (const channel of CHANNEL_NAMES) {
      assert.deepEqual(await api.invoke(channel, {} as never), { ok: true, value: [] });
    }
    assert.deepEqual(
      ipcRenderer.invoked.map((call) => call.channel),
      CHANNEL_NAMES.map((name) => IPC_INVOKE_PREFIX + name),
    );
    assert.deepEqual(ipcRenderer.invoked[0]?.args, [{}]);
  });

  it('refuses a channel outside the contract without touching IPC', async () => {
    const { ipcRenderer, api } = exposed();
    const invoke = api.invoke as (channel: string, input: unknown) => Promise<unknown>;
    for (const channel of ['electron-store-get-data', 'console:app:info', '__proto__', 'constructor', 'toString', '', 'app:info ']) {
      await assert.rejects(invoke(channel, {}), /Unknown console channel/);
    }
    await assert.rejects(invoke(42 as unknown as string, {}), /Unknown console channel/);
    assert.equal(ipcRenderer.invoked.length, 0);
  });

  it('delivers only the subscribed event, and only its payload', () => {
    const { ipcRenderer, api } = exposed();
    const received: unknown[][] = [];
    api.subscribe('payment:changed', (...args: unknown[]) => received.push(args));
    ipcRenderer.deliver(IPC_EVENT_CHANNEL, { event: 'profiles:changed', payload: {} });
    ipcRenderer.deliver(IPC_EVENT_CHANNEL, { event: 'payment:changed', payload: { paymentId: 'pay_1', status: 'captured', source: 'sync' } });
    ipcRenderer.deliver(IPC_EVENT_CHANNEL, 'garbage');
    assert.deepEqual(received, [[{ paymentId: 'pay_1', status: 'captured', source: 'sync' }]]);
  });

  it('stops delivering after unsubscribe and lets go of the IPC listener', () => {
    const { ipcRenderer, api } = exposed();
    const received: unknown[] = [];
    const first = api.subscribe('profiles:changed', (payload) => received.push(payload));
    const second = api.subscribe('payment:changed', (payload) => received.push(payload));
    assert.equal(ipcRenderer.listeners.count(IPC_EVENT_CHANNEL), 1, 'one IPC listener serves every subscription');
    first();
    first();
    ipcRenderer.deliver(IPC_EVENT_CHANNEL, { event: 'profiles:changed', payload: {} });
    assert.deepEqual(received, []);
    second();
    assert.equal(ipcRenderer.listeners.count(IPC_EVENT_CHANNEL), 0);
  });

  it('keeps delivering to other listeners when one throws', () => {
    const { ipcRenderer, api } = exposed();
    const received: unknown[] = [];
    const originalError = console.error;
    console.error = () => undefined;
    try {
      api.subscribe('profiles:changed', () => {
        throw new Error('view crashed');
      });
      api.subscribe('profiles:changed', (payload) => received.push(payload));
      ipcRenderer.deliver(IPC_EVENT_CHANNEL, { event: 'profiles:changed', payload: {} });
    } finally {
      console.error = originalError;
    }
    assert.deepEqual(received, [{}]);
  });

  it('refuses to subscribe to an event outside the contract', () => {
    const { ipcRenderer, api } = exposed();
    const subscribe = api.subscribe as (event: string, listener: (payload: unknown) => void) => () => void;
    assert.throws(() => subscribe('electron-store-get-data', () => undefined), /Unknown console event/);
    assert.throws(() => subscribe('payment:changed', 'not a function' as never), /must be a function/);
    assert.equal(ipcRenderer.listeners.count(IPC_EVENT_CHANNEL), 0);
  });
});
