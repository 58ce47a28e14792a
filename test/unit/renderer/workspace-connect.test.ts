/**
 * Connecting to the core: app info, gateways and profiles are asked together and taken in one
 * change of the workspace, so the shell's first render has the profiles (the screen it opens on
 * builds its search from the active profile), and a door that fails leaves the console unreachable.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Profile } from '../../../shared/ipc/contract.ts';
import { createWorkspaceStore } from '../../../renderer/src/stores/workspace-store.ts';
import { scriptedCall } from '../../helpers/scripted-call.ts';

const profile = { id: 'prof_1', name: 'Sandbox SIBS', gatewayId: 'sibs-spg', environment: 'sandbox', available: true } as unknown as Profile;

function answeredLater<T>(value: T): { promise: Promise<T>; answer: () => void } {
  let answer!: () => void;
  const promise = new Promise<T>((resolve) => {
    answer = () => resolve(value);
  });
  return { promise, answer };
}

test('app info, gateways and profiles are asked together and taken in one change', async () => {
  const info = answeredLater({ ok: true as const, value: { version: '1', notices: [] } as never });
  const { call, calls } = scriptedCall({
    'app:info': () => info.promise,
    'gateways:list': async () => ({ ok: true, value: [] }),
    'profiles:list': async () => ({ ok: true, value: [profile] }),
  });
  const store = createWorkspaceStore({ call, rememberProfile: () => undefined, recallProfile: () => null });
  const seen: Array<{ connection: string; profiles: number }> = [];
  store.subscribe((state) => seen.push({ connection: state.connection, profiles: state.profiles.length }));
  const connected = store.getState().connect();
  assert.deepEqual(
    calls.map((asked) => asked.channel),
    ['app:info', 'gateways:list', 'profiles:list'],
    'all three are out before the core has answered any',
  );
  info.answer();
  await connected;
  assert.deepEqual(seen.at(-1), { connection: 'connected', profiles: 1 });
  assert.equal(seen.filter((change) => change.connection === 'connected').length, 1, 'connected once, with the profiles');
  assert.equal(store.getState().activeProfileId, 'prof_1');
});

test('a door that fails leaves the console unreachable, whatever the other calls answered', async () => {
  const { call } = scriptedCall({
    'app:info': async () => ({ ok: false, error: { kind: 'connection', message: 'no core' } }),
    'gateways:list': async () => ({ ok: false, error: { kind: 'connection', message: 'no core' } }),
    'profiles:list': async () => ({ ok: false, error: { kind: 'connection', message: 'no core' } }),
  });
  const store = createWorkspaceStore({ call, rememberProfile: () => undefined, recallProfile: () => null });
  await store.getState().connect();
  assert.equal(store.getState().connection, 'unreachable');
  assert.equal(store.getState().appInfo, null);
});
