/** What the screens say for a gateway comes from its descriptor, carried by gateways:list. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getGateway } from '../../electron/core/gateways/gateway-catalog.ts';

test('OPPWA names a void a reversal and Sayswitch bank transfers start in naira, as descriptor data', () => {
  assert.equal(getGateway('aci-oppwa').descriptor.presentation?.voidTerm, 'reversal');
  assert.equal(getGateway('sayswitch').descriptor.presentation?.defaultCurrencies?.['bank_transfer'], 'NGN');
  assert.equal(getGateway('sibs-spg').descriptor.presentation?.voidTerm ?? 'void', 'void');
});
