import { otpSchema, type PaymentSummary } from '../../../shared/ipc/contract.ts';
import { contractAccepts, maxLengthOf, minLengthOf } from '../domain/contract-rules.ts';

type PendingAction = NonNullable<PaymentSummary['pendingAction']>;

export const OTP_MIN_DIGITS = minLengthOf(otpSchema);
export const OTP_MAX_DIGITS = maxLengthOf(otpSchema);

/** A gateway waiting for a one-time password the customer received (Sayswitch's PIN/OTP step). */
export function isOtpAction(action: Pick<PendingAction, 'type'> | null): boolean {
  return action !== null && action.type.trim().toUpperCase() === 'OTP';
}

/** What the OTP field keeps while typing: digits only (spaces read out in groups dropped), at most 8. */
export function otpInputValue(typed: string): string {
  return typed.replace(/\D/g, '').slice(0, OTP_MAX_DIGITS);
}

export type OtpCheck = { readonly ok: true; readonly otp: string } | { readonly ok: false };

export function checkOtp(typed: string): OtpCheck {
  const otp = typed.replace(/\s/g, '');
  return contractAccepts(otpSchema, otp) ? { ok: true, otp } : { ok: false };
}
