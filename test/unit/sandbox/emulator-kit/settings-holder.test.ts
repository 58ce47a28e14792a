/** Settings start from the defaults overlaid by the start options; a patch changes only its fields. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { holdSettings } from '../../../../electron/core/sandbox/emulator-kit/settings-holder.ts';

describe('settings holder', () => {
  it('overlays start options and patches on the defaults without changing them', () => {
    const defaults = { sweepIntervalMs: 1000, failureCode: '100', flag: false };
    const settings = holdSettings(defaults, { failureCode: '200' });
    assert.deepEqual(settings.read(), { sweepIntervalMs: 1000, failureCode: '200', flag: false });
    settings.apply({ flag: true });
    settings.apply({ sweepIntervalMs: 50 });
    assert.deepEqual(settings.read(), { sweepIntervalMs: 50, failureCode: '200', flag: true });
    assert.deepEqual(defaults, { sweepIntervalMs: 1000, failureCode: '100', flag: false });
  });
});
