import type { OperatorRight } from '../../../../../shared/domain/operators.ts';
import type { OperatorRights } from '../../../queries/operator-query.ts';
import type { GatewayDescriptor } from '../../../stores/workspace-store.ts';

/** The methods the New payment screen can take, in the order of their switch (and Alt+1/2/3/4). */
export type PaymentMethodChoice = 'card' | 'mbway' | 'multibanco' | 'bank-transfer' | 'ussd';
export const PAYMENT_METHOD_CHOICES: readonly PaymentMethodChoice[] = ['card', 'mbway', 'multibanco', 'bank-transfer', 'ussd'];

/** The gateway capability that carries each method (a card sale is a core verb every gateway has). */
const METHOD_CAPABILITY: Readonly<Record<Exclude<PaymentMethodChoice, 'card'>, string>> = {
  mbway: 'mbway',
  multibanco: 'multibanco',
  'bank-transfer': 'bankTransfer',
  ussd: 'ussd',
};

function methodKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * The methods the active gateway offers. With no gateway known (no profile yet) the card form
 * stays, as before; a gateway offering none of them still gets the card form, which then
 * explains that MOTO is not offered.
 */
export function selectAvailableMethods(gateway: Pick<GatewayDescriptor, 'paymentMethods' | 'capabilities'> | null): PaymentMethodChoice[] {
  if (!gateway) return ['card'];
  const declared = new Set(gateway.paymentMethods.map(methodKey));
  const available = PAYMENT_METHOD_CHOICES.filter((method) => declared.has(methodKey(method)) || (method !== 'card' && gateway.capabilities.includes(METHOD_CAPABILITY[method])));
  return available.length > 0 ? available : ['card'];
}

/** The operator's last choice while the gateway still offers it, else the first one offered. */
export function effectiveMethod(chosen: PaymentMethodChoice, available: readonly PaymentMethodChoice[]): PaymentMethodChoice {
  return available.includes(chosen) ? chosen : (available[0] ?? 'card');
}

/** Alt+1, Alt+2, … pick the n-th method shown. */
export function methodForShortcut(key: string, available: readonly PaymentMethodChoice[]): PaymentMethodChoice | null {
  if (!/^[1-9]$/.test(key)) return null;
  return available[Number(key) - 1] ?? null;
}

/** An instalment plan the gateway runs (Be2bill N-times) is offered where the plan can also be stopped. */
export function offersInstallments(gateway: Pick<GatewayDescriptor, 'capabilities'> | null): boolean {
  return gateway !== null && gateway.capabilities.includes('schedules');
}

/** The right each method takes, as the core checks it: instructions handed to a customer go with Multibanco's. */
const METHOD_RIGHT: Readonly<Record<PaymentMethodChoice, OperatorRight>> = {
  card: 'moto',
  mbway: 'mbway',
  multibanco: 'multibanco',
  'bank-transfer': 'multibanco',
  ussd: 'multibanco',
};

export function rightForMethod(method: PaymentMethodChoice): OperatorRight {
  return METHOD_RIGHT[method];
}

/** The gateway's methods this operator may take; none until the operator is known. */
export function methodsOperatorMay(available: readonly PaymentMethodChoice[], rights: OperatorRights): PaymentMethodChoice[] {
  return available.filter((method) => rights.may(METHOD_RIGHT[method]));
}
