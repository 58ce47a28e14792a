/**
 * The Sayswitch emulator's scenarios name the sandbox's test OTP, which the control API may change
 * at run time: the scenarios the sandbox lists follow that change, so the tools panel never shows
 * a code that no longer works.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSayswitchEmulator } from '../../../electron/core/gateways/sayswitch/emulator/index.ts';
import { systemClock } from '../../../electron/core/ports.ts';

test('the OTP scenario follows a test OTP changed through the control settings', async () => {
  const emulator = createSayswitchEmulator({ clock: systemClock, baseUrl: () => 'http://127.0.0.1:1/sayswitch' });
  try {
    const otpScenario = () => emulator.scenarios.find((scenario) => scenario.name === 'OTP')?.description ?? '';
    assert.match(otpScenario(), /is 123456;/);
    const settings = emulator.controlRoutes.find((route) => route.method === 'POST' && route.path === '/settings');
    assert.ok(settings);
    const answer = await settings.handle({ method: 'POST', path: '/settings', params: {}, query: new URLSearchParams(), headers: {}, rawBody: JSON.stringify({ testOtp: '975310' }) });
    assert.equal(answer.status, 200);
    assert.match(otpScenario(), /is 975310;/);
  } finally {
    await emulator.close();
  }
});
