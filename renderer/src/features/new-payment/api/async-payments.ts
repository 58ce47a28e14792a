import type { OperationOutcome, PaymentDetail } from '../../../../../shared/ipc/contract.ts';
import type { Envelope } from '../../../../../shared/ipc/envelope.ts';
import { call } from '../../../api/client.ts';
import type { MbwayRequest, MultibancoRequest } from '../utils/async-payment-form.ts';

export function requestMbway(request: MbwayRequest): Promise<Envelope<OperationOutcome>> {
  return call('payments:requestMbway', request);
}

export function createMultibancoReference(request: MultibancoRequest): Promise<Envelope<OperationOutcome>> {
  return call('payments:createMultibancoReference', request);
}

/** The outcome names the payment; its entity, reference and expiry come with the payment itself. */
export function loadPayment(paymentId: string): Promise<Envelope<PaymentDetail>> {
  return call('payments:get', { paymentId });
}
