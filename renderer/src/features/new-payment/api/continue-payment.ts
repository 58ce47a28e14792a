import type { OperationOutcome } from '../../../../../shared/ipc/contract.ts';
import type { Envelope } from '../../../../../shared/ipc/envelope.ts';
import { call } from '../../../api/client.ts';

/** Continues a payment with the one-time password the customer read out. */
export function continuePaymentWithOtp(paymentId: string, otp: string): Promise<Envelope<OperationOutcome>> {
  return call('payments:continueAction', { paymentId, otp });
}
