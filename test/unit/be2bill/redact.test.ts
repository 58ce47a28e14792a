/** What the wire log keeps of a Be2bill exchange: no PAN, CVV, HASH or ALIAS. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { be2billRedactor } from '../../../electron/core/gateways/be2bill/redact.ts';
import { fixture, fixtureText } from './fixtures.ts';

describe('Be2bill redaction', () => {
  it('removes the card number, CVV and HASH from the seed document\'s request and keeps the rest', () => {
    const redacted = new URLSearchParams(be2billRedactor.body(fixtureText('seed-004-payment-request.form')));
    assert.equal(redacted.get('params[CARDCODE]'), '[REDACTED]');
    assert.equal(redacted.get('params[CARDCVV]'), '[REDACTED]');
    assert.equal(redacted.get('params[HASH]'), '[REDACTED]');
    assert.equal(redacted.get('params[AMOUNT]'), '1000');
    assert.equal(redacted.get('params[CARDFULLNAME]'), 'JOHN SNOW');
  });

  it('removes the ALIAS from the documented answer and keeps a masked card', () => {
    const answer = JSON.parse(be2billRedactor.body(JSON.stringify({ ...fixture('factsheet-s5-payment-success.json'), CARDCODE: 'XXXXXXXXXXXX0000' }))) as Record<string, unknown>;
    assert.equal(answer['ALIAS'], '[REDACTED]');
    assert.equal(answer['CARDCODE'], 'XXXXXXXXXXXX0000');
    assert.equal(answer['EXECCODE'], '0000');
  });

  it('removes the card number and the HASH from a body cut off mid-way', () => {
    assert.doesNotMatch(be2billRedactor.body('{"CARDCODE":"5555556778250000","HASH":"ab'), /5555556778250000|"ab/);
  });
});
