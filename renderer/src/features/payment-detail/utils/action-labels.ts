import type { OperationKind } from '../../../../../shared/domain/schemas.ts';
import type { MessageKey } from '../../../i18n/en.ts';
import type { GatewayDescriptor } from '../../../stores/workspace-store.ts';
import type { PaymentAction } from '../stores/payment-detail-store.ts';

/**
 * A gateway's own word for a void (OPPWA's reversal, its descriptor's `voidTerm`) is what the agent
 * reads on the button, in the confirmation and on the timeline. Unknown gateway: the console's word.
 */
type VoidTerm = GatewayDescriptor['voidTerm'];

export function actionLabelKey(action: PaymentAction, voidTerm: VoidTerm = 'void'): MessageKey {
  if (action === 'void' && voidTerm === 'reversal') return 'action.reverse';
  return `action.${action}`;
}

export function operationLabelKey(kind: OperationKind, voidTerm: VoidTerm = 'void'): MessageKey {
  if (kind === 'void' && voidTerm === 'reversal') return 'operation.reversal';
  return `operation.${kind}`;
}
