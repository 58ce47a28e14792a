import type { GatewayId, OperationKind } from '../../../../../shared/domain/schemas.ts';
import type { MessageKey } from '../../../i18n/en.ts';
import type { PaymentAction } from '../stores/payment-detail-store.ts';

/**
 * OPPWA calls cancelling an authorisation a reversal (RV), and its back office and support desk say
 * so: the agent reads the gateway's word on the button, in the confirmation and on the timeline.
 */
const VOID_IS_REVERSAL: ReadonlySet<GatewayId> = new Set<GatewayId>(['aci-oppwa']);

export function actionLabelKey(action: PaymentAction, gatewayId: GatewayId): MessageKey {
  if (action === 'void' && VOID_IS_REVERSAL.has(gatewayId)) return 'action.reverse';
  return `action.${action}`;
}

export function operationLabelKey(kind: OperationKind, gatewayId: GatewayId): MessageKey {
  if (kind === 'void' && VOID_IS_REVERSAL.has(gatewayId)) return 'operation.reversal';
  return `operation.${kind}`;
}
