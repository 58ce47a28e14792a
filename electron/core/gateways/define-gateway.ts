/**
 * A gateway folder's one export. The descriptor's capability list and the adapter's type are
 * checked against each other here, so what a gateway says it supports and what it implements
 * cannot disagree: a listed capability the adapter lacks, or an implemented one left off the list,
 * is a type error in the gateway's index.ts.
 */
import type { StatementMapping } from '../recon/mappings/statement-mapping.ts';
import type { AdapterContext, CapabilityName, GatewayAdapter, GatewayAdapterWith, GatewayDefinition, GatewayDescriptor, GatewayEmulator, EmulatorEnvironment, Redactor, StatementReportDefinition } from './types.ts';

export interface GatewayDefinitionOf<A extends GatewayAdapter> extends GatewayDefinition {
  createAdapter(context: AdapterContext): A;
}

export function defineGateway<const C extends CapabilityName, A extends GatewayAdapterWith<NoInfer<C>>>(definition: {
  readonly descriptor: GatewayDescriptor & { readonly capabilities: readonly C[] };
  readonly redactor: Redactor;
  readonly statementMappings?: readonly StatementMapping[];
  readonly statementReports?: readonly StatementReportDefinition[];
  createAdapter(context: AdapterContext): A;
  createEmulator(environment: EmulatorEnvironment): GatewayEmulator;
}): GatewayDefinitionOf<A> {
  return definition;
}
