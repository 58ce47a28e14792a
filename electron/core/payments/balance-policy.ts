/**
 * The ledger derives balances from the journal alone; a gateway's own rules narrow them here.
 * Today that is OPPWA's single capture: once an authorisation is captured, even in part, nothing
 * more can be captured, and the remainder is released.
 */
import type { GatewayDescriptor } from '../gateways/types.ts';
import type { Balances } from '../ledger/types.ts';

export function applyGatewayRules(balances: Balances, descriptor: Pick<GatewayDescriptor, 'singleCapture'>): Balances {
  if (!descriptor.singleCapture) return balances;
  if (balances.capturedMinor === 0n && balances.captureInFlightMinor === 0n) return balances;
  return { ...balances, capturableMinor: 0n };
}

/** For status derivation: with a single capture, a partial capture settles the authorisation. */
export function releasesRemainder(balances: Balances, descriptor: Pick<GatewayDescriptor, 'singleCapture'>): boolean {
  return descriptor.singleCapture === true && balances.capturedMinor > 0n;
}
