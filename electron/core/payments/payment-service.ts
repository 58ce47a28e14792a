/**
 * Money-moving use-cases on top of the payment engine (journal + state machine).
 */
import { validateCard } from '../../../shared/card/card-rules.ts';
import type { PaymentKind } from '../../../shared/domain/schemas.ts';
import type { OperationOutcome } from '../../../shared/ipc/contract.ts';
import { formatDecimal } from '../../../shared/money/money.ts';
import { normalizeMbwayPhone } from '../../../shared/phone/mbway-phone.ts';
import type { InvocationContext } from '../door.ts';
import { ConflictError, NotFoundError, ValidationError, leavesOutcomeUnknown } from '../errors.ts';
import { newMerchantReference, newOperationId } from '../ids.ts';
import type { MaskedCard } from '../ledger/types.ts';
import { createPaymentEngine, type PaymentEngineDeps } from './payment-engine.ts';

export type PaymentServiceDeps = PaymentEngineDeps;

export interface MotoInput {
  readonly profileId: string;
  readonly kind: PaymentKind;
  readonly money: { amount: string; currency: string };
  readonly merchantReference?: string | undefined;
  readonly description?: string | undefined;
  readonly card: { number: string; expiryMonth: number; expiryYear: number; cvv: string; holder: string };
  readonly customer: { name?: string | undefined; email?: string | undefined; phone?: string | undefined };
  readonly storeCard?: boolean | undefined;
}

export interface AsyncInput {
  readonly profileId: string;
  readonly money: { amount: string; currency: string };
  readonly merchantReference?: string | undefined;
  readonly description?: string | undefined;
  readonly customer: { name?: string | undefined; email?: string | undefined };
}

type BackOfficeKind = 'capture' | 'refund' | 'void' | 'rebill';
const IN_FLIGHT = new Set(['intent', 'sent', 'unknown']);

