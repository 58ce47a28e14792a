/** The universal pass the wire log applies after every gateway's own redactor. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpClient, type WireRecord } from '../../electron/core/http/http-client.ts';
import { isSecretName, redactBodyUniversally, redactHeadersUniversally } from '../../electron/core/http/universal-redaction.ts';
import { systemClock } from '../../electron/core/ports.ts';
import type { Redactor } from '../../electron/core/gateways/types.ts';

/** A gateway redactor that forgot everything: the wire log must still keep no card and no credential. */
const forgetful: Redactor = { headers: (headers) => ({ ...headers }), body: (body) => body };

describe('universal redaction', () => {
  it('removes a Luhn-valid card number wherever it appears, whatever the syntax around it', () => {
    assert.equal(redactBodyUniversally('<html>card 4200 0000 0000 0000 refused</html>'), '<html>card [PAN REDACTED] refused</html>');
    assert.equal(redactBodyUniversally('card 4761-3400-0000-0035 refused'), 'card [PAN REDACTED] refused');
    assert.equal(redactBodyUniversally('{"note":"5204740000001002"}'), '{"note":"[PAN REDACTED]"}');
    assert.equal(redactBodyUniversally('{"n":5555556778250000}'), '{"n":[PAN REDACTED]}');
    assert.equal(redactBodyUniversally('params%5BCARDCODE%5D=5555556778250000&x=1'), 'params%5BCARDCODE%5D=[PAN REDACTED]&x=1');
  });

  it('finds a card number typed with spaces in a form body, where the spaces are encoded', () => {
    assert.equal(redactBodyUniversally('note=4111+1111+1111+1111&amount=1.00'), 'note=[PAN REDACTED]&amount=1.00');
    assert.equal(redactBodyUniversally('note=4111%201111%201111%201111'), 'note=[PAN REDACTED]');
  });

  it('finds a card number that shares its run of digit groups with other digits', () => {
    assert.equal(redactBodyUniversally('card 4111 1111 1111 1111 12 29'), 'card [PAN REDACTED] 12 29');
    assert.equal(redactBodyUniversally('http:// 1000000000009 127.0.0.1'), 'http:// [PAN REDACTED] 127.0.0.1');
    assert.equal(redactBodyUniversally('order 12 4111111111111111'), 'order 12 [PAN REDACTED]');
  });

  it('leaves Luhn-invalid digit runs (ids, phone numbers) readable', () => {
    assert.equal(redactBodyUniversally('ref 4761340000000036'), 'ref 4761340000000036');
    assert.equal(redactBodyUniversally('{"transactionId":"20240115123456"}'), '{"transactionId":"20240115123456"}');
  });

  it('drops values named like a secret, key, token or password, in JSON, forms and query strings', () => {
    assert.equal(redactBodyUniversally('{"secretKey":"sk_live_1","amount":"10.00"}'), '{"secretKey":"[REDACTED]","amount":"10.00"}');
    assert.equal(redactBodyUniversally('{"access_token": "abc", "tokenType": "Card"}'), '{"access_token": "[REDACTED]", "tokenType": "Card"}');
    assert.equal(redactBodyUniversally('{"password":"hunter2'), '{"password":"[REDACTED]"');
    assert.equal(redactBodyUniversally('entityId=8a82&api_key=xyz&amount=1.00'), 'entityId=8a82&api_key=%5BREDACTED%5D&amount=1.00');
    assert.equal(redactBodyUniversally('https://gw.test/v1/x?token=abc&id=1'), 'https://gw.test/v1/x?token=%5BREDACTED%5D&id=1');
    assert.equal(redactBodyUniversally('params%5BPASSWORD%5D=pw&params%5BIDENTIFIER%5D=shop'), 'params%5BPASSWORD%5D=%5BREDACTED%5D&params%5BIDENTIFIER%5D=shop');
  });

  it('keeps names that only contain a secret word, and the idempotency key that ties a call to its operation', () => {
    for (const name of ['tokenType', 'keyId', 'monkey', 'tokenList', 'merchantTransactionId']) assert.equal(isSecretName(name), false, name);
    for (const name of ['x-api-key', 'secretKey', 'SECRETKEY', 'access_token', 'client_secret', 'Password']) assert.equal(isSecretName(name), true, name);
    assert.equal(isSecretName('Idempotency-Key'), false);
  });

  it('drops the Authorization credentials but keeps their scheme, and drops cookies and secret-named headers', () => {
    const headers = redactHeadersUniversally({
      Authorization: 'Bearer OGE4Mjk0MTc0',
      'proxy-authorization': 'Basic dXNlcjpwdw==',
      cookie: 'session=abc',
      'set-cookie': 'session=abc; HttpOnly',
      'x-api-key': 'k-123',
      'x-note': 'card 4111 1111 1111 1111',
      accept: 'application/json',
    });
    assert.deepEqual(headers, {
      Authorization: 'Bearer [REDACTED]',
      'proxy-authorization': 'Basic [REDACTED]',
      cookie: '[REDACTED]',
      'set-cookie': '[REDACTED]',
      'x-api-key': '[REDACTED]',
      'x-note': 'card [PAN REDACTED]',
      accept: 'application/json',
    });
    assert.deepEqual(redactHeadersUniversally({ authorization: 'rawsecret' }), { authorization: '[REDACTED]' });
  });
});

describe('the wire log', () => {
  let server: Server;
  let base = '';
  before(async () => {
    server = createServer((request, response) => {
      response.setHeader('set-cookie', 'session=s3ss10n');
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ card: { number: '4111111111111111' }, token: 'tok_live_1' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('keeps no card number and no credential even when the gateway redactor forgets them', async () => {
    const wire: WireRecord[] = [];
    const client = createHttpClient({ clock: systemClock, wireSink: { record: (entry) => void wire.push(entry) } });
    try {
      await client.withContext({ gatewayId: 'sibs-spg', paymentId: 'pay_1', operationId: null }).request({
        method: 'POST',
        url: `${base}/pay?apiKey=k-999`,
        headers: { authorization: 'Bearer s3cret-token', cookie: 'a=b', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'card.number=4200000000000000&card.cvv=123&password=pw-777',
        redactor: forgetful,
      });
    } finally {
      await client.close();
    }
    const logged = JSON.stringify(wire);
    for (const secret of ['4111111111111111', '4200000000000000', 's3cret-token', 's3ss10n', 'tok_live_1', 'pw-777', 'k-999']) assert.ok(!logged.includes(secret), `${secret} reached the wire log`);
    assert.equal(wire[0]?.requestHeaders['authorization'], 'Bearer [REDACTED]');
  });
});
