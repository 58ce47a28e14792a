/**
 * What a gateway's descriptor lists and what its adapter carries are the same set, for every
 * registry entry (the type of `defineGateway` refuses a mismatch; this checks the live objects),
 * and a capability a gateway lacks is refused with NotSupportedError rather than called.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { NotSupportedError } from '../../electron/core/errors.ts';
import { implementedCapabilities, requireCapability } from '../../electron/core/gateways/capabilities.ts';
import { gatewayRegistry } from '../../electron/core/gateways/gateway-catalog.ts';
import type { CapabilityName, GatewayDefinition } from '../../electron/core/gateways/types.ts';
import { createHttpClient } from '../../electron/core/http/http-client.ts';
import { systemClock } from '../../electron/core/ports.ts';

const http = createHttpClient({ clock: systemClock, wireSink: { record: () => undefined } });

// A Record over the names makes the compiler insist every capability is here.
const EVERY_CAPABILITY: Record<CapabilityName, true> = {
  authorization: true,
  void: true,
  rebill: true,
  mbway: true,
  multibanco: true,
  bankTransfer: true,
  mandates: true,
  storedCredentials: true,
  customerSteps: true,
  imports: true,
  schedules: true,
  webhooks: true,
  unstore: true,
  ussd: true,
};
after(() => http.close());

function liveAdapter(definition: GatewayDefinition) {
  const id = definition.descriptor.id;
  return definition.createAdapter({
    profile: { id: 'p', name: id, gatewayId: id, environment: 'test', baseUrl: 'https://127.0.0.1:9', options: {} },
    secret: async (field) => `${field}-value`,
    http: http.withContext({ gatewayId: id, paymentId: null, operationId: null }),
    clock: systemClock,
  });
}

describe('gateway capabilities', () => {
  for (const [id, definition] of gatewayRegistry) {
    it(`${id}: the descriptor lists exactly the capabilities the adapter carries`, () => {
      assert.deepEqual(implementedCapabilities(liveAdapter(definition)), [...definition.descriptor.capabilities].sort());
    });

    it(`${id}: every capability the adapter lacks is refused as not supported`, () => {
      const bound = { adapter: liveAdapter(definition), definition };
      for (const name of Object.keys(EVERY_CAPABILITY) as CapabilityName[]) {
        if (definition.descriptor.capabilities.includes(name)) assert.equal(requireCapability(bound, name), bound.adapter.capabilities[name]);
        else assert.throws(() => requireCapability(bound, name), NotSupportedError);
      }
    });
  }
});
