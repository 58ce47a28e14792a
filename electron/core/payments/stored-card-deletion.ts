/**
 * Deleting a stored card. A card the gateway still holds can still be charged there (by the
 * gateway's own tools, a white-label back office, another console), so the console asks the
 * gateway to delete it first and forgets it only once the gateway confirmed, or said it holds no
 * such card. When the gateway cannot be reached or refuses, the card stays stored and the error
 * says why. A gateway without a deletion call keeps its tokens on its own terms; there the console
 * only stops using the card.
 */
import type { Auditor } from '../audit.ts';
import type { InvocationContext } from '../door.ts';
import type { Ledger } from '../ledger/port.ts';
import type { ProfileService } from '../profiles/profile-service.ts';

export interface StoredCardDeletionDeps {
  readonly ledger: Ledger;
  readonly profiles: ProfileService;
  readonly auditor: Auditor;
}

export async function deleteStoredCard(deps: StoredCardDeletionDeps, tokenId: string, context: InvocationContext): Promise<boolean> {
  const target = { type: 'token', id: tokenId };
  const token = await deps.ledger.tokens.get(tokenId);
  if (token === null || token.status !== 'active') {
    await deps.auditor.record(context, 'token.delete', target, 'absent');
    return false;
  }
  const { adapter } = deps.profiles.adapterFor(token.profileId, { paymentId: token.originPaymentId, operationId: null });
  const unstore = adapter.capabilities.unstore;
  if (unstore !== undefined) {
    try {
      await unstore.unstore({ type: 'card-token', value: token.tokenValue, gatewayData: token.gatewayData });
    } catch (error) {
      await deps.auditor.record(context, 'token.delete', target, 'failed', { reason: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  }
  const deleted = await deps.ledger.tokens.delete(tokenId);
  await deps.auditor.record(context, 'token.delete', target, deleted ? 'succeeded' : 'absent', { atGateway: unstore !== undefined });
  return deleted;
}
