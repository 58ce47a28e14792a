/**
 * Deregistration of a stored card (fact sheet §4): `DELETE /v1/registrations/{id}?entityId=…`.
 * The console forgets a card only once OPPWA no longer holds it, so the answer decides: a `000.*`
 * success, 100.150.200 "registration does not exist" or 100.150.202 "already deregistered" all
 * mean the platform holds no usable token; every other answer (not confirmed yet, a bad id
 * format, a refusal, an unreadable body, a transport failure) leaves the card stored, with why.
 */
import { checkEcho, ConflictError } from '../../errors.ts';
import { describeResult, type OppwaAnswer } from './http-answer.ts';
import { classifyResultCode } from './result-codes.ts';
import type { OppwaPayment } from './wire.ts';

/** Codes after which OPPWA holds no registration under the id (§4's error table). */
const NO_REGISTRATION_CODES: ReadonlySet<string> = new Set(['100.150.200', '100.150.202']);

export type SendDeregistration = (path: string) => Promise<OppwaAnswer<OppwaPayment>>;

export async function deregisterCard(registrationId: string, send: SendDeregistration): Promise<void> {
  const { body } = await send(`/v1/registrations/${encodeURIComponent(registrationId)}`);
  const code = body.result.code;
  if (NO_REGISTRATION_CODES.has(code)) return;
  if (classifyResultCode(code)?.outcome !== 'succeeded') {
    throw new ConflictError(`OPPWA did not delete the stored card: ${describeResult(body.result)}; it stays stored`);
  }
  // The answer's shape is INFERRED (§4); when it names a registration, it must be this one.
  checkEcho('OPPWA deregistration', { id: registrationId }, { id: body.id }, code);
}
