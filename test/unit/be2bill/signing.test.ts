/** The adapter's HASH (signing.ts) on the three vectors fact sheet §3 publishes, and the adapter's request form. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { be2billClearText, be2billHash, hasValidBe2billHash, signBe2billParams } from '../../../electron/core/gateways/be2bill/signing.ts';
import { decodeBe2billRequest, encodeBe2billRequest, paramsFromPairs, type Be2billParams } from '../../../electron/core/gateways/be2bill/wire.ts';
import { fixtureText, hashVectors } from './fixtures.ts';

const vectors = hashVectors();

describe('the Be2bill adapter\'s HASH (§3)', () => {
  it('signs vector 1 (a=1, b=2, c=3) and ignores a HASH among the params', () => {
    const [first] = vectors;
    assert.ok(first);
    assert.equal(be2billHash(first.password, first.params), first.hash);
    assert.equal(be2billHash(first.password, { ...first.params, HASH: 'anything' }), first.hash);
  });

  it('signs vector 2 with a nested array as KEY[SUB]=VALUE, sub-keys sorted', () => {
    const second = vectors[1];
    assert.ok(second?.clear);
    assert.equal(be2billClearText(second.password, second.params), second.clear);
    assert.equal(be2billHash(second.password, second.params), second.hash);
    assert.equal(be2billHash(second.password, { d: { y: '43', x: '42' }, c: '3', b: '2', a: '1' }), second.hash);
  });

  it('signs vector 3, a capture, whatever order the keys come in', () => {
    const third = vectors[2];
    assert.ok(third);
    assert.equal(be2billHash(third.password, third.params), third.hash);
    const reversed = Object.fromEntries(Object.entries(third.params).reverse());
    assert.equal(be2billHash(third.password, reversed), third.hash);
  });

  it('sorts keys by byte order (3DSECURE before ALIAS) and keeps empty values', () => {
    assert.equal(be2billClearText('pw', { ALIAS: 'A1', '3DSECURE': 'yes', CLIENTIP: '' }), 'pw3DSECURE=yespwALIAS=A1pwCLIENTIP=pw');
  });

  it('accepts its own signature and refuses a changed value, a wrong password or a missing HASH', () => {
    const signed = signBe2billParams('secret', { AMOUNT: '1000', ORDERID: 'o-1' });
    assert.equal(hasValidBe2billHash('secret', signed), true);
    assert.equal(hasValidBe2billHash('secret', { ...signed, AMOUNT: '1001' }), false);
    assert.equal(hasValidBe2billHash('other', signed), false);
    assert.equal(hasValidBe2billHash('secret', { AMOUNT: '1000', ORDERID: 'o-1' }), false);
    assert.equal(hasValidBe2billHash('secret', { ...signed, HASH: 'zz' }), false);
  });
});

describe('Be2bill request form', () => {
  it('reads the seed document\'s payment request: method, params[…] and a key without "="', () => {
    const decoded = decodeBe2billRequest(fixtureText('seed-004-payment-request.form'));
    assert.equal(decoded.method, 'payment');
    assert.deepEqual(decoded.rejected, []);
    assert.equal(decoded.params['AMOUNT'], '1000');
    assert.equal(decoded.params['CLIENTEMAIL'], '');
    assert.equal(decoded.params['CARDVALIDITYDATE'], '12-17');
    assert.equal(decoded.params['VERSION'], '3.0');
    assert.equal(decoded.params['HASH'], '15477dcb8687adf90fa51e418f3c1a2d025f40b177a978c2734514734633b3c4');
  });

  it('encodes nested params as params[KEY][SUB] and reads them back', () => {
    const params: Be2billParams = { OPERATIONTYPE: 'payment', AMOUNTS: { '2030-01-31': '500', '2030-02-28': '500' }, ORDERID: 'o&1' };
    const body = encodeBe2billRequest('payment', params);
    assert.match(body, /^method=payment&/);
    assert.ok(new URLSearchParams(body).get('params[AMOUNTS][2030-02-28]') === '500');
    const decoded = decodeBe2billRequest(body);
    assert.equal(decoded.method, 'payment');
    assert.deepEqual(JSON.parse(JSON.stringify(decoded.params)), { AMOUNTS: { '2030-01-31': '500', '2030-02-28': '500' }, OPERATIONTYPE: 'payment', ORDERID: 'o&1' });
  });

  it('refuses names outside params[…], prototype keys and a key that is both a value and an array', () => {
    const decoded = decodeBe2billRequest('method=payment&AMOUNT=1&params[__proto__][x]=1&params[A]=1&params[A][B]=2');
    assert.deepEqual(decoded.rejected.sort(), ['AMOUNT', '__proto__[x]', 'A[B]'].sort());
    assert.equal(({} as Record<string, unknown>)['x'], undefined);
    assert.deepEqual(JSON.parse(JSON.stringify(paramsFromPairs([['K[a][b]', '1']]).params)), { K: { a: { b: '1' } } });
  });
});
