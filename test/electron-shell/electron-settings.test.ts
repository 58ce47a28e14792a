import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import Conf from 'conf';
import { createElectronSettingsStore, SETTINGS_FILE_NAME } from '../../electron/main/electron-settings.ts';
import { settingsToleranceChecks } from '../helpers/settings-tolerance.ts';

/**
 * electron-store is conf with Electron's user-data folder as the default cwd; importing it needs
 * the Electron binary, so conf stands in with the same options mapped the way electron-store maps them.
 */
class ConfAsElectronStore extends Conf<Record<string, unknown>> {
  constructor(options: { name: string; cwd?: string; clearInvalidConfig?: boolean }) {
    super({ configName: options.name, cwd: options.cwd, clearInvalidConfig: options.clearInvalidConfig });
  }
}

describe('settings in Electron', () => {
  it('keeps settings in settings.json and validates what is written', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'console-settings-'));
    try {
      const store = createElectronSettingsStore(ConfAsElectronStore, { cwd });
      store.update((current) => ({ ...current, sandbox: { port: 4100, initialised: true } }));
      const onDisk = JSON.parse(await readFile(path.join(cwd, `${SETTINGS_FILE_NAME}.json`), 'utf8')) as { settings: { sandbox: { port: number } } };
      assert.equal(onDisk.settings.sandbox.port, 4100);
      assert.throws(() => store.update((current) => ({ ...current, sandbox: { port: 70000, initialised: true } })));
      assert.equal(createElectronSettingsStore(ConfAsElectronStore, { cwd }).read().sandbox.port, 4100);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});

describe('settings in Electron, with what they cannot read', () => {
  settingsToleranceChecks((cwd) => createElectronSettingsStore(ConfAsElectronStore, { cwd }));
});
