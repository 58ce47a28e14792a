/**
 * The gateways this version has, by id, from the registry's one line per gateway. A gateway's id
 * is its descriptor's, so nothing outside its folder spells it.
 */
import type { GatewayId } from '../../../shared/domain/schemas.ts';
import { NotSupportedError } from '../errors.ts';
import * as registry from './registry.ts';
import type { GatewayDefinition, GatewayDescriptor } from './types.ts';

function catalogOf(definitions: readonly GatewayDefinition[]): ReadonlyMap<GatewayId, GatewayDefinition> {
  const byId = new Map<GatewayId, GatewayDefinition>();
  for (const definition of definitions) {
    const { id } = definition.descriptor;
    if (byId.has(id)) throw new Error(`Two gateways in the registry have the id ${id}`);
    byId.set(id, definition);
  }
  return byId;
}

export const gatewayRegistry: ReadonlyMap<GatewayId, GatewayDefinition> = catalogOf(Object.values(registry));

export function getGateway(id: GatewayId): GatewayDefinition {
  const definition = gatewayRegistry.get(id);
  if (definition === undefined) throw new NotSupportedError(`The ${id} gateway is not available in this version`);
  return definition;
}

/** The gateway, or null when this version lacks it (a profile or payment recorded by another version). */
export function findGateway(id: GatewayId): GatewayDefinition | null {
  return gatewayRegistry.get(id) ?? null;
}

/**
 * What the payment screens need of a gateway. For one this version lacks, its recorded payments still
 * show, with every action refused: there is no adapter to act through.
 */
export type RecordsView = Pick<GatewayDescriptor, 'displayName' | 'capabilities' | 'partialRefunds' | 'refundNote' | 'singleCapture'>;

export function recordsViewOf(id: GatewayId): RecordsView {
  return (
    findGateway(id)?.descriptor ?? {
      displayName: `${id} (not in this version)`,
      capabilities: [],
      partialRefunds: false,
      refundNote: 'This version of the console has no adapter for this gateway',
      singleCapture: true,
    }
  );
}

export function availableGateways(): readonly GatewayDefinition[] {
  return [...gatewayRegistry.values()];
}
