import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkBaseUrl, createProfileService, maskUserinfo, type ProfileServiceDeps } from '../../electron/core/profiles/profile-service.ts';
import { getGateway } from '../../electron/core/gateways/gateway-catalog.ts';
import { ValidationError } from '../../electron/core/errors.ts';
import { channels } from '../../shared/ipc/contract.ts';
import { zodIssuesToFields } from '../../shared/ipc/envelope.ts';

test('accepts HTTPS for every environment', () => {
  for (const environment of ['sandbox', 'test', 'production'] as const) checkBaseUrl('https://api.sibspayments.com/api/v2', environment);
});

test('accepts plain HTTP only on loopback', () => {
  checkBaseUrl('http://127.0.0.1:4010/sibs-spg/api/v2', 'production');
  checkBaseUrl('http://localhost:4010/x', 'test');
  checkBaseUrl('http://[::1]:4010/x', 'production');
});

test('refuses plain HTTP to any other host, and other schemes', () => {
  for (const url of ['http://api.sibspayments.com/api/v2', 'http://10.0.0.5/api', 'http://127.0.0.1.example.com/', 'ftp://127.0.0.1/', 'file:///etc/passwd', 'not a url']) {
    assert.throws(() => checkBaseUrl(url, 'production'), ValidationError, url);
  }
});

test('refuses a user name or password in the base URL of a new or changed profile, on the baseUrl field', () => {
  const create = { name: 'Live', gatewayId: 'sibs-spg', environment: 'production', baseUrl: '' };
  for (const baseUrl of ['https://merchant:s3cret@api.sibspayments.com/api/v2', 'https://merchant@api.sibspayments.com/', 'https://:s3cret@api.sibspayments.com/', 'http://user:pw@127.0.0.1:4010/x']) {
    const created = channels['profiles:create'].input.safeParse({ ...create, baseUrl });
    assert.equal(created.success, false, baseUrl);
    assert.match(zodIssuesToFields(created.error?.issues ?? [])['baseUrl'] ?? '', /user name and password/, baseUrl);
    const updated = channels['profiles:update'].input.safeParse({ id: 'prof_1', baseUrl });
    assert.match(zodIssuesToFields(updated.error?.issues ?? [])['baseUrl'] ?? '', /user name and password/, baseUrl);
  }
  assert.equal(channels['profiles:create'].input.safeParse({ ...create, baseUrl: 'https://api.sibspayments.com/api/v2?merchant=a@b' }).success, true);
});

test('shows a base URL saved with a password before the rule masked, never in clear', () => {
  assert.equal(maskUserinfo('https://merchant:s3cret@api.sibspayments.com/api/v2'), 'https://***@api.sibspayments.com/api/v2');
  assert.equal(maskUserinfo('https://api.sibspayments.com/api/v2'), 'https://api.sibspayments.com/api/v2');
  assert.equal(channels['profiles:update'].input.safeParse({ id: 'prof_1', baseUrl: maskUserinfo('https://a:b@x.example/') }).success, false, 'the masked URL cannot be saved back');
  // A profile saved before the rule, as the settings file holds it.
  const settings = {
    read: () => ({ profiles: [{ id: 'prof_1', name: 'Live', gatewayId: 'sibs-spg', environment: 'production', baseUrl: 'https://merchant:s3cret@api.sibspayments.com/api/v2', options: {}, credentialFields: [] }] }),
  };
  const listed = createProfileService({ settings, gateways: getGateway } as unknown as ProfileServiceDeps).list();
  assert.equal(listed[0]?.baseUrl, 'https://***@api.sibspayments.com/api/v2');
  assert.equal(JSON.stringify(listed).includes('s3cret'), false);
});
