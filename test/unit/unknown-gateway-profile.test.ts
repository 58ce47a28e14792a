/**
 * A profile saved for a gateway this version does not have (removed, or from a newer version) is
 * kept with its settings and listed as unavailable, instead of failing the profile list.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValidationError } from '../../electron/core/errors.ts';
import { getGateway } from '../../electron/core/gateways/gateway-catalog.ts';
import { createProfileService, type ProfileServiceDeps } from '../../electron/core/profiles/profile-service.ts';
import { decodeSettings } from '../../electron/core/settings/settings-store.ts';
import { channels } from '../../shared/ipc/contract.ts';

const SAVED = {
  id: 'prof_elsewhere',
  name: 'Acquirer from a newer version',
  gatewayId: 'paypal-plus',
  environment: 'production',
  baseUrl: 'https://api.example.com/v1',
  options: { merchantId: 'M-42' },
  credentialFields: ['apiKey'],
};

function serviceOver(raw: unknown) {
  const { settings } = decodeSettings(raw);
  return createProfileService({ settings: { read: () => settings }, gateways: getGateway } as unknown as ProfileServiceDeps);
}

test('a profile whose gateway is not in this version is kept with its settings and listed as unavailable', () => {
  const decoded = decodeSettings({ profiles: [SAVED] });
  assert.deepEqual(decoded.problems, []);
  assert.deepEqual(decoded.settings.profiles, [SAVED]);
  const listed = serviceOver({ profiles: [SAVED] }).list();
  assert.deepEqual(listed, [{ id: SAVED.id, name: SAVED.name, gatewayId: 'paypal-plus', environment: 'production', baseUrl: SAVED.baseUrl, options: SAVED.options, credentials: { apiKey: true }, available: false }]);
  assert.equal(channels['profiles:list'].output.safeParse(listed).success, true, 'the contract carries it to the renderer');
});

test('a profile on a registered gateway is available', () => {
  const [registered] = serviceOver({ profiles: [{ ...SAVED, gatewayId: 'sibs-spg', options: {} }] }).list();
  assert.equal(registered?.available, true);
});

test('a new profile for a gateway this version lacks is refused on its gateway field', async () => {
  const service = serviceOver({ profiles: [] });
  await assert.rejects(
    service.create({ name: 'x', gatewayId: 'paypal-plus', environment: 'test', baseUrl: 'https://api.example.com', options: {} }, { origin: 'cli', operator: 'agent' }),
    (error: unknown) => error instanceof ValidationError && error.fields?.['gatewayId'] !== undefined,
  );
});

test('a gateway id must look like a gateway folder name', () => {
  for (const id of ['PayPal', '../x', 'a b', '-x', 'x-', '', 'x'.repeat(41)]) {
    assert.equal(channels['profiles:create'].input.safeParse({ name: 'x', gatewayId: id, environment: 'test', baseUrl: 'https://x.example' }).success, false, id);
  }
  assert.equal(decodeSettings({ profiles: [{ ...SAVED, gatewayId: '../x' }] }).settings.profiles.length, 0, 'a malformed id is not a profile');
});
