import { test } from 'node:test';
import assert from 'node:assert/strict';
import { customerLinkOf } from '../../../renderer/src/format/customer-link.ts';

const action = (overrides: Partial<Parameters<typeof customerLinkOf>[0]>) => ({ type: 'REDIRECT', url: 'https://acs.example/confirm/abc', method: 'GET', parameters: [], message: 'Confirm', ...overrides });

test('a plain address to open is a link the customer can be sent', () => {
  assert.equal(customerLinkOf(action({})), 'https://acs.example/confirm/abc');
  assert.equal(customerLinkOf(action({ method: null })), 'https://acs.example/confirm/abc', 'no method is a GET');
  assert.equal(customerLinkOf(action({ method: 'get' })), 'https://acs.example/confirm/abc');
});

test("a form to post (3-D Secure's PaReq and MD) or anything but a web address is not", () => {
  assert.equal(customerLinkOf(action({ method: 'POST', parameters: [{ name: 'PaReq', value: 'x' }, { name: 'MD', value: 'y' }] })), null);
  assert.equal(customerLinkOf(action({ method: 'POST' })), null);
  assert.equal(customerLinkOf(action({ parameters: [{ name: 'creq', value: 'x' }] })), null);
  assert.equal(customerLinkOf(action({ url: null })), null);
  assert.equal(customerLinkOf(action({ url: 'javascript:alert(1)' })), null);
  assert.equal(customerLinkOf(action({ url: 'acs.example/confirm' })), null);
});
