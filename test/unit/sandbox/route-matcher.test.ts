import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRouteMatcher } from '../../../electron/core/sandbox/route-matcher.ts';

describe('sandbox route matcher', () => {
  const matcher = createRouteMatcher<string>();
  matcher.add('GET', '/sibs-spg/api/v2/payments/:id/status', 'status-by-id');
  matcher.add('GET', '/sibs-spg/api/v2/payments/status', 'status-by-reference');
  matcher.add('POST', '/sibs-spg/api/v2/payments/:id/:action', 'back-office');
  matcher.add('POST', '/sibs-spg/api/v2/payments/:id/capture', 'capture');

  it('extracts named parameters', () => {
    const found = matcher.match('GET', '/sibs-spg/api/v2/payments/s2abc/status');
    assert.equal(found?.value, 'status-by-id');
    assert.deepEqual({ ...found?.params }, { id: 's2abc' });
  });

  it('prefers the route with more literal segments', () => {
    assert.equal(matcher.match('POST', '/sibs-spg/api/v2/payments/s2abc/capture')?.value, 'capture');
    assert.deepEqual({ ...matcher.match('POST', '/sibs-spg/api/v2/payments/s2abc/refund')?.params }, { id: 's2abc', action: 'refund' });
  });

  it('matches on method, segment count and literals only', () => {
    assert.equal(matcher.match('POST', '/sibs-spg/api/v2/payments/s2abc/status')?.value, 'back-office');
    assert.equal(matcher.match('DELETE', '/sibs-spg/api/v2/payments/s2abc/status'), null);
    assert.equal(matcher.match('GET', '/sibs-spg/api/v2/payments'), null);
    assert.equal(matcher.match('GET', '/sibs-spg/api/v2/payments/s2abc/status/extra'), null);
  });

  it('decodes parameters and refuses malformed escapes', () => {
    assert.equal(matcher.match('GET', '/sibs-spg/api/v2/payments/a%20b/status')?.params['id'], 'a b');
    assert.equal(matcher.match('GET', '/sibs-spg/api/v2/payments/%E0%A4%A/status'), null);
  });

  it('does not let a parameter named like an Object property pollute anything', () => {
    const local = createRouteMatcher<string>();
    local.add('GET', '/x/:__proto__', 'odd');
    const found = local.match('GET', '/x/value');
    assert.equal(found?.params['__proto__'], 'value');
    assert.equal(({} as Record<string, unknown>)['value'], undefined);
  });
});