export function createPaymentService(deps: PaymentServiceDeps) {
  const { ledger, clock, auditor, logger } = deps;
  const engine = createPaymentEngine(deps);
  const { paymentOrThrow, refOf, bind, requireVerb, parseAmount, outcomeOf, resolveUnresolved, completeOperation, failOperation } = engine;

  function parseExpected(amount: string, currency: string, field: string): bigint {
    return parseAmount(amount, currency, field, true);
  }

  async function backOffice(kind: BackOfficeKind, input: { paymentId: string; amount: string; expected: string; reason?: string | undefined }, context: InvocationContext): Promise<OperationOutcome> {
    let payment = paymentOrThrow(input.paymentId);
    requireVerb(bind(payment.profileId, payment.id, null), kind);
    const amountMinor = parseAmount(input.amount, payment.currency, 'amount');
    const expectedMinor = parseExpected(input.expected, payment.currency, kind === 'refund' ? 'expectedRefundable' : 'expectedCapturable');

    if (ledger.listOperations(payment.id).some((op) => IN_FLIGHT.has(op.state))) {
      const still = await resolveUnresolved(payment, 'recovery', context);
      if (still.length) throw new ConflictError('An earlier operation on this payment has no known outcome yet; sync the payment before trying again');
      payment = paymentOrThrow(payment.id);
    }

    const now = clock.now();
    const operation = ledger.transaction(() => {
      const balances = engine.balancesOf(payment);
      const available = kind === 'refund' ? balances.refundableMinor : kind === 'rebill' ? expectedMinor : balances.capturableMinor;
      const label = kind === 'refund' ? 'refundable' : 'capturable';
      if (kind === 'rebill' && (payment.kind !== 'sale' || !['captured', 'partially_refunded', 'refunded'].includes(payment.status))) {
        throw new ConflictError('Only a settled sale can be rebilled');
      }
      if ((kind === 'capture' || kind === 'void') && payment.kind !== 'auth') throw new ConflictError(`Only an authorisation can be ${kind === 'capture' ? 'captured' : 'cancelled'}`);
      if (available !== expectedMinor) {
        throw new ConflictError(
          `The ${label} amount changed from ${formatDecimal(expectedMinor, payment.currency)} to ${formatDecimal(available, payment.currency)} ${payment.currency} since the form was opened; check the payment and try again`,
          { amount: `Now ${formatDecimal(available, payment.currency)} ${label}` },
        );
      }
      if (amountMinor > available) {
        throw new ValidationError(`The amount exceeds the ${label} ${formatDecimal(available, payment.currency)} ${payment.currency}`, {
          amount: `At most ${formatDecimal(available, payment.currency)}`,
        });
      }
      if (kind === 'void' && amountMinor !== available) {
        throw new ValidationError('A cancellation releases everything still authorised', { amount: `Must be ${formatDecimal(available, payment.currency)}` });
      }
      const row = ledger.insertOperation({
        id: newOperationId(now),
        paymentId: payment.id,
        kind,
        amountMinor,
        currency: payment.currency,
        merchantReference: newMerchantReference({ refund: 'RF', capture: 'CP', void: 'VD', rebill: 'RB' }[kind], now),
        reason: input.reason ?? null,
        operator: context.operator,
        createdAt: now,
      });
      auditor.record(context, `payment.${kind}`, { type: 'payment', id: payment.id }, 'intent', {
        operationId: row.id,
        amount: formatDecimal(amountMinor, payment.currency),
        currency: payment.currency,
        reason: input.reason ?? null,
      });
      return ledger.updateOperation(row.id, { state: 'sent', sentAt: clock.now() });
    });

    const { adapter } = bind(payment.profileId, payment.id, operation.id);
    try {
      const request = { payment: refOf(payment), kind, amountMinor, currency: payment.currency, merchantReference: operation.merchantReference, reason: input.reason };
      const result = kind === 'rebill' ? await adapter.rebill!(request) : await adapter[kind](request);
      completeOperation(operation, result, 'operation', context);
    } catch (error) {
      failOperation(operation, error, 'operation', context);
      if (!leavesOutcomeUnknown(error)) throw error;
    }
    return outcomeOf(payment.id, operation.id);
  }

  return {
    engine,

    async createMoto(input: MotoInput, context: InvocationContext): Promise<OperationOutcome> {
      const now = clock.now();
      const card = validateCard(input.card, now);
      if (!card.ok) {
        const fields: Record<string, string> = {};
        for (const [key, message] of Object.entries(card.fields)) fields[key === 'expiry' ? 'card.expiryMonth' : `card.${key}`] = message;
        throw new ValidationError('The card details are not valid', fields);
      }
      const amountMinor = parseAmount(input.money.amount, input.money.currency, 'money.amount');
      const verb = input.kind === 'sale' ? 'purchase' : 'authorize';
      const profile = deps.profiles.get(input.profileId);
      const merchantReference = input.merchantReference ?? newMerchantReference('MOTO', now);
      return engine.startPayment(
        {
          profileId: input.profileId,
          kind: input.kind,
          method: 'card',
          operationKind: verb,
          verb,
          amountMinor,
          currency: input.money.currency,
          merchantReference,
          description: input.description ?? null,
          customer: input.customer,
          card: { brand: card.brand, bin: card.bin, last4: card.last4, expiryMonth: input.card.expiryMonth, expiryYear: input.card.expiryYear, holder: input.card.holder },
          moto: true,
          reason: null,
          auditDetails: { card: `${card.brand} ${card.bin}…${card.last4}`, moto: true, storeCard: input.storeCard ?? false },
          call: (adapter, progress) =>
            adapter[verb](
              {
                kind: input.kind,
                amountMinor,
                currency: input.money.currency,
                merchantReference,
                description: input.description,
                card: { number: card.pan, expiryMonth: input.card.expiryMonth, expiryYear: input.card.expiryYear, cvv: input.card.cvv, holder: input.card.holder },
                customer: input.customer,
                moto: true,
                storeCard: input.storeCard ?? false,
              },
              progress,
            ),
          onAnswered(paymentId, result) {
            if (!result.token || result.outcome !== 'succeeded') return;
            ledger.insertToken({
              id: `tok_${paymentId.slice(4)}`,
              profileId: profile.id,
              gatewayId: profile.gatewayId,
              tokenValue: result.token.value,
              brand: result.token.brand,
              last4: result.token.last4 ?? card.last4,
              expiryMonth: result.token.expiryMonth ?? input.card.expiryMonth,
              expiryYear: result.token.expiryYear ?? input.card.expiryYear,
              holder: input.card.holder,
              originPaymentId: paymentId,
              status: 'active',
              gatewayData: { ...result.gatewayData, ...(result.gatewayTransactionId ? { transactionId: result.gatewayTransactionId } : {}) },
              createdAt: clock.now(),
            });
          },
        },
        context,
      );
    },

    async requestMbway(input: AsyncInput & { phone: string }, context: InvocationContext): Promise<OperationOutcome> {
      const phone = normalizeMbwayPhone(input.phone);
      if (!phone) throw new ValidationError('MB WAY needs a mobile number such as 912 345 678 or +351 912 345 678', { phone: 'Not an MB WAY mobile number' });
      const now = clock.now();
      const amountMinor = parseAmount(input.money.amount, input.money.currency, 'money.amount');
      const merchantReference = input.merchantReference ?? newMerchantReference('MBW', now);
      return engine.startPayment(
        {
          profileId: input.profileId,
          kind: 'sale',
          method: 'mbway',
          operationKind: 'purchase',
          verb: 'requestMbway',
          amountMinor,
          currency: input.money.currency,
          merchantReference,
          description: input.description ?? null,
          customer: { ...input.customer, phone },
          card: null,
          moto: false,
          reason: null,
          auditDetails: { phone: `${phone.slice(0, -4).replace(/\d/g, '•')}${phone.slice(-4)}` },
          call: (adapter, progress) =>
            adapter.requestMbway!({ amountMinor, currency: input.money.currency, merchantReference, description: input.description, customer: input.customer, phone }, progress),
        },
        context,
      );
    },

    async createMultibancoReference(input: AsyncInput & { validForHours: number }, context: InvocationContext): Promise<OperationOutcome> {
      const now = clock.now();
      const amountMinor = parseAmount(input.money.amount, input.money.currency, 'money.amount');
      const merchantReference = input.merchantReference ?? newMerchantReference('MB', now);
      const expiresAt = new Date(now.getTime() + input.validForHours * 3_600_000);
      return engine.startPayment(
        {
          profileId: input.profileId,
          kind: 'sale',
          method: 'multibanco',
          operationKind: 'purchase',
          verb: 'generateMultibancoReference',
          amountMinor,
          currency: input.money.currency,
          merchantReference,
          description: input.description ?? null,
          customer: input.customer,
          card: null,
          moto: false,
          reason: null,
          auditDetails: { expiresAt: expiresAt.toISOString() },
          call: (adapter, progress) =>
            adapter.generateMultibancoReference!({ amountMinor, currency: input.money.currency, merchantReference, description: input.description, customer: input.customer, expiresAt }, progress),
        },
        context,
      );
    },

    /** Merchant-initiated charge with a stored card token: the cardholder is not present. */
    async chargeStored(
      input: { tokenId: string; kind: PaymentKind; money: { amount: string; currency: string }; merchantReference?: string | undefined; description?: string | undefined; recurrence: 'recurring' | 'unscheduled'; reason: string },
      context: InvocationContext,
    ): Promise<OperationOutcome> {
      const token = ledger.getToken(input.tokenId);
      if (!token || token.status !== 'active') throw new NotFoundError(`No active stored card with id ${input.tokenId}`);
      const now = clock.now();
      const amountMinor = parseAmount(input.money.amount, input.money.currency, 'money.amount');
      const merchantReference = input.merchantReference ?? newMerchantReference('MIT', now);
      const origin = token.originPaymentId ? ledger.getPayment(token.originPaymentId) : null;
      const card: MaskedCard | null = origin?.card ?? null;
      return engine.startPayment(
        {
          profileId: token.profileId,
          kind: input.kind,
          method: 'card',
          operationKind: 'mit',
          verb: 'chargeStored',
          amountMinor,
          currency: input.money.currency,
          merchantReference,
          description: input.description ?? null,
          customer: { name: token.holder ?? undefined, email: origin?.customerEmail ?? undefined },
          card,
          moto: false,
          reason: input.reason,
          auditDetails: { tokenId: token.id, recurrence: input.recurrence, reason: input.reason },
          call: (adapter, progress) =>
            adapter.chargeStored!(
              {
                kind: input.kind,
                amountMinor,
                currency: input.money.currency,
                merchantReference,
                description: input.description,
                credential: { type: 'card-token', value: token.tokenValue, gatewayData: token.gatewayData },
                recurrence: input.recurrence,
              },
              progress,
            ),
        },
        context,
      );
    },

    /** The customer completed the gateway's action (3-D Secure) out of band: resubmit. */
    async continueAction(paymentId: string, context: InvocationContext): Promise<OperationOutcome> {
      const payment = paymentOrThrow(paymentId);
      const initial = engine.initialOperation(paymentId);
      if (!initial || payment.status !== 'requires_action' || !payment.pendingAction) {
        throw new ConflictError('This payment is not waiting for a customer action');
      }
      const bound = bind(payment.profileId, payment.id, initial.id);
      requireVerb(bound, 'continueAction');
      const action = { id: payment.pendingAction.id ?? payment.gatewayData['actionId'] ?? '', type: payment.pendingAction.type };
      try {
        const result = await bound.adapter.continueAction!(refOf(payment), action);
        completeOperation(initial, result, 'operation', context);
      } catch (error) {
        failOperation(initial, error, 'operation', context);
        if (!leavesOutcomeUnknown(error)) throw error;
      }
      return outcomeOf(paymentId, initial.id);
    },

    capture: (input: { paymentId: string; amount: string; expectedCapturable: string }, context: InvocationContext) =>
      backOffice('capture', { paymentId: input.paymentId, amount: input.amount, expected: input.expectedCapturable }, context),

    refund: (input: { paymentId: string; amount: string; expectedRefundable: string; reason: string }, context: InvocationContext) =>
      backOffice('refund', { paymentId: input.paymentId, amount: input.amount, expected: input.expectedRefundable, reason: input.reason }, context),

    void: (input: { paymentId: string; expectedCapturable: string }, context: InvocationContext) =>
      backOffice('void', { paymentId: input.paymentId, amount: input.expectedCapturable, expected: input.expectedCapturable }, context),

    /** A new debit referencing a settled sale (OPPWA RB). */
    rebill: (input: { paymentId: string; amount: string; reason: string }, context: InvocationContext) =>
      backOffice('rebill', { paymentId: input.paymentId, amount: input.amount, expected: input.amount, reason: input.reason }, context),

    /** Resolves unknown operations, then asks for the base payment's status while it is not settled. */
    async sync(paymentId: string, context: InvocationContext): Promise<void> {
      const payment = paymentOrThrow(paymentId);
      requireVerb(bind(payment.profileId, payment.id, null), 'sync');
      await resolveUnresolved(payment, 'sync', context);
      const current = paymentOrThrow(paymentId);
      const initial = engine.initialOperation(paymentId);
      if (!initial || initial.state !== 'pending' || !current.gatewayTransactionId) {
        auditor.record(context, 'payment.sync', { type: 'payment', id: paymentId }, 'succeeded', { status: current.status });
        return;
      }
      const { adapter } = bind(current.profileId, paymentId, initial.id);
      try {
        const status = await adapter.sync(refOf(current));
        engine.applyReport(paymentId, { ...status, occurredAt: null }, 'sync', context);
        auditor.record(context, 'payment.sync', { type: 'payment', id: paymentId }, 'succeeded', { gatewayStatus: status.status });
      } catch (error) {
        auditor.record(context, 'payment.sync', { type: 'payment', id: paymentId }, 'failed', { error: error instanceof Error ? error.name : 'internal' });
        if (error instanceof Error && error.name === 'UnexpectedGatewayResponseError') {
          ledger.transaction(() => engine.settleStatus(paymentId, 'sync', error.message, { needsReview: true }));
          return;
        }
        throw error;
      }
    },

    /**
     * The start-up pass: every operation left without an outcome is resolved by asking the gateway
     * before the console accepts any other action on that payment.
     */
    async recover(context: InvocationContext): Promise<{ examined: number; resolved: number; unresolved: number }> {
      const pending = ledger.listUnresolvedOperations();
      const paymentIds = [...new Set(pending.map((op) => op.paymentId))];
      let unresolved = 0;
      for (const id of paymentIds) {
        const payment = ledger.getPayment(id);
        if (!payment) continue;
        try {
          unresolved += (await resolveUnresolved(payment, 'recovery', context)).length;
        } catch (error) {
          unresolved += 1;
          logger.warn('recovery could not reach the gateway', { paymentId: id, error: error instanceof Error ? error.message : String(error) });
        }
      }
      return { examined: pending.length, resolved: pending.length - unresolved, unresolved };
    },

    /** For the mandate service: parse a decimal amount the way every use-case does. */
    parseMoney(amount: string, currency: string, field: string): bigint {
      return parseAmount(amount, currency, field);
    },
  };
}

export type PaymentService = ReturnType<typeof createPaymentService>;
