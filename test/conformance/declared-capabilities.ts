/**
 * What a gateway says it can do (`descriptor.verbs`) against what its adapter implements. Today an
 * optional verb is an optional adapter method, present exactly when declared; a core verb every
 * adapter must have is declared or refuses with NotSupportedError. When capabilities become typed
 * objects on the adapter, `capabilityMismatches` is the one place to change.
 */
import type { GatewayAdapter, GatewayDescriptor, Verb } from '../../electron/core/gateways/types.ts';

/** Every verb, once: the compiler refuses this table when the Verb union gains or loses one. */
export const VERB_KINDS: Readonly<Record<Verb, 'core' | 'optional'>> = {
  purchase: 'core',
  authorize: 'core',
  capture: 'core',
  refund: 'core',
  void: 'core',
  sync: 'core',
  lookupOperation: 'core',
  testCredentials: 'core',
  requestMbway: 'optional',
  generateMultibancoReference: 'optional',
  createMandate: 'optional',
  getMandate: 'optional',
  cancelMandate: 'optional',
  chargeStored: 'optional',
  continueAction: 'optional',
  parseNotification: 'optional',
  rebill: 'optional',
  requestBankTransfer: 'optional',
  fetchTransaction: 'optional',
  stopSchedule: 'optional',
};

export const ALL_VERBS = Object.keys(VERB_KINDS) as Verb[];

function implemented(adapter: GatewayAdapter, verb: Verb): boolean {
  return typeof (adapter as unknown as Record<string, unknown>)[verb] === 'function';
}

/** Declared optional verbs the adapter lacks, and optional methods it has without declaring them. */
export function capabilityMismatches(descriptor: GatewayDescriptor, adapter: GatewayAdapter): string[] {
  const declared = new Set<Verb>(descriptor.verbs);
  const problems: string[] = [];
  for (const verb of descriptor.verbs) if (!(verb in VERB_KINDS)) problems.push(`declares "${verb}", which is no verb`);
  for (const verb of ALL_VERBS) {
    if (declared.has(verb) && !implemented(adapter, verb)) problems.push(`declares ${verb} but its adapter has no such method`);
    if (VERB_KINDS[verb] === 'optional' && !declared.has(verb) && implemented(adapter, verb)) problems.push(`implements ${verb} without declaring it`);
  }
  return problems;
}

/** Core verbs the gateway does not declare: each must refuse with NotSupportedError, before any call. */
export function undeclaredCoreVerbs(descriptor: GatewayDescriptor): Verb[] {
  return ALL_VERBS.filter((verb) => VERB_KINDS[verb] === 'core' && !descriptor.verbs.includes(verb));
}
