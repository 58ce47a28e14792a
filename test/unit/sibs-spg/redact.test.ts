import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { redactSibsStructure, sibsRedactor } from '../../../electron/core/gateways/sibs-spg/redact.ts';
import { bearerHeaders, digestHeaders } from '../../../electron/core/gateways/sibs-spg/signing.ts';
import { fixtureText } from './fixtures.ts';

const SEED_SIGNATURE =
  'eyJ0eElkIjoiczJDQjJDSDNVOTFQZEdESHNhY0oiLCJtYyI6OTk5OTk5OSwidGMiOjUyMjIxfQ==.iouf6xtVLCzwj1tFFJfwpbepumscI6jAfQ50PuMmrpI=.XJIJNOgI3ZrvCFef6yFXl1gT6Wab0WH4Y+bthuRWRtTGux5QVtBqFXpKWV7cXwxG';

describe('SIBS wire-log redaction', () => {
  it('removes PAN and security code from the documented card purchase request', () => {
    const redacted = sibsRedactor.body(fixtureText('factsheet-s3-card-purchase-request.json'));
    assert.ok(!redacted.includes('4111111111111111'));
    assert.ok(!redacted.includes('"123"'));
    const parsed = JSON.parse(redacted) as { cardInfo: Record<string, unknown> };
    assert.equal(parsed.cardInfo['PAN'], '[REDACTED]');
    assert.equal(parsed.cardInfo['secureCode'], '[REDACTED]');
    assert.equal(parsed.cardInfo['cardholderName'], 'J Doe');
    assert.equal(parsed.cardInfo['validationDate'], '2028-12-31T00:00:00.000Z');
  });

  it('removes transactionSignature and formContext from the real checkout answer and keeps the rest', () => {
    const redacted = sibsRedactor.body(fixtureText('seed-001-checkout-response.json'));
    assert.ok(!redacted.includes(SEED_SIGNATURE));
    assert.ok(!redacted.includes('eyJQYXltZW50TWV0aG9k'));
    const parsed = JSON.parse(redacted) as Record<string, unknown>;
    assert.equal(parsed['transactionID'], 's2CB2CH3U91PdGDHsacJ');
    assert.deepEqual(parsed['amount'], { value: 5.5, currency: 'EUR' });
  });

  it('removes token values but not amounts', () => {
    const redacted = JSON.parse(sibsRedactor.body(fixtureText('factsheet-s8-webhook-payload.json'))) as { token: Record<string, unknown>; amount: Record<string, unknown> };
    assert.equal(redacted.token['value'], '[REDACTED]');
    assert.equal(redacted.token['tokenType'], 'MobilePhone');
    assert.equal(redacted.amount['value'], 15.9);
    const checkout = JSON.parse(sibsRedactor.body(fixtureText('factsheet-s2-checkout-response.json'))) as { tokenList: Array<Record<string, unknown>> };
    assert.equal(checkout.tokenList[0]?.['value'], '[REDACTED]');
    assert.equal(checkout.tokenList[0]?.['maskedPAN'], '4111********1111');
  });

  it('removes card fields from a truncated body that cannot be parsed', () => {
    const full = fixtureText('factsheet-s3-card-purchase-request.json');
    const truncated = full.slice(0, full.indexOf('"validationDate"'));
    const redacted = sibsRedactor.body(truncated);
    assert.ok(!redacted.includes('4111111111111111'));
    assert.ok(!/"secureCode"\s*:\s*"123"/.test(redacted));
    const cut = sibsRedactor.body('{"cardInfo":{"PAN":"41111111111');
    assert.ok(!cut.includes('41111111111'));
  });

  it('keeps the scheme word of Authorization and drops its value', () => {
    const bearer = sibsRedactor.headers(bearerHeaders({ authToken: '0276b80f950fb446c6addaccd121abfbbb.eyJlIjoiMTk4N', clientId: '8247e05b-e64d-4948-843d-6e8b30224e39' }));
    assert.equal(bearer['Authorization'], 'Bearer [REDACTED]');
    assert.equal(bearer['X-IBM-Client-Id'], '…4e39');
    assert.equal(bearer['Content-Type'], 'application/json');
    const digest = sibsRedactor.headers(digestHeaders(SEED_SIGNATURE, '8247e05b-e64d-4948-843d-6e8b30224e39'));
    assert.equal(digest['Authorization'], 'Digest [REDACTED]');
    assert.ok(!JSON.stringify(digest).includes('iouf6xtVLCzwj1tFFJfwpbepumscI6jAfQ50PuMmrpI'));
  });

  it('keeps a body as it came only when walking it would have changed nothing', () => {
    // Names the walk acts on, written plainly, in another case, or spelled with escapes, beside harmless ones.
    const name = fc.constantFrom('PAN', 'pan', 'Pan', 'secureCode', 'transactionSignature', 'formContext', 'value', 'tokenList', 'paymentToken', 'P\\u0041N', 'v\\u0061lue', 'amount', 'currency', 'transactionID', 'returnStatus', 'statusMsg', 'maskedPAN');
    const leaf = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.constant(null), fc.constantFrom('4111111111111111', '123', '9.90'));
    const body = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 3 }), fc.array(fc.tuple(name, tie('node')), { maxLength: 4 })),
    })).node;
    const text = (node: unknown): string => {
      if (Array.isArray(node) && node.every((item) => Array.isArray(item) && item.length === 2 && typeof item[0] === 'string')) {
        return `{${(node as Array<[string, unknown]>).map(([key, value]) => `"${key}": ${text(value)}`).join(', ')}}`;
      }
      if (Array.isArray(node)) return `[${node.map(text).join(',')}]`;
      return JSON.stringify(node);
    };
    fc.assert(
      fc.property(body, fc.boolean(), (node, cut) => {
        const whole = text(node);
        const written = cut ? whole.slice(0, Math.floor(whole.length / 2)) : whole;
        const kept = sibsRedactor.body(written);
        const walked = redactSibsStructure(written);
        if (kept === written && walked !== written) {
          // The walk may only have re-serialised what it parsed: the same values, nothing redacted.
          assert.ok(!walked.includes('[REDACTED]'), `kept as it came, but the walk redacts: ${written}`);
        }
        if (kept !== written) assert.equal(kept, walked);
      }),
      { numRuns: 2_000 },
    );
  });
});
