import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkBaseUrl } from '../../electron/core/profiles/profile-service.ts';
import { ValidationError } from '../../electron/core/errors.ts';

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
