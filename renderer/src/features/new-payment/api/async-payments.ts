import type { OperationOutcome, PaymentDetail } from '../../../../../shared/ipc/contract.ts';
import type { Envelope } from '../../../../../shared/ipc/envelope.ts';
import { call } from '../../../api/client.ts';
import type { BankTransferRequest, MbwayRequest, MultibancoRequest } from '../utils/async-payment-form.ts';

export function requestMbway(request: MbwayRequest): Promise<Envelope<OperationOutcome>> {
  return call('payments:requestMbway', request);
}

export function createMultibancoReference(request: MultibancoRequest): Promise<Envelope<OperationOutcome>> {
  return call('payments:createMultibancoReference', request);
}

export function requestBankTransfer(request: BankTransferRequest): Promise<Envelope<OperationOutcome>> {
  return call('payments:requestBankTransfer', request);
}

/** The outcome names the payment; the instructions to read out (reference or account) come with the payment itself. */
export function loadPayment(paymentId: string): Promise<Envelope<PaymentDetail>> {
  return call('payments:get', { paymentId });
}
