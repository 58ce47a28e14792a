import type { MessageKey } from '../i18n/en.ts';

/** The words for each payment method code the core uses (payments' `method`); the form's own codes too. */
const METHOD_KEYS: Readonly<Record<string, MessageKey>> = {
  card: 'method.card',
  mbway: 'method.mbway',
  multibanco: 'method.multibanco',
  bank_transfer: 'method.bank-transfer',
  'bank-transfer': 'method.bank-transfer',
  ussd: 'method.ussd',
  mandate: 'method.mandate',
};

/** The method codes the core records on payments, in the order the list's filter offers them. */
export const PAYMENT_METHOD_CODES = ['card', 'mbway', 'multibanco', 'bank_transfer', 'ussd', 'mandate'] as const;

/** The message key of a method code's words, if this console has words for it. */
export function methodLabelKey(method: string): MessageKey | undefined {
  return METHOD_KEYS[method];
}

/** A payment method as people say it; a code this console has no words for is shown as it is. */
export function methodLabel(t: (key: MessageKey) => string, method: string): string {
  const key = methodLabelKey(method);
  return key === undefined ? method : t(key);
}
