/** What the four gateway specs share: request parameters, observing a call, foreign values. */
import fc from 'fast-check';
import { formatDecimal } from '../../../shared/money/money.ts';
import type { OperationRequest, OperationResult, PaymentRequest, PaymentResult, PaymentRef, StatusResult, StoredCredentialRef } from '../../../electron/core/gateways/types.ts';
import { capability, type CaseParams, type Observation, type Pick, type Scenario } from './model.ts';

export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const HEX = '0123456789abcdef';
export const DIGITS = '0123456789';

export function tokenArb(length: number, alphabet: string): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...alphabet.split('')), minLength: length, maxLength: length });
}

const referenceArb = fc.tuple(fc.constantFrom('ORD', 'INV', 'MOTO', 'Order ID: '), tokenArb(10, ALNUM)).map(([prefix, rest]) => `${prefix}${prefix.endsWith(' ') ? '' : '-'}${rest}`);

/** Parameters every gateway's cases draw: amounts, references and the payment's gateway id. */
export function paramsArb(options: { currencies: readonly string[]; gatewayId: fc.Arbitrary<string>; kinds?: readonly ('sale' | 'auth')[] }): fc.Arbitrary<CaseParams> {
  return fc
    .record({
      kind: fc.constantFrom(...(options.kinds ?? ['sale', 'auth'] as const)),
      amountMinor: fc.bigInt({ min: 1n, max: 5_000_000n }),
      share: fc.integer({ min: 1, max: 100 }),
      currency: fc.constantFrom(...options.currencies),
      paymentReference: referenceArb,
      gatewayTransactionId: options.gatewayId,
      operationReference: referenceArb.map((reference) => `OP-${reference}`),
      flag: fc.boolean(),
    })
    .map(({ share, ...rest }) => ({ ...rest, operationAmountMinor: (rest.amountMinor * BigInt(share) + 99n) / 100n }));
}

export function major(minor: bigint, currency: string): string {
  return formatDecimal(minor, currency);
}

/** Another amount than `minor` (never equal once formatted). */
export function otherAmount(minor: bigint, pick: Pick): bigint {
  const shifted = pick.oneOf([minor + 1n, minor * 10n, minor > 1n ? minor - 1n : minor + 2n, minor + BigInt(pick.int(100, 100_000))]);
  return shifted === minor ? minor + 1n : shifted;
}

export function otherOf(value: string, candidates: readonly string[], pick: Pick): string {
  const others = candidates.filter((candidate) => candidate !== value);
  return pick.oneOf(others);
}

export function otherReference(reference: string, pick: Pick): string {
  return pick.oneOf([`${reference}-2`, `X${reference.slice(1)}`, `ORD-${pick.token(10, ALNUM)}`, reference.slice(0, -1) || 'R']);
}

export function recorder(): { recorded: string[]; recordGatewayReference(id: string): void } {
  const recorded: string[] = [];
  return { recorded, recordGatewayReference: (id) => void recorded.push(id) };
}

export async function observe(call: () => Promise<PaymentResult | OperationResult | StatusResult | (OperationResult & { gatewayTransactionId: string | null }) | null>): Promise<Observation> {
  try {
    const result = await call();
    if (result === null) return { kind: 'none' };
    if ('final' in result) {
      return { kind: 'status', status: result.status, final: result.final, ids: [result.gatewayTransactionId], detail: `${result.gatewayCode ?? ''} ${result.gatewayMessage ?? ''}`.trim() };
    }
    const ids = [
      'gatewayTransactionId' in result ? result.gatewayTransactionId : null,
      'gatewayOperationId' in result ? result.gatewayOperationId : null,
    ];
    return { kind: 'outcome', outcome: result.outcome, ids, detail: `${result.gatewayCode ?? ''} ${result.gatewayMessage ?? ''}`.trim() };
  } catch (error) {
    return { kind: 'error', error };
  }
}

export function paymentRef(params: CaseParams, gatewayData: Record<string, string> = {}, withId = true): PaymentRef {
  return {
    gatewayTransactionId: withId ? params.gatewayTransactionId : null,
    merchantReference: params.paymentReference,
    kind: params.kind,
    amountMinor: params.amountMinor,
    currency: params.currency,
    gatewayData,
    createdAt: new Date(Date.now() - 3_600_000),
  };
}

export const CARD = { number: '4761340000000035', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, cvv: '536', holder: 'Ana Silva' } as const;

