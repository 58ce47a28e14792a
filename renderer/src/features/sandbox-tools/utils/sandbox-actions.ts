import type { ChannelOutput, Mandate, PaymentSummary } from '../../../../../shared/ipc/contract.ts';
import type { PaymentStatus } from '../../../../../shared/domain/schemas.ts';

export type CustomerAction = ChannelOutput<'sandbox:info'>['customerActions'][number];

/** Payments still waiting on the customer (or on an answer about them). */
export const OPEN_PAYMENT_STATUSES: readonly PaymentStatus[] = ['pending', 'requires_action', 'unknown'];
export const OPEN_MANDATE_STATUSES: readonly Mandate['status'][] = ['pending', 'active'];

/** `mbway.approve` → `sandbox-action-mbway-approve`. */
export function actionTestId(actionName: string): string {
  return `sandbox-action-${actionName.replace(/\./g, '-')}`;
}

/**
 * Which method an action's family belongs to, where the name says so: an MB WAY approval makes
 * no sense on a Multibanco reference. Families not listed here apply to every payment.
 */
const FAMILY_METHODS: Readonly<Record<string, readonly string[]>> = {
  mbway: ['mbway'],
  reference: ['multibanco'],
  multibanco: ['multibanco'],
  card: ['card'],
  threeds: ['card'],
  token: ['card'],
};

function methodKey(method: string): string {
  return method.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function actionsForPayment(actions: readonly CustomerAction[], payment: Pick<PaymentSummary, 'gatewayId' | 'method'>): CustomerAction[] {
  const method = methodKey(payment.method);
  return actions.filter((action) => {
    if (action.target !== 'payment' || action.gatewayId !== payment.gatewayId) return false;
    const family = action.name.split('.')[0] ?? '';
    const methods = FAMILY_METHODS[family];
    return !methods || method === '' || methods.includes(method);
  });
}

export function actionsForMandate(actions: readonly CustomerAction[], mandate: Pick<Mandate, 'gatewayId'>): CustomerAction[] {
  return actions.filter((action) => action.target === 'mandate' && action.gatewayId === mandate.gatewayId);
}

export function selectOpenMandates(mandates: readonly Mandate[], profileId: string): Mandate[] {
  return mandates.filter((mandate) => mandate.profileId === profileId && OPEN_MANDATE_STATUSES.includes(mandate.status));
}

/** The search already filters by profile and status; this keeps a late answer for another profile out. */
export function selectOpenPayments(payments: readonly PaymentSummary[], profileId: string): PaymentSummary[] {
  return payments.filter((payment) => payment.profileId === profileId && OPEN_PAYMENT_STATUSES.includes(payment.status));
}
