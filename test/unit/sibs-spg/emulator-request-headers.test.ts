/** How the SIBS emulator reads the credential and body declaration of a request, as SIBS prints them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { presentedCredential, undeclaredJsonBody } from '../../../electron/core/gateways/sibs-spg/emulator/request-headers.ts';
import type { EmulatorRequest } from '../../../electron/core/gateways/types.ts';

function request(headers: Record<string, string>, rawBody = ''): EmulatorRequest {
  return { method: 'POST', path: '/', params: {}, query: new URLSearchParams(), headers, rawBody };
}

describe('SIBS emulator request headers', () => {
  it('reads Bearer and Digest exactly as SIBS prints them and nothing else', () => {
    assert.deepEqual(presentedCredential(request({ authorization: 'Bearer abc.def' })), { scheme: 'Bearer', token: 'abc.def' });
    assert.deepEqual(presentedCredential(request({ authorization: 'Digest a.b==' })), { scheme: 'Digest', signature: 'a.b==' });
    for (const header of ['bearer abc', 'Basic abc', 'Bearer ', 'Digest']) assert.equal(presentedCredential(request({ authorization: header })), null, header);
    assert.equal(presentedCredential(request({})), null);
  });

  it('wants a body declared as application/json, and no declaration without a body', () => {
    assert.equal(undeclaredJsonBody(request({ 'content-type': 'application/json; charset=utf-8' }, '{}')), false);
    assert.equal(undeclaredJsonBody(request({ 'content-type': 'text/plain' }, '{}')), true);
    assert.equal(undeclaredJsonBody(request({}, '{}')), true);
    assert.equal(undeclaredJsonBody(request({}, '')), false);
  });
});
