/**
 * Judges what an adapter made of one case. The bar: an answer that is not
 * this request's genuine success never becomes a success and never binds another transaction's
 * id; a genuine success still succeeds; whatever goes wrong is a typed error.
 */
import type { PaymentStatus } from '../../../shared/domain/schemas.ts';
import { ConsoleError, leavesOutcomeUnknown } from '../../../electron/core/errors.ts';
import { MUST_STAY_UNKNOWN, type AnswerClass } from './answer-kinds.ts';
import type { Observation, Scenario } from './model.ts';

/** Statuses that say money moved for the payment (a sync answered success). */
const MOVED: ReadonlySet<PaymentStatus> = new Set(['authorized', 'partially_captured', 'captured', 'partially_refunded', 'refunded', 'voided']);

export interface Verdict {
  /** Succeeded (or reported money moved) on an answer that was not this request's genuine success. */
  readonly wrongSuccess: boolean;
  /** Another transaction's id was recorded or returned as ours. */
  readonly foreignBound: boolean;
  /** Every answer was genuine and the documented outcome did not come out. */
  readonly genuineMissed: boolean;
  /** The adapter threw something that is not one of the console's typed errors. */
  readonly untyped: boolean;
  /**
   * The answer could not tell whether the gateway acted, yet the adapter concluded (declined,
   * failed, a non-unknown error, or "no such transaction" from a lookup).
   */
  readonly concluded: boolean;
}

export function describe(observation: Observation): string {
  switch (observation.kind) {
    case 'outcome':
      return `outcome ${observation.outcome} (${observation.detail})`;
    case 'status':
      return `status ${observation.status}${observation.final ? ' (final)' : ''} (${observation.detail})`;
    case 'none':
      return 'no such transaction';
    case 'error': {
      const error = observation.error;
      return error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : `thrown ${String(error)}`;
    }
  }
}

function succeeded(observation: Observation): boolean {
  if (observation.kind === 'outcome') return observation.outcome === 'succeeded';
  if (observation.kind === 'status') return MOVED.has(observation.status);
  return false;
}

function matchesGenuine(observation: Observation, expect: Scenario['expect']): boolean {
  if (expect === 'succeeded') return succeeded(observation);
  if (observation.kind === 'outcome') return observation.outcome === 'pending';
  if (observation.kind === 'status') return observation.status === 'pending' || observation.status === 'requires_action';
  return false;
}

function concludedOn(observation: Observation, role: Scenario['role']): boolean {
  switch (observation.kind) {
    case 'outcome':
      return observation.outcome === 'declined' || observation.outcome === 'failed';
    case 'status':
      return observation.final && !MOVED.has(observation.status);
    case 'none':
      return true;
    case 'error':
      // A failed lookup concludes nothing; a failed money call is journaled "failed" unless the error leaves it unknown.
      return role === 'money' && observation.error instanceof ConsoleError && !leavesOutcomeUnknown(observation.error);
  }
}

export function judge(input: {
  readonly scenario: Scenario;
  readonly klass: AnswerClass;
  /** Whether the bent answer was the one that decides the call (not a preliminary step). */
  readonly decisive: boolean;
  readonly observation: Observation;
  readonly recordedIds: readonly string[];
  readonly foreignIds: readonly string[];
}): Verdict {
  const { scenario, klass, observation } = input;
  const returnedIds = observation.kind === 'outcome' || observation.kind === 'status' ? observation.ids : [];
  const bound = [...input.recordedIds, ...returnedIds].some((id) => id !== null && input.foreignIds.includes(id));
  const genuine = klass === 'genuine';
  return {
    // A broken answer to a preliminary step (the id lookup before a refund list, say) does not make
    // the decisive genuine answer after it wrong; another transaction's answer anywhere does.
    wrongSuccess: !genuine && klass !== 'tolerated' && (input.decisive || klass === 'foreign') && succeeded(observation),
    foreignBound: bound,
    genuineMissed: genuine && !matchesGenuine(observation, scenario.expect),
    untyped: observation.kind === 'error' && !(observation.error instanceof ConsoleError),
    concluded: input.decisive && MUST_STAY_UNKNOWN.has(klass) && concludedOn(observation, scenario.role),
  };
}
