/** Reaching a capability of a bound adapter: typed when present, a NotSupportedError when not. */
import { NotSupportedError } from '../errors.ts';
import type { Capabilities, CapabilityName, GatewayAdapter, GatewayDefinition } from './types.ts';

export function requireCapability<N extends CapabilityName>(bound: { readonly adapter: GatewayAdapter; readonly definition: GatewayDefinition }, name: N): Capabilities[N] {
  const capability = bound.adapter.capabilities[name];
  if (capability === undefined) throw new NotSupportedError(`${bound.definition.descriptor.displayName} does not support ${name}`);
  return capability as Capabilities[N];
}

/** The capabilities an adapter instance actually carries (for checks against its descriptor). */
export function implementedCapabilities(adapter: GatewayAdapter): CapabilityName[] {
  return (Object.keys(adapter.capabilities) as CapabilityName[]).filter((name) => adapter.capabilities[name] !== undefined).sort();
}
