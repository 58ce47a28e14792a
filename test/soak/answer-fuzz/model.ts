/**
 * The vocabulary of the answer fuzz: what a gateway documents it answers (DocAnswer), how each
 * gateway's answer can be bent (AnswerHooks), the adapter calls it drives (Scenario) and what came
 * out of one of them (Observation).
 */
import type fc from 'fast-check';
import type { GatewayId, PaymentStatus } from '../../../shared/domain/schemas.ts';
import type { CallProgress, Capabilities, CapabilityName, GatewayAdapter } from '../../../electron/core/gateways/types.ts';
import type { HttpClient } from '../../../electron/core/http/http-client.ts';
import type { SeenRequest } from './fuzz-server.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** An answer as the gateway's documentation prints it: a JSON body, or raw text. */
export interface DocAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly json?: Json;
  readonly text?: string;
}

/** Draws values inside a running case (backed by fast-check's `fc.gen()`, so runs replay from a seed). */
export interface Pick {
  int(min: number, max: number): number;
  bool(): boolean;
  oneOf<T>(values: readonly T[]): T;
  /** A non-empty subset, in the original order. */
  someOf<T>(values: readonly T[]): T[];
  token(length: number, alphabet?: string): string;
}

/** A documented answer that is another transaction's: the body and the ids it carries (never ours). */
export interface ForeignAnswer {
  readonly json: JsonObject;
  readonly ids: readonly string[];
  /** Which echoed fields differ, for the report. */
  readonly changed: readonly string[];
}

export interface AnswerHooks {
  /**
   * Paths (dot-separated) without which the answer cannot say the call succeeded or which
   * transaction it was; removing any makes the answer non-genuine.
   */
  readonly decisive: readonly string[];
  /** Paths the gateway documents but whose absence still leaves a genuine answer (tolerated). */
  readonly optional: readonly string[];
  /** The same body with its outcome code replaced by one the gateway does not document. */
  readonly unknownCode?: (json: JsonObject, pick: Pick) => { json: JsonObject; code: string };
  /** The gateway's documented error or refusal body, to be served with HTTP 200. */
  readonly errorBody: (pick: Pick) => Json;
  /** Another transaction's genuine success, differing from this request in what the answer echoes. */
  readonly foreign?: (json: JsonObject, pick: Pick) => ForeignAnswer;
}

export interface StepAnswer {
  readonly step: string;
  /** This answer decides whether money moved (or, for lookups, what the gateway knows). */
  readonly decisive: boolean;
  readonly genuine: DocAnswer;
  readonly hooks: AnswerHooks;
}

export interface CaseParams {
  readonly kind: 'sale' | 'auth';
  readonly amountMinor: bigint;
  readonly currency: string;
  /** The base payment's merchant reference and gateway id. */
  readonly paymentReference: string;
  readonly gatewayTransactionId: string;
  /** The follow-up operation's (capture, refund, void, MIT) merchant reference and amount. */
  readonly operationReference: string;
  readonly operationAmountMinor: bigint;
  /** Variation a gateway may use (e.g. whether gatewayData already holds an id). */
  readonly flag: boolean;
}

export interface CaseContext {
  readonly params: CaseParams;
  readonly origin: string;
  readonly pick: Pick;
  /** What earlier requests of this case established (e.g. the checkout the card step belongs to). */
  readonly state: Map<string, unknown>;
}

export type Observation =
  | { readonly kind: 'outcome'; readonly outcome: 'succeeded' | 'pending' | 'declined' | 'failed'; readonly ids: readonly (string | null)[]; readonly detail: string }
  | { readonly kind: 'status'; readonly status: PaymentStatus; readonly final: boolean; readonly ids: readonly (string | null)[]; readonly detail: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'error'; readonly error: unknown };

export interface Scenario {
  readonly name: string;
  /** Money calls conclude on their answer; lookups and status calls only inform. */
  readonly role: 'money' | 'lookup';
  /** How many requests the call makes when every answer is genuine. */
  readonly steps: (params: CaseParams) => number;
  /** What a genuine set of answers must produce. */
  readonly expect: 'succeeded' | 'pending';
  invoke(adapter: GatewayAdapter, params: CaseParams, progress: CallProgress): Promise<Observation>;
}

export interface GatewaySpec {
  readonly gatewayId: GatewayId;
  readonly params: fc.Arbitrary<CaseParams>;
  readonly scenarios: readonly Scenario[];
  createAdapter(origin: string, http: HttpClient): GatewayAdapter;
  /** The documented answer to this request, and how it may be bent. Throws on a request the spec does not know. */
  answer(request: SeenRequest, context: CaseContext): StepAnswer;
}

/** A capability a scenario exercises; a spec that names one its adapter lacks is a broken spec. */
export function capability<N extends CapabilityName>(adapter: GatewayAdapter, name: N): Capabilities[N] {
  const found = adapter.capabilities[name];
  if (found === undefined) throw new Error(`the adapter under test has no ${name} capability`);
  return found as Capabilities[N];
}
