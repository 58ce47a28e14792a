/**
 * A gateway's descriptor and its adapter agree on what it can do: every declared verb is
 * implemented, no optional verb is implemented without being declared, and a core verb it does not
 * declare refuses with NotSupportedError before anything goes over the wire.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NotSupportedError } from '../../electron/core/errors.ts';
import type { HttpClient } from '../../electron/core/http/http-client.ts';
import type { GatewayAdapter, GatewayDefinition, OperationRequest, PaymentRef, PaymentRequest } from '../../electron/core/gateways/types.ts';
import { systemClock } from '../../electron/core/ports.ts';
import { capabilityMismatches, undeclaredCoreVerbs } from './declared-capabilities.ts';
import { CURRENCY, gateways } from './conformance-kit.ts';

/** A client that fails the check if an undeclared verb reaches the wire. */
const noWire: HttpClient = {
  request: () => Promise.reject(new Error('an undeclared verb made an HTTP call')),
  withContext: () => noWire,
};

function offlineAdapter(gateway: GatewayDefinition): GatewayAdapter {
  return gateway.createAdapter({
    profile: { id: 'prf_conformance', name: 'Conformance', gatewayId: gateway.descriptor.id, environment: 'sandbox', baseUrl: 'http://127.0.0.1:9', options: {} },
    clock: systemClock,
    http: noWire,
    secret: () => Promise.resolve('conformance-secret'),
  });
}

const payment: PaymentRef = { gatewayTransactionId: 'gw_1', merchantReference: 'conf-1', kind: 'auth', amountMinor: 1000n, currency: CURRENCY, gatewayData: {}, createdAt: new Date() };
const paymentRequest: PaymentRequest = {
  kind: 'auth',
  amountMinor: 1000n,
  currency: CURRENCY,
  merchantReference: 'conf-2',
  description: undefined,
  card: { number: '4111111111111111', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 3, cvv: '123', holder: 'Ana Conformance' },
  customer: { email: 'ana@example.com' },
  moto: true,
  storeCard: false,
};
const operation = (kind: OperationRequest['kind']): OperationRequest => ({ payment, kind, amountMinor: 1000n, currency: CURRENCY, merchantReference: 'conf-3', reason: undefined });

/** Calls a core verb with plausible arguments. */
function callCoreVerb(adapter: GatewayAdapter, verb: string): Promise<unknown> {
  const progress = { recordGatewayReference() {} };
  switch (verb) {
    case 'purchase':
      return adapter.purchase({ ...paymentRequest, kind: 'sale' }, progress);
    case 'authorize':
      return adapter.authorize(paymentRequest, progress);
    case 'capture':
      return adapter.capture(operation('capture'));
    case 'refund':
      return adapter.refund(operation('refund'));
    case 'void':
      return adapter.void(operation('void'));
    case 'sync':
      return adapter.sync(payment);
    case 'lookupOperation':
      return adapter.lookupOperation('refund', 'conf-3', payment);
    default:
      return adapter.testCredentials();
  }
}

describe('the capability check itself', () => {
  test('flags a declared verb the adapter lacks and an optional method it has without declaring it', () => {
    const [gateway] = gateways;
    assert.ok(gateway);
    const adapter = offlineAdapter(gateway);
    const missing = (['rebill', 'requestMbway', 'stopSchedule'] as const).find((verb) => adapter[verb] === undefined);
    const present = gateway.descriptor.verbs.find((verb) => verb === 'parseNotification' || verb === 'chargeStored' || verb === 'continueAction');
    assert.ok(missing && present, 'the first gateway lacks one optional verb and has another');
    const wrong = { ...gateway.descriptor, verbs: [...gateway.descriptor.verbs.filter((verb) => verb !== present), missing] };
    assert.deepEqual(capabilityMismatches(wrong, adapter).sort(), [`declares ${missing} but its adapter has no such method`, `implements ${present} without declaring it`].sort());
  });
});

for (const gateway of gateways) {
  describe(`${gateway.descriptor.id}: declared capabilities`, () => {
    test('every declared verb is implemented, and no optional verb without being declared', () => {
      assert.deepEqual(capabilityMismatches(gateway.descriptor, offlineAdapter(gateway)), []);
    });

    for (const verb of undeclaredCoreVerbs(gateway.descriptor)) {
      test(`${verb}, not declared, refuses with NotSupportedError before any call`, async () => {
        await assert.rejects(callCoreVerb(offlineAdapter(gateway), verb), NotSupportedError);
      });
    }
  });
}
