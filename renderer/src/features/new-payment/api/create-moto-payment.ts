import type { OperationOutcome } from '../../../../../shared/ipc/contract.ts';
import type { Envelope } from '../../../../../shared/ipc/envelope.ts';
import { call } from '../../../api/client.ts';
import type { MotoRequest } from '../utils/moto-form.ts';

/** Sends the keyed card once; the caller drops its reference to the request right after. */
export function createMotoPayment(request: MotoRequest): Promise<Envelope<OperationOutcome>> {
  return call('payments:createMoto', request);
}
