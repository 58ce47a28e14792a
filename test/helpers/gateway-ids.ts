/**
 * The gateways the cross-gateway tests have tables for (cards, amounts, routes). The product keeps
 * no such list; a test that meets a registry entry missing here fails and names it.
 */
export const TESTED_GATEWAY_IDS = ['sibs-spg', 'aci-oppwa', 'be2bill', 'sayswitch'] as const;
export type TestedGatewayId = (typeof TESTED_GATEWAY_IDS)[number];

export function isTestedGatewayId(id: string): id is TestedGatewayId {
  return (TESTED_GATEWAY_IDS as readonly string[]).includes(id);
}
