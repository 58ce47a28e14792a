/**
 * What the platform sends back. Errors still come as HTTP 200 with a JSON body (§5); an answer
 * that books nothing (an error, a stopntimes, an export) still carries a TRANSACTIONID, since §5
 * lists it among the keys "Always" present and its failure fixture is such an answer.
 */
import type { EmulatorResponse } from '../../types.ts';
import { platformJson } from './platform-form.ts';
import { platformMessage } from './platform-messages.ts';
import type { EmulatedTransaction } from './book.ts';

/** An answer and the transactions whose notification goes out around it. */
export interface Reply {
  readonly response: EmulatorResponse;
  readonly notify: readonly EmulatedTransaction[];
}

export interface Answers {
  /** An answer that books nothing, numbered from the same counter as booked transactions. */
  reply(method: string | null, code: string, extra?: Record<string, unknown>, message?: string): Reply;
  /** 1001; real answers end this message with a line break (§5, activemerchant fixture). */
  missing(method: string | null, name: string): Reply;
  invalid(method: string | null, name: string): Reply;
}

export function createAnswers(newTransactionId: () => string): Answers {
  function reply(method: string | null, code: string, extra: Record<string, unknown> = {}, message?: string): Reply {
    return { response: platformJson({ OPERATIONTYPE: method ?? '', TRANSACTIONID: newTransactionId(), EXECCODE: code, MESSAGE: message ?? platformMessage(code), ...extra }), notify: [] };
  }
  return {
    reply,
    missing: (method, name) => reply(method, '1001', {}, `The parameter "${name}" is missing.\n`),
    invalid: (method, name) => reply(method, '1002', {}, `The parameter "${name}" is invalid.`),
  };
}