/** A body parsed from `a=1&b=2` (form) — what OPPWA and Be2bill send. */
export function form(text: string): URLSearchParams {
  return new URLSearchParams(text);
}

export function nowStamp(): string {
  return new Date().toISOString();
}

/** The MOTO card payment the console sends for a case; the fuzz varies only what comes back. */
export function motoRequest(params: CaseParams, kind: 'sale' | 'auth', storeCard = params.flag): PaymentRequest {
  return { kind, amountMinor: params.amountMinor, currency: params.currency, merchantReference: params.paymentReference, description: 'Phone order', card: CARD, customer: { name: CARD.holder, email: 'ana@example.com' }, moto: true, storeCard };
}

/** A capture, refund or void of the case's payment (a void releases the whole authorisation), with the gateway data the adapter keeps. */
export function backOfficeRequest(params: CaseParams, kind: 'capture' | 'refund' | 'void', paymentKind: 'sale' | 'auth', gatewayData: Record<string, string>): OperationRequest {
  return {
    payment: paymentRef({ ...params, kind: paymentKind }, gatewayData),
    kind,
    amountMinor: kind === 'void' ? params.amountMinor : params.operationAmountMinor,
    currency: params.currency,
    merchantReference: params.operationReference,
    reason: 'Customer asked',
  };
}

/** How a card gateway's shared scenarios differ: its requests, its steps, the credential an MIT charges. */
export interface CardScenarioSpec {
  paymentRequest(params: CaseParams, kind: 'sale' | 'auth'): PaymentRequest;
  operation(params: CaseParams, kind: 'capture' | 'refund', paymentKind: 'sale' | 'auth'): OperationRequest;
  /** Requests a sale or an authorisation makes when every answer is genuine (SIBS: checkout + card step). */
  readonly paymentSteps: number;
  /** The payment a refund refers to (and a refund lookup is made for). */
  refundedKind(params: CaseParams): 'sale' | 'auth';
  storedCredential(params: CaseParams): StoredCredentialRef;
}

/** Sale, authorisation, capture, refund, MIT, status and both lookups: what every card gateway answers. */
export function cardScenarios(spec: CardScenarioSpec): Scenario[] {
  return [
    { name: 'purchase', role: 'money', expect: 'succeeded', steps: () => spec.paymentSteps, invoke: (adapter, params, progress) => observe(() => adapter.purchase(spec.paymentRequest(params, 'sale'), progress)) },
    { name: 'authorize', role: 'money', expect: 'succeeded', steps: () => spec.paymentSteps, invoke: (adapter, params, progress) => observe(() => capability(adapter, 'authorization').authorize(spec.paymentRequest(params, 'auth'), progress)) },
    { name: 'capture', role: 'money', expect: 'succeeded', steps: () => 1, invoke: (adapter, params) => observe(() => capability(adapter, 'authorization').capture(spec.operation(params, 'capture', 'auth'))) },
    { name: 'refund', role: 'money', expect: 'succeeded', steps: () => 1, invoke: (adapter, params) => observe(() => adapter.refund(spec.operation(params, 'refund', spec.refundedKind(params)))) },
    {
      name: 'mit',
      role: 'money',
      expect: 'succeeded',
      steps: () => 1,
      invoke: (adapter, params, progress) =>
        observe(() =>
          capability(adapter, 'storedCredentials').charge(
            {
              kind: params.kind,
              amountMinor: params.operationAmountMinor,
              currency: params.currency,
              merchantReference: params.operationReference,
              description: 'Monthly plan',
              credential: spec.storedCredential(params),
              recurrence: params.flag ? 'recurring' : 'unscheduled',
            },
            progress,
          ),
        ),
    },
    { name: 'sync', role: 'lookup', expect: 'succeeded', steps: () => 1, invoke: (adapter, params) => observe(() => adapter.sync(paymentRef(params))) },
    {
      name: 'lookup refund',
      role: 'lookup',
      expect: 'succeeded',
      steps: () => 1,
      invoke: (adapter, params) => observe(() => adapter.lookupOperation('refund', params.operationReference, paymentRef({ ...params, kind: spec.refundedKind(params) }), { amountMinor: params.operationAmountMinor })),
    },
    {
      name: 'lookup payment',
      role: 'lookup',
      expect: 'succeeded',
      steps: () => 1,
      invoke: (adapter, params) => observe(() => adapter.lookupOperation(params.kind === 'auth' ? 'authorize' : 'purchase', params.paymentReference, paymentRef(params, {}, params.flag), { amountMinor: params.amountMinor })),
    },
  ];
}
