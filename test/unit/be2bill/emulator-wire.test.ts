/**
 * The emulator's own reading of the Be2bill wire (fact sheet §3, §4, §5, §8), checked against the
 * documents' vectors on its own, then against the adapter's reading: a request the adapter signs
 * is one the emulator accepts, a notification the emulator signs is one the adapter accepts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readNotificationParams } from '../../../electron/core/gateways/be2bill/notification.ts';
import { platformMessage } from '../../../electron/core/gateways/be2bill/emulator/platform-messages.ts';
import { readPlatformRequest, signedNotificationForm, type PlatformParams } from '../../../electron/core/gateways/be2bill/emulator/platform-form.ts';
import { platformClearText, platformHash, platformHashMatches } from '../../../electron/core/gateways/be2bill/emulator/platform-hash.ts';
import { transactionReportCsv } from '../../../electron/core/gateways/be2bill/emulator/report-csv.ts';
import { hasValidBe2billHash, signBe2billParams } from '../../../electron/core/gateways/be2bill/signing.ts';
import { encodeBe2billRequest } from '../../../electron/core/gateways/be2bill/wire.ts';
import { fixture, fixtureText, hashVectors } from './fixtures.ts';

const vectors = hashVectors();

describe('the Be2bill emulator\'s HASH (§3, its own code)', () => {
  for (const [index, vector] of vectors.entries()) {
    it(`gives the published HASH of vector ${index + 1}, whatever order the keys come in`, () => {
      assert.equal(platformHash(vector.password, vector.params), vector.hash);
      assert.equal(platformHash(vector.password, Object.fromEntries(Object.entries(vector.params).reverse())), vector.hash);
      assert.equal(platformHashMatches(vector.password, { ...vector.params, HASH: vector.hash }), true);
    });
  }

  it('builds vector 2\'s printed clear text, the array as KEY[SUB]=VALUE', () => {
    const second = vectors[1];
    assert.ok(second?.clear);
    assert.equal(platformClearText(second.password, second.params), second.clear);
  });

  it('leaves HASH out, keeps empty values, and sorts 3DSECURE before ALIAS', () => {
    assert.equal(platformClearText('pw', { HASH: 'x', ALIAS: 'A1', '3DSECURE': 'yes', CLIENTIP: '' }), 'pw3DSECURE=yespwALIAS=A1pwCLIENTIP=pw');
  });

  it('refuses a changed value, another password, a missing or malformed HASH', () => {
    const [first] = vectors;
    assert.ok(first);
    const signed = { ...first.params, HASH: first.hash };
    assert.equal(platformHashMatches(first.password, { ...signed, a: '2' }), false);
    assert.equal(platformHashMatches('other', signed), false);
    assert.equal(platformHashMatches(first.password, first.params), false);
    assert.equal(platformHashMatches(first.password, { ...signed, HASH: 'zz' }), false);
  });
});

describe('the Be2bill emulator\'s request form (§1)', () => {
  it('reads the seed document\'s payment request, a name without "=" as an empty value', () => {
    const request = readPlatformRequest(fixtureText('seed-004-payment-request.form'));
    assert.deepEqual(request.unreadable, []);
    assert.equal(request.method, 'payment');
    assert.deepEqual([request.params['AMOUNT'], request.params['CLIENTEMAIL'], request.params['CARDVALIDITYDATE'], request.params['VERSION']], ['1000', '', '12-17', '3.0']);
  });

  it('reads params[AMOUNTS][date] as an array and refuses what it cannot place', () => {
    const request = readPlatformRequest('method=payment&params[AMOUNTS][2030-01-31]=500&params[AMOUNTS][2030-02-28]=500');
    assert.deepEqual(JSON.parse(JSON.stringify(request.params)), { AMOUNTS: { '2030-01-31': '500', '2030-02-28': '500' } });
    const refused = readPlatformRequest('method=payment&AMOUNT=1&params[A]=1&params[A][B]=2&params[X][a][b][c]=1&params[]=1');
    assert.deepEqual([...refused.unreadable].sort(), ['AMOUNT', 'params[A][B]', 'params[X][a][b][c]', 'params[]'].sort());
  });
});

describe('the emulator and the adapter read the wire alike', () => {
  const cases: PlatformParams[] = [
    { IDENTIFIER: 'MERCHANT-1', OPERATIONTYPE: 'payment', VERSION: '3.0', CLIENTEMAIL: '', CARDFULLNAME: 'Zoé Müller-Ōta', DESCRIPTION: 'a&b=c+d %20 100%' },
    { IDENTIFIER: 'MERCHANT-1', OPERATIONTYPE: 'payment', VERSION: '2.0', AMOUNTS: { '2030-02-28': '500', '2030-01-31': '700' }, '3DSECURE': 'yes', ALIAS: 'A1' },
    { IDENTIFIER: 'MERCHANT-1', OPERATIONTYPE: 'getTransactions', VERSION: '2.0', ORDERID: 'o-1;o-2', MESSAGE: 'line\nbreak' },
  ];

  it('accepts every request the adapter signs, read from the adapter\'s form', () => {
    for (const params of cases) {
      const request = readPlatformRequest(encodeBe2billRequest('payment', signBe2billParams('secret', params)));
      assert.deepEqual(request.unreadable, []);
      assert.equal(platformHashMatches('secret', request.params), true, JSON.stringify(params));
    }
  });

  it('signs notifications the adapter accepts, and the adapter refuses one changed on the way', () => {
    for (const params of cases) {
      const body = signedNotificationForm('secret', params);
      assert.equal(hasValidBe2billHash('secret', readNotificationParams(body)), true, JSON.stringify(params));
      assert.equal(hasValidBe2billHash('secret', readNotificationParams(body.replace('MERCHANT-1', 'MERCHANT-2'))), false);
    }
  });
});

describe('the emulator\'s answers and reports', () => {
  it('answers with the messages §5 quotes and the §6 meanings otherwise', () => {
    assert.equal(platformMessage('0000'), (fixture('factsheet-s5-payment-success.json') as { MESSAGE: string }).MESSAGE);
    assert.equal(platformMessage('4001'), 'The bank refused the transaction.');
    assert.equal(platformMessage('2008'), 'Invalid refund amount.');
  });

  it('writes the CSV report with a header and quotes a field holding the separator, a quote or a line break', () => {
    const csv = transactionReportCsv([{ TRANSACTIONID: 'A1', AMOUNT: '100', DESCRIPTION: 'say "hi"; bye\nnow' }], ';');
    const [header, line] = csv.split('\r\n');
    assert.equal(header?.split(';')[0], 'TRANSACTIONID');
    assert.match(line ?? '', /^A1;;;;100;/);
    assert.ok(csv.endsWith('"say ""hi""; bye\nnow"\r\n'));
    assert.equal(transactionReportCsv([{ DESCRIPTION: 'a;b' }], ',').split('\r\n')[1]?.endsWith(',a;b'), true);
  });
});
