/** The `webhook*` settings steer the sender under their own names, within the sandbox's bounds. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { DEFAULT_WEBHOOK_SWITCH_SETTINGS, webhookSwitches, webhookSwitchSettingsShape } from '../../../../electron/core/sandbox/emulator-kit/webhook-settings.ts';

const schema = z.strictObject(webhookSwitchSettingsShape);

describe('webhook switch settings', () => {
  it('accepts the defaults and refuses what the sandbox cannot honour', () => {
    assert.equal(schema.safeParse(DEFAULT_WEBHOOK_SWITCH_SETTINGS).success, true);
    assert.equal(schema.safeParse({ ...DEFAULT_WEBHOOK_SWITCH_SETTINGS, sweepIntervalMs: 5 }).success, false);
    assert.equal(schema.safeParse({ ...DEFAULT_WEBHOOK_SWITCH_SETTINGS, webhookTimeoutMs: 0 }).success, false);
    assert.equal(schema.safeParse({ ...DEFAULT_WEBHOOK_SWITCH_SETTINGS, webhookReorderWindowMs: 120_000 }).success, false);
  });

  it('maps each setting to its switch', () => {
    const switches = webhookSwitches({ webhookMaxAttempts: 4, webhookTimeoutMs: 900, webhookDuplicate: false, webhookReorder: true, webhookReorderWindowMs: 70 });
    assert.deepEqual(switches, { maxAttempts: 4, timeoutMs: 900, duplicate: false, reorder: true, reorderWindowMs: 70 });
  });
});
