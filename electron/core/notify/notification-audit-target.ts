/**
 * What a gateway's message is filed under in the audit log: the console's own record it concerns
 * (the payment, for an operation or a platform booking too; the mandate), as every other action on
 * it is, so the payment's history in the log includes its webhooks. A message the ledger has no
 * record for is filed under the profile it was delivered to. The gateway's ids go in the details.
 */
import type { GatewayId } from '../../../shared/domain/schemas.ts';
import type { NotificationEvent } from '../gateways/types.ts';
import type { Ledger } from '../ledger/port.ts';

export interface NotificationAuditTarget {
  readonly type: 'payment' | 'mandate' | 'profile';
  readonly id: string;
}

type TargetLedger = Pick<Ledger, 'payments' | 'operations' | 'mandates'>;

/** An operation's payment, when it is one of this profile's: another profile's record is not this delivery's to name. */
async function ownPaymentOf(ledger: TargetLedger, profileId: string, paymentId: string | undefined): Promise<string | null> {
  if (paymentId === undefined) return null;
  return (await ledger.payments.get(paymentId))?.profileId === profileId ? paymentId : null;
}

async function paymentIdOf(ledger: TargetLedger, profileId: string, gatewayId: GatewayId, event: NotificationEvent): Promise<string | null> {
  for (const gatewayTransactionId of [event.gatewayTransactionId, event.referencedGatewayId]) {
    if (!gatewayTransactionId) continue;
    const payment = await ledger.payments.findByGatewayId(gatewayId, gatewayTransactionId);
    if (payment?.profileId === profileId) return payment.id;
    const operationPayment = await ownPaymentOf(ledger, profileId, (await ledger.operations.findByGatewayId(gatewayTransactionId))?.paymentId);
    if (operationPayment !== null) return operationPayment;
  }
  if (!event.merchantReference) return null;
  const payment = await ledger.payments.findByMerchantReference(profileId, event.merchantReference);
  if (payment) return payment.id;
  return ownPaymentOf(ledger, profileId, (await ledger.operations.findByMerchantReference(event.merchantReference))?.paymentId);
}

export async function notificationAuditTarget(ledger: TargetLedger, profileId: string, gatewayId: GatewayId, event: NotificationEvent): Promise<NotificationAuditTarget> {
  if (event.subject === 'mandate') {
    const mandate = event.gatewayTransactionId ? await ledger.mandates.findByGatewayId(profileId, event.gatewayTransactionId) : null;
    return mandate ? { type: 'mandate', id: mandate.id } : { type: 'profile', id: profileId };
  }
  if (event.subject !== 'token') {
    const paymentId = await paymentIdOf(ledger, profileId, gatewayId, event);
    if (paymentId !== null) return { type: 'payment', id: paymentId };
  }
  return { type: 'profile', id: profileId };
}

/** The gateway's own ids of the message, for the entry's details. */
export function notificationGatewayIds(event: NotificationEvent): Record<string, string> {
  const ids: Record<string, string> = {};
  if (event.gatewayTransactionId) ids.gatewayTransactionId = event.gatewayTransactionId;
  if (event.referencedGatewayId) ids.referencedGatewayId = event.referencedGatewayId;
  if (event.merchantReference) ids.merchantReference = event.merchantReference;
  return ids;
}
