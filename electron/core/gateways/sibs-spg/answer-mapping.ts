/**
 * Readings of SIBS answer blocks shared by the adapter's verbs and the webhook parser: the message
 * to show, the 3-D Secure step, the stored-card token.
 */
import { detectBrand } from '../../../../shared/card/card-rules.ts';
import type { PendingAction, StoredTokenResult } from '../types.ts';
import type { SibsActionResponse, SibsReturnStatus, SibsToken } from './wire.ts';

export function gatewayMessageOf(returnStatus: SibsReturnStatus | null, paymentStatus: string | undefined): string | null {
  // A timed-out payment's status read comes with 999 "Validation Request Failed" / "Please try
  // again." (seed 001): words about the request, which read as advice to charge again.
  if (paymentStatus === 'Timeout') return 'Timeout';
  const message = returnStatus?.statusDescription || returnStatus?.statusMsg;
  if (paymentStatus !== undefined && paymentStatus !== 'Success' && (message === undefined || message === 'Success')) return paymentStatus;
  return message ?? paymentStatus ?? null;
}

export function pendingActionOf(action: SibsActionResponse | undefined): PendingAction | null {
  if (action === undefined) return null;
  const parameters: Array<{ name: string; value: string }> = [];
  for (const item of action.data?.params ?? []) {
    // The item keys are undocumented (fact sheet §3): name/value and key/value pairs are both read.
    if (item !== null && typeof item === 'object') {
      const record = item as Record<string, unknown>;
      const name = record['name'] ?? record['key'];
      const value = record['value'];
      if (typeof name === 'string' && (typeof value === 'string' || typeof value === 'number')) parameters.push({ name, value: String(value) });
    }
  }
  const message =
    action.type === 'THREEDS_CHALLENGE'
      ? 'The cardholder must complete a 3-D Secure challenge'
      : action.type === 'THREEDS_METHOD'
        ? 'The card issuer runs a 3-D Secure device check'
        : `SIBS asks for a ${action.type} step before the payment can complete`;
  return { id: action.id, type: action.type, url: action.data?.url ?? null, method: action.data?.url ? (action.data.method ?? 'POST') : null, parameters, message };
}

export function tokenOf(token: SibsToken | undefined): StoredTokenResult | null {
  if (token?.value === undefined || token.value === '') return null;
  const masked = token.maskedPAN ?? '';
  const leadingDigits = /^\d+/.exec(masked)?.[0] ?? '';
  const trailingDigits = /\d{4}$/.exec(masked)?.[0] ?? null;
  const expiry = token.expireDate === undefined ? null : new Date(token.expireDate);
  const expiryValid = expiry !== null && !Number.isNaN(expiry.getTime());
  return {
    value: token.value,
    brand: leadingDigits === '' ? 'unknown' : detectBrand(leadingDigits),
    last4: trailingDigits,
    expiryMonth: expiryValid ? expiry.getUTCMonth() + 1 : null,
    expiryYear: expiryValid ? expiry.getUTCFullYear() : null,
  };
}
