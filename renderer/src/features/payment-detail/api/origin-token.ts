import type { StoredCredential } from '../../../../../shared/ipc/contract.ts';
import { call } from '../../../api/client.ts';

/** The active card token this payment created (its initial CIT), if it stored the card. */
export async function loadOriginToken(profileId: string, paymentId: string): Promise<StoredCredential | null> {
  const result = await call('tokens:list', { profileId });
  if (!result.ok) return null;
  return selectOriginToken(result.value, paymentId);
}

export function selectOriginToken(tokens: readonly StoredCredential[], paymentId: string): StoredCredential | null {
  return tokens.find((token) => token.originPaymentId === paymentId && token.status === 'active') ?? null;
}
