import type { OperationOutcome, PaymentDetail } from '../../../../../shared/ipc/contract.ts';
import type { Envelope } from '../../../../../shared/ipc/envelope.ts';
import { call } from '../../../api/client.ts';
import type { BankTransferRequest, MbwayRequest, MultibancoRequest, UssdRequest } from '../utils/async-payment-form.ts';

export function requestMbway(request: MbwayRequest): Promise<Envelope<OperationOutcome>> {
  return call('payments:requestMbway', request);
}

export function createMultibancoReference(request: MultibancoRequest): Promise<Envelope<OperationOutcome>> {
  return call('payments:createMultibancoReference', request);
}

export function requestBankTransfer(request: BankTransferRequest): Promise<Envelope<OperationOutcome>> {
  return call('payments:requestBankTransfer', request);
}

export function requestUssd(request: UssdRequest): Promise<Envelope<OperationOutcome>> {
  return call('payments:requestUssd', request);
}

/** The banks the customer can pay a USSD code through, as the profile's gateway lists them now. */
export function listUssdBanks(profileId: string): Promise<Envelope<Array<{ name: string; code: string }>>> {
  return call('payments:ussdBanks', { profileId });
}

/** The outcome names the payment; the instructions to read out (reference or account) come with the payment itself. */
export function loadPayment(paymentId: string): Promise<Envelope<PaymentDetail>> {
  return call('payments:get', { paymentId });
}
