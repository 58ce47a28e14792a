import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bearerHeaders, digestHeaders } from '../../../electron/core/gateways/sibs-spg/signing.ts';

describe('SIBS authentication headers', () => {
  it('signs checkout, status and back-office calls with the Bearer token and the client id', () => {
    assert.deepEqual(bearerHeaders({ authToken: 'tok.en', clientId: 'client-1' }), {
      Authorization: 'Bearer tok.en',
      'X-IBM-Client-Id': 'client-1',
      'Content-Type': 'application/json',
      Accept: 'application/json',
    });
  });

  it('signs the card step with Digest and the checkout transactionSignature, not the token', () => {
    const headers = digestHeaders('sig.na.ture==', 'client-1');
    assert.equal(headers['Authorization'], 'Digest sig.na.ture==');
    assert.equal(headers['X-IBM-Client-Id'], 'client-1');
  });
});
