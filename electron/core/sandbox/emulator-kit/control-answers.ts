/**
 * The answers of sandbox control routes (`/control/<gatewayId>/…`), the same for every emulator:
 * a refusal is `{error, message}`, and a customer or issuer action answers its outcome, 200 when
 * it was done and 409 when the record's state did not allow it.
 */
import type { EmulatorResponse } from '../../gateways/types.ts';

export function controlError(status: number, error: string, message: string): EmulatorResponse {
  return { status, body: { error, message } };
}

/** `what` names the record as the gateway does (transaction, payment, schedule, mandate). */
export function controlNotFound(what: string, id: string): EmulatorResponse {
  return controlError(404, 'not_found', `No ${what} ${id}`);
}

export function outcomeAnswer<Outcome extends { readonly ok: boolean }>(outcome: Outcome): EmulatorResponse {
  return { status: outcome.ok ? 200 : 409, body: outcome };
}
