import { containsCardNumber } from '../../../../../shared/card/card-number-in-text.ts';
import { CONTRACT_REFERENCE_RULE, normaliseReference, referenceProblem } from '../../../../../shared/domain/merchant-reference.ts';
import { gatewayTransactionIdSchema } from '../../../../../shared/domain/schemas.ts';
import type { ChannelInput, Profile } from '../../../../../shared/ipc/contract.ts';
import { contractAccepts } from '../../../domain/contract-rules.ts';
import type { GatewayDescriptor } from '../../../stores/workspace-store.ts';

/*
 * "Look up a payment made elsewhere": the gateway's transaction id or the order reference, on
 * a profile whose gateway can be asked for one transaction.
 */

export interface ImportLookupValues {
  readonly profileId: string;
  readonly gatewayTransactionId: string;
  readonly merchantReference: string;
}

export type ImportRequest = ChannelInput<'payments:import'>;

export type ImportLookupProblem = 'profile' | 'missing' | 'transactionId' | 'reference' | 'cardNumber';

export type ImportLookupCheck = { readonly ok: true; readonly request: ImportRequest } | { readonly ok: false; readonly problems: ImportLookupProblem[] };

const LOOKUP_CAPABILITY = 'imports';

/** Profiles on gateways that can look one transaction up. */
export function importableProfiles(profiles: readonly Profile[], gateways: readonly Pick<GatewayDescriptor, 'id' | 'capabilities'>[]): Profile[] {
  const able = new Set(gateways.filter((gateway) => gateway.capabilities.includes(LOOKUP_CAPABILITY)).map((gateway) => gateway.id));
  return profiles.filter((profile) => able.has(profile.gatewayId));
}

/** The active profile when it can look up, else the first that can. */
export function defaultImportProfileId(importable: readonly Profile[], activeProfileId: string | null): string {
  if (activeProfileId !== null && importable.some((profile) => profile.id === activeProfileId)) return activeProfileId;
  return importable[0]?.id ?? '';
}

/** Either identifier, or both (the gateway then checks they name the same payment). */
export function checkImportLookup(values: ImportLookupValues, importable: readonly Profile[]): ImportLookupCheck {
  const problems: ImportLookupProblem[] = [];
  if (!importable.some((profile) => profile.id === values.profileId)) problems.push('profile');
  const transactionId = values.gatewayTransactionId.trim();
  const reference = normaliseReference(values.merchantReference);
  if (transactionId === '' && reference === '') problems.push('missing');
  if (transactionId !== '' && !contractAccepts(gatewayTransactionIdSchema, transactionId) && !containsCardNumber(transactionId)) problems.push('transactionId');
  // A payment made elsewhere may carry any reference its gateway took: only the contract's rule applies here.
  if (reference !== '' && referenceProblem(CONTRACT_REFERENCE_RULE, reference) !== null) problems.push('reference');
  // Neither identifier is a card number; one typed here by mistake would be sent to the gateway and kept in the wire log.
  if (containsCardNumber(transactionId) || containsCardNumber(reference)) problems.push('cardNumber');
  if (problems.length > 0) return { ok: false, problems };
  const request: ImportRequest = { profileId: values.profileId };
  if (transactionId !== '') request.gatewayTransactionId = transactionId;
  if (reference !== '') request.merchantReference = reference;
  return { ok: true, request };
}
