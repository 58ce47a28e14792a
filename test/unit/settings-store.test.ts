/** Settings in plain Node (browser mode, CLI): conf behind the shared settings store. */
import { describe } from 'node:test';
import { createNodeSettingsStore } from '../../electron/core/settings/conf-backend.ts';
import { settingsToleranceChecks } from '../helpers/settings-tolerance.ts';

describe('settings on conf (browser mode, CLI)', () => {
  settingsToleranceChecks(createNodeSettingsStore);
});
