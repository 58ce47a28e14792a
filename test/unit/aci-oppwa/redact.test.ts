/** What the wire log keeps of an OPPWA exchange. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { oppwaRedactor } from '../../../electron/core/gateways/aci-oppwa/redact.ts';
import { fixture } from './fixtures.ts';

describe('OPPWA redaction', () => {
  it('removes the card number and CVV from a form body and keeps the rest readable', () => {
    const body = new URLSearchParams({ entityId: 'e'.repeat(32), amount: '92.00', 'card.number': '4200000000000000', 'card.cvv': '123', 'card.holder': 'Ana Lopes' }).toString();
    const kept = new URLSearchParams(oppwaRedactor.body(body));
    assert.deepEqual(Object.fromEntries(kept), { entityId: 'e'.repeat(32), amount: '92.00', 'card.number': '[REDACTED]', 'card.cvv': '[REDACTED]', 'card.holder': 'Ana Lopes' });
  });

  it('removes registration ids from answers, forms and registration URLs', () => {
    const answer = JSON.parse(oppwaRedactor.body(JSON.stringify({ ...fixture('factsheet-s2-debit-success.json'), registrationId: 'c'.repeat(32) }))) as Record<string, unknown>;
    assert.equal(answer['registrationId'], '[REDACTED]');
    assert.equal(answer['id'], '8ac7a4a192b3b5060192b471c0d82dfb', 'a payment id is not secret');
    const registration = JSON.parse(oppwaRedactor.body(JSON.stringify({ id: 'c'.repeat(32), result: { code: '000.000.000' } }))) as Record<string, unknown>;
    assert.equal(registration['id'], '[REDACTED]', 'a registration answer\'s own id is the token');
    assert.equal(
      oppwaRedactor.body(`http://127.0.0.1:1/v1/registrations/${'c'.repeat(32)}/payments?entityId=abc`),
      'http://127.0.0.1:1/v1/registrations/[REDACTED]/payments?entityId=abc',
    );
  });

  it('keeps the scheme of Authorization and drops the Bearer token', () => {
    assert.deepEqual(oppwaRedactor.headers({ Authorization: 'Bearer OGE4Mjk0MTc0', Accept: 'application/json' }), { Authorization: 'Bearer [REDACTED]', Accept: 'application/json' });
  });
});
