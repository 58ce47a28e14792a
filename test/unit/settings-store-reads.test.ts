/**
 * The settings file is read and decoded once per change, not on every read: a write through this
 * store or through another one on the same folder (another console) is read on the next read.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Conf from 'conf';
import { createNodeSettingsStore, SETTINGS_FILE_NAME } from '../../electron/core/settings/conf-backend.ts';
import { openSettingsStore } from '../../electron/core/settings/settings-store.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'settings-reads-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

let fileReads = 0;
const store = openSettingsStore({
  file: join(dataDir, `${SETTINGS_FILE_NAME}.json`),
  open: () => {
    const conf = new Conf<Record<string, unknown>>({ cwd: dataDir, configName: SETTINGS_FILE_NAME, projectName: 'payments-console', clearInvalidConfig: false });
    return {
      get: (key: string) => {
        fileReads += 1;
        return conf.get(key);
      },
      set: (key: string, value: unknown) => conf.set(key, value),
    };
  },
});

test('reads decode the file once per change, wherever the change was made', () => {
  store.update((settings) => ({ ...settings, ui: { locale: 'en' } }));
  fileReads = 0;
  for (let i = 0; i < 10; i += 1) assert.equal(store.read().ui.locale, 'en');
  assert.equal(fileReads, 1);

  store.update((settings) => ({ ...settings, ui: { locale: 'pt-PT' } }));
  fileReads = 0;
  assert.equal(store.read().ui.locale, 'pt-PT', 'its own write is read on the next read');
  assert.equal(store.read().ui.locale, 'pt-PT');
  assert.equal(fileReads, 1);

  createNodeSettingsStore(dataDir).update((settings) => ({ ...settings, ui: { locale: 'en' } }));
  assert.equal(store.read().ui.locale, 'en', "another console's write is read on the next read");
});

test('what a read answers is shared, so it cannot be changed in place', () => {
  const settings = store.read();
  assert.throws(() => {
    (settings.ui as { locale: string }).locale = 'pt-PT';
  }, TypeError);
  assert.equal(store.read().ui.locale, 'en');
});
