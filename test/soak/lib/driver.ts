/**
 * What an operator does all day, at random, through the contract: keys sales and authorisations
 * (some storing the card), charges stored cards, captures, refunds and cancels — each with the
 * amounts the form would show, read from the console just before. It acts only on what the
 * console offers; whatever the console refuses is the console's business and is reported.
 */
import { randomInt } from 'node:crypto';
import type { TestedGatewayId } from '../../helpers/gateway-ids.ts';
import type { ChannelInput, ChannelName, ChannelOutput, PaymentSummary } from '../../../shared/ipc/contract.ts';
import type { Envelope } from '../../../shared/ipc/envelope.ts';
import { formatDecimal, parseDecimal } from '../../../shared/money/money.ts';

export type Call = <C extends ChannelName>(channel: C, input: ChannelInput<C>) => Promise<Envelope<ChannelOutput<C>>>;

export const ACTIONS = ['sale', 'auth', 'store', 'mit', 'capture', 'refund', 'void'] as const;
export type Action = (typeof ACTIONS)[number];

export interface StepReport {
  readonly gatewayId: TestedGatewayId;
  readonly asked: Action;
  /** What was done: the action asked for, or a new payment when nothing could take it. */
  readonly performed: Action;
  /** The operation's state, or the error kind and message of a refused call. */
  readonly outcome: string;
}

interface GatewayPlay {
  readonly currency: string;
  readonly card: { readonly number: string; readonly cvv: string };
  /** The customer's one-time code, for a gateway whose card charges always ask for one. */
  readonly otp?: string;
  readonly partialRefunds: boolean;
  /** Relative weights of what the operator does next. */
  readonly mix: Readonly<Partial<Record<Action, number>>>;
}

/** Test cards the emulators approve without 3-D Secure for MOTO (each gateway's scenarios). */
export const PLAYS: Readonly<Record<TestedGatewayId, GatewayPlay>> = {
  'sibs-spg': { currency: 'EUR', card: { number: '4761340000000035', cvv: '536' }, partialRefunds: true, mix: { sale: 2, auth: 2, store: 1, mit: 2, capture: 3, refund: 4, void: 1 } },
  'aci-oppwa': { currency: 'EUR', card: { number: '4200000000000000', cvv: '123' }, partialRefunds: true, mix: { sale: 2, auth: 2, store: 1, mit: 2, capture: 3, refund: 4, void: 1 } },
  be2bill: { currency: 'EUR', card: { number: '5555556778250000', cvv: '123' }, partialRefunds: true, mix: { sale: 2, auth: 2, store: 1, mit: 2, capture: 3, refund: 4 } },
  sayswitch: { currency: 'NGN', card: { number: '4111111111111111', cvv: '123' }, otp: '123456', partialRefunds: false, mix: { sale: 1, refund: 1 } },
};

export function pickAction(gatewayId: TestedGatewayId): Action {
  const entries = Object.entries(PLAYS[gatewayId].mix) as Array<[Action, number]>;
  let ticket = randomInt(entries.reduce((sum, [, weight]) => sum + weight, 0));
  for (const [action, weight] of entries) {
    if (ticket < weight) return action;
    ticket -= weight;
  }
  return 'sale';
}

function refusal(error: { kind: string; message: string }): string {
  return `${error.kind}: ${error.message.slice(0, 160)}`;
}

function pick<T>(items: readonly T[]): T | undefined {
  return items.length === 0 ? undefined : items[randomInt(items.length)];
}

/** A random amount from 1 to `maxMinor` minor units, in `currency`. */
function someAmount(maxMinor: bigint, currency: string): string {
  return formatDecimal(maxMinor <= 1n ? 1n : 1n + BigInt(randomInt(Number(maxMinor))), currency);
}

/** Half the time all of it, otherwise a part. */
function fullOrPart(available: string, currency: string, partAllowed: boolean): string {
  if (!partAllowed || randomInt(2) === 0) return available;
  return someAmount(parseDecimal(available, currency), currency);
}

const CANDIDATES: Readonly<Record<'capture' | 'refund' | 'void', ChannelInput<'payments:search'>['statuses']>> = {
  capture: ['authorized', 'partially_captured'],
  void: ['authorized', 'partially_captured'],
  refund: ['captured', 'partially_captured', 'partially_refunded'],
};

