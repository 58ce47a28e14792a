/** One line per gateway. Adding a gateway = its folder + one line here. */
import type { GatewayId } from '../../../shared/domain/schemas.ts';
import { NotSupportedError } from '../errors.ts';
import { aciOppwa } from './aci-oppwa/index.ts';
import { be2bill } from './be2bill/index.ts';
import { sayswitch } from './sayswitch/index.ts';
import { sibsSpg } from './sibs-spg/index.ts';
import type { GatewayDefinition } from './types.ts';

export const gatewayRegistry: ReadonlyMap<GatewayId, GatewayDefinition> = new Map<GatewayId, GatewayDefinition>([
  ['sibs-spg', sibsSpg],
  ['aci-oppwa', aciOppwa],
  ['sayswitch', sayswitch],
  ['be2bill', be2bill],
]);

export function getGateway(id: GatewayId): GatewayDefinition {
  const definition = gatewayRegistry.get(id);
  if (definition === undefined) throw new NotSupportedError(`The ${id} gateway is not available in this version`);
  return definition;
}

export function availableGateways(): readonly GatewayDefinition[] {
  return [...gatewayRegistry.values()];
}
