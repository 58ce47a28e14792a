import type { OperatorRight } from '../../../../../shared/domain/operators.ts';
import type { OperatorRights } from '../../../queries/operator-query.ts';
import type { PaymentAction } from '../stores/payment-detail-store.ts';

/** The right each action takes, as the core checks it; a sync moves nothing and takes none. */
const ACTION_RIGHT: Readonly<Record<PaymentAction, OperatorRight | null>> = {
  capture: 'capture',
  void: 'void',
  refund: 'refund',
  rebill: 'mit',
  stopSchedule: 'mit',
  // The customer's step of a card payment taken by phone.
  continueAction: 'moto',
  // Moves nothing, but records the gateway's answer and its audit entry: any operator who writes.
  sync: null,
};

export function rightForAction(action: PaymentAction): OperatorRight | null {
  return ACTION_RIGHT[action];
}

/** The payment allows it and the operator may do it. */
export function operatorMay(action: PaymentAction, rights: OperatorRights): boolean {
  const right = ACTION_RIGHT[action];
  return right === null ? rights.writes : rights.may(right);
}

/** What the payment allows but this operator may not do: said once under the buttons, so an absent button is never a mystery. */
export function actionsNotOffered(offered: readonly PaymentAction[], rights: OperatorRights): PaymentAction[] {
  if (!rights.known) return [];
  return offered.filter((action) => !operatorMay(action, rights));
}