export function createDriver(call: Call, profiles: Partial<Record<TestedGatewayId, string>>) {
  function profileOf(gatewayId: TestedGatewayId): string {
    const profileId = profiles[gatewayId];
    if (profileId === undefined) throw new Error(`no profile for ${gatewayId}`);
    return profileId;
  }

  async function newPayment(gatewayId: TestedGatewayId, kind: 'sale' | 'auth', storeCard: boolean): Promise<string> {
    const play = PLAYS[gatewayId];
    const amount = play.currency === 'NGN' ? someAmount(5_000_00n, 'NGN') : someAmount(200_00n, play.currency);
    const created = await call('payments:createMoto', {
      profileId: profileOf(gatewayId),
      kind,
      storeCard,
      money: { amount, currency: play.currency },
      customer: { email: 'soak@example.com' },
      card: { ...play.card, expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Soak Customer' },
    });
    if (!created.ok) return refusal(created.error);
    if (play.otp !== undefined && created.value.paymentStatus === 'requires_action') {
      const continued = await call('payments:continueAction', { paymentId: created.value.paymentId, otp: play.otp });
      return continued.ok ? continued.value.state : refusal(continued.error);
    }
    return created.value.state;
  }

  async function chargeStored(gatewayId: TestedGatewayId): Promise<string | null> {
    const tokens = await call('tokens:list', { profileId: profileOf(gatewayId) });
    const token = tokens.ok ? pick(tokens.value.filter((candidate) => candidate.status === 'active')) : undefined;
    if (token === undefined) return null;
    const play = PLAYS[gatewayId];
    const charged = await call('payments:chargeStored', {
      tokenId: token.id,
      kind: randomInt(2) === 0 ? 'sale' : 'auth',
      money: { amount: someAmount(100_00n, play.currency), currency: play.currency },
      recurrence: randomInt(2) === 0 ? 'recurring' : 'unscheduled',
      reason: 'Subscription renewal',
    });
    return charged.ok ? charged.value.state : refusal(charged.error);
  }

  /** A payment the console offers this action on, with the amount its form would show. */
  async function candidate(gatewayId: TestedGatewayId, action: 'capture' | 'refund' | 'void'): Promise<PaymentSummary | null> {
    const found = await call('payments:search', { profileId: profileOf(gatewayId), statuses: CANDIDATES[action], limit: 50 });
    const chosen = found.ok ? pick(found.value.rows) : undefined;
    if (chosen === undefined) return null;
    const detail = await call('payments:get', { paymentId: chosen.id });
    return detail.ok && detail.value.actions[action] ? detail.value.payment : null;
  }

  async function backOffice(gatewayId: TestedGatewayId, action: 'capture' | 'refund' | 'void'): Promise<string | null> {
    const payment = await candidate(gatewayId, action);
    if (payment === null) return null;
    const play = PLAYS[gatewayId];
    const answer =
      action === 'refund'
        ? await call('payments:refund', { paymentId: payment.id, amount: fullOrPart(payment.refundable, payment.currency, play.partialRefunds), expectedRefundable: payment.refundable, reason: 'Customer return' })
        : action === 'capture'
          ? await call('payments:capture', { paymentId: payment.id, amount: fullOrPart(payment.capturable, payment.currency, true), expectedCapturable: payment.capturable })
          : await call('payments:void', { paymentId: payment.id, expectedCapturable: payment.capturable });
    if (!answer.ok) return refusal(answer.error);
    return 'approvalRequested' in answer.value ? 'approval_requested' : answer.value.state;
  }

  async function perform(gatewayId: TestedGatewayId, asked: Action): Promise<StepReport> {
    const report = (performed: Action, outcome: string): StepReport => ({ gatewayId, asked, performed, outcome });
    switch (asked) {
      case 'sale':
      case 'auth':
        return report(asked, await newPayment(gatewayId, asked, false));
      case 'store':
        return report(asked, await newPayment(gatewayId, 'sale', true));
      case 'mit': {
        const outcome = await chargeStored(gatewayId);
        return outcome === null ? report('store', await newPayment(gatewayId, 'sale', true)) : report(asked, outcome);
      }
      case 'capture':
      case 'refund':
      case 'void': {
        const outcome = await backOffice(gatewayId, asked);
        if (outcome !== null) return report(asked, outcome);
        const kind = asked === 'refund' ? 'sale' : 'auth';
        return report(kind, await newPayment(gatewayId, kind, false));
      }
    }
  }

  return { perform };
}
