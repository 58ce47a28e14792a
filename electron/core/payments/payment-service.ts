/**
 * Money-moving use-cases. Each follows the journal discipline: the intent is written (and the
 * balance re-checked) in one database transaction before any HTTP call, marked sent right before
 * the call, and completed with the gateway's answer. A timeout or crash leaves it `unknown`, and
 * an unknown is resolved by asking the gateway before anything else may act on that payment.
 */
import { validateCard } from '../../../shared/card/card-rules.ts';
import type { OperationKind, PaymentKind, PaymentStatus } from '../../../shared/domain/schemas.ts';
import type { OperationOutcome } from '../../../shared/ipc/contract.ts';
import { formatDecimal, MoneyFormatError, parseDecimal } from '../../../shared/money/money.ts';
import type { Auditor } from '../audit.ts';
import type { EventBus, InvocationContext } from '../door.ts';
import {
  ConflictError,
  ConsoleError,
  NotFoundError,
  NotSupportedError,
  UnexpectedGatewayResponseError,
  ValidationError,
  leavesOutcomeUnknown,
} from '../errors.ts';
import type { GatewayAdapter, OperationResult, PaymentRef, PaymentResult, Verb } from '../gateways/types.ts';
import { newMerchantReference, newOperationId, newPaymentId } from '../ids.ts';
import type { Ledger, OperationRow, PaymentRow, StatusEvent } from '../ledger/types.ts';
import type { Clock, Logger } from '../ports.ts';
import type { ProfileService } from '../profiles/profile-service.ts';
import { derivePaymentStatus } from './status.ts';

export interface PaymentServiceDeps {
  readonly ledger: Ledger;
  readonly profiles: ProfileService;
  readonly clock: Clock;
  readonly bus: EventBus;
  readonly auditor: Auditor;
  readonly logger: Logger;
}

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

type BackOfficeKind = 'capture' | 'refund' | 'void';
const INITIAL_KINDS: ReadonlySet<OperationKind> = new Set(['purchase', 'authorize', 'mit']);
const IN_FLIGHT = new Set(['intent', 'sent', 'unknown']);

export function createPaymentService(deps: PaymentServiceDeps) {
  const { ledger, clock, bus, auditor, logger } = deps;

  function paymentOrThrow(id: string): PaymentRow {
    const payment = ledger.getPayment(id);
    if (!payment) throw new NotFoundError(`No payment with id ${id}`);
    return payment;
  }

  function refOf(payment: PaymentRow): PaymentRef {
    return {
      gatewayTransactionId: payment.gatewayTransactionId,
      merchantReference: payment.merchantReference,
      kind: payment.kind,
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      gatewayData: payment.gatewayData,
      createdAt: payment.createdAt,
    };
  }

  function requireVerb(payment: PaymentRow, verb: Verb): void {
    const { definition } = deps.profiles.adapterFor(payment.profileId, { paymentId: payment.id, operationId: null });
    if (!definition.descriptor.verbs.includes(verb)) {
      throw new NotSupportedError(`${definition.descriptor.displayName} does not support ${verb}`);
    }
  }

  function initialOperation(paymentId: string): OperationRow | undefined {
    return ledger.listOperations(paymentId).find((op) => INITIAL_KINDS.has(op.kind));
  }

  /**
   * Recomputes the status from the journal and records the change (timeline + event) once.
   * Must run inside the caller's ledger transaction when it is part of one.
   */
  function settleStatus(paymentId: string, source: StatusEvent['source'], detail: string | null, hints: { pendingStatus?: PaymentStatus; needsReview?: boolean } = {}): PaymentStatus {
    const payment = paymentOrThrow(paymentId);
    const operations = ledger.listOperations(paymentId);
    const initial = operations.find((op) => INITIAL_KINDS.has(op.kind));
    const next = derivePaymentStatus({
      kind: payment.kind,
      initial,
      unresolvedFollowUp: operations.some((op) => op !== initial && IN_FLIGHT.has(op.state)),
      balances: ledger.balances(paymentId),
      pendingStatus: hints.pendingStatus ?? (payment.status === 'requires_action' || payment.status === 'expired' ? payment.status : 'pending'),
      needsReview: hints.needsReview ?? false,
    });
    if (next !== payment.status) {
      const at = clock.now();
      ledger.updatePayment(paymentId, { status: next }, at);
      ledger.addStatusEvent({ paymentId, at, from: payment.status, to: next, source, detail });
      queueMicrotask(() => bus.emit('payment:changed', { paymentId, status: next, source }));
    }
    return next;
  }

  function completeOperation(operation: OperationRow, result: OperationResult | PaymentResult, source: StatusEvent['source'], context: InvocationContext): PaymentStatus {
    const state = result.outcome;
    return ledger.transaction(() => {
      ledger.updateOperation(operation.id, {
        state,
        gatewayOperationId: 'gatewayOperationId' in result ? result.gatewayOperationId : result.gatewayTransactionId,
        gatewayCode: result.gatewayCode,
        gatewayMessage: result.gatewayMessage,
        completedAt: state === 'pending' ? null : clock.now(),
      });
      const patch: Parameters<Ledger['updatePayment']>[1] = { gatewayCode: result.gatewayCode, gatewayMessage: result.gatewayMessage };
      let pendingStatus: PaymentStatus | undefined;
      if ('gatewayTransactionId' in result && INITIAL_KINDS.has(operation.kind)) {
        ledger.updatePayment(operation.paymentId, {
          ...patch,
          ...(result.gatewayTransactionId ? { gatewayTransactionId: result.gatewayTransactionId } : {}),
          gatewayData: result.gatewayData,
          pendingAction: result.pendingAction,
        }, clock.now());
        pendingStatus = result.status === 'requires_action' || result.status === 'expired' ? result.status : 'pending';
      } else {
        ledger.updatePayment(operation.paymentId, patch, clock.now());
      }
      auditor.record(context, `payment.${operation.kind}`, { type: 'payment', id: operation.paymentId }, state, {
        operationId: operation.id,
        amount: formatDecimal(operation.amountMinor, operation.currency),
        currency: operation.currency,
        gatewayCode: result.gatewayCode,
      });
      return settleStatus(operation.paymentId, source, `${operation.kind} ${state}${result.gatewayMessage ? `: ${result.gatewayMessage}` : ''}`, pendingStatus ? { pendingStatus } : {});
    });
  }

  /** The call failed. Either we know nothing moved (failed) or we cannot know (unknown). */
  function failOperation(operation: OperationRow, error: unknown, source: StatusEvent['source'], context: InvocationContext): PaymentStatus {
    const unknown = leavesOutcomeUnknown(error);
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof UnexpectedGatewayResponseError ? error.gatewayCode : null;
    return ledger.transaction(() => {
      ledger.updateOperation(operation.id, {
        state: unknown ? 'unknown' : 'failed',
        gatewayCode: code,
        gatewayMessage: message.slice(0, 500),
        completedAt: unknown ? null : clock.now(),
      });
      auditor.record(context, `payment.${operation.kind}`, { type: 'payment', id: operation.paymentId }, unknown ? 'unknown' : 'failed', {
        operationId: operation.id,
        error: error instanceof ConsoleError ? error.kind : 'internal',
      });
      return settleStatus(operation.paymentId, source, `${operation.kind} ${unknown ? 'outcome unknown' : 'failed'}: ${message.slice(0, 200)}`, {
        needsReview: error instanceof UnexpectedGatewayResponseError,
      });
    });
  }

  function outcomeOf(paymentId: string, operationId: string): OperationOutcome {
    const payment = paymentOrThrow(paymentId);
    const operation = ledger.getOperation(operationId);
    if (!operation) throw new NotFoundError(`No operation with id ${operationId}`);
    return {
      paymentId,
      operationId,
      state: operation.state,
      paymentStatus: payment.status,
      gatewayCode: operation.gatewayCode,
      gatewayMessage: operation.gatewayMessage,
      pendingAction: payment.pendingAction ? { ...payment.pendingAction, parameters: [...payment.pendingAction.parameters] } : null,
    };
  }

  function parseAmount(amount: string, currency: string, field: string): bigint {
    try {
      const minor = parseDecimal(amount, currency);
      if (minor <= 0n) throw new ValidationError('The amount must be greater than zero', { [field]: 'Must be greater than zero' });
      return minor;
    } catch (error) {
      if (error instanceof MoneyFormatError) throw new ValidationError(error.message, { [field]: error.message });
      throw error;
    }
  }

  /** The ledger's unique (profile, merchant reference) constraint is the double-submit guard. */
  function insertPaymentOnce(payment: Parameters<Ledger['insertPayment']>[0], merchantReference: string): void {
    try {
      ledger.insertPayment(payment);
    } catch (error) {
      if (error instanceof Error && /UNIQUE|unique|constraint/.test(error.message)) {
        throw new ConflictError(`The merchant reference ${merchantReference} is already used on this profile`, { merchantReference: 'Already used' });
      }
      throw error;
    }
  }

  function parseExpected(amount: string, currency: string, field: string): bigint {
    try {
      return parseDecimal(amount, currency);
    } catch (error) {
      if (error instanceof MoneyFormatError) throw new ValidationError(error.message, { [field]: error.message });
      throw error;
    }
  }

  /**
   * Resolves this payment's operations whose outcome is unknown by asking the gateway.
   * Returns the operations still unresolved (gateway unreachable, or it has no answer yet).
   */
  async function resolveUnresolved(payment: PaymentRow, source: StatusEvent['source'], context: InvocationContext): Promise<OperationRow[]> {
    const unresolved = ledger.listOperations(payment.id).filter((op) => IN_FLIGHT.has(op.state));
    const still: OperationRow[] = [];
    for (const operation of unresolved) {
      if (operation.state === 'intent') {
        // The intent was committed but "sent" never was: the call was never made.
        completeOperation(operation, { outcome: 'failed', gatewayOperationId: null, gatewayCode: null, gatewayMessage: 'Interrupted before it was sent; nothing reached the gateway' }, source, context);
        continue;
      }
      const current = paymentOrThrow(payment.id);
      const { adapter } = deps.profiles.adapterFor(current.profileId, { paymentId: current.id, operationId: operation.id });
      try {
        const found = await adapter.lookupOperation(operation.kind, operation.merchantReference, refOf(current));
        if (!found) {
          completeOperation(operation, { outcome: 'failed', gatewayOperationId: null, gatewayCode: null, gatewayMessage: 'The gateway has no record of this operation; nothing moved' }, source, context);
          continue;
        }
        if (INITIAL_KINDS.has(operation.kind)) {
          if (found.gatewayTransactionId || Object.keys(found.gatewayData).length) {
            ledger.updatePayment(current.id, { ...(found.gatewayTransactionId ? { gatewayTransactionId: found.gatewayTransactionId } : {}), gatewayData: found.gatewayData }, clock.now());
          }
        }
        completeOperation(operation, found, source, context);
        if (found.outcome === 'pending') still.push(operation);
      } catch (error) {
        logger.warn('could not resolve an operation', { operationId: operation.id, error: error instanceof Error ? error.message : String(error) });
        if (error instanceof UnexpectedGatewayResponseError) failOperation(operation, error, source, context);
        still.push(operation);
      }
    }
    return still;
  }

  async function backOffice(kind: BackOfficeKind, input: { paymentId: string; amount: string; expected: string; reason?: string | undefined }, context: InvocationContext): Promise<OperationOutcome> {
    let payment = paymentOrThrow(input.paymentId);
    requireVerb(payment, kind);
    const amountMinor = parseAmount(input.amount, payment.currency, 'amount');
    const expectedMinor = parseExpected(input.expected, payment.currency, kind === 'refund' ? 'expectedRefundable' : 'expectedCapturable');

    if (ledger.listOperations(payment.id).some((op) => IN_FLIGHT.has(op.state))) {
      const still = await resolveUnresolved(payment, 'recovery', context);
      if (still.length) throw new ConflictError('An earlier operation on this payment has no known outcome yet; sync the payment before trying again');
      payment = paymentOrThrow(payment.id);
    }

    const now = clock.now();
    const operation = ledger.transaction(() => {
      const balances = ledger.balances(payment.id);
      const available = kind === 'refund' ? balances.refundableMinor : balances.capturableMinor;
      const label = kind === 'refund' ? 'refundable' : 'capturable';
      if (kind !== 'refund' && payment.kind !== 'auth') throw new ConflictError(`Only an authorisation can be ${kind === 'capture' ? 'captured' : 'cancelled'}`);
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
        merchantReference: newMerchantReference(kind === 'refund' ? 'RF' : kind === 'capture' ? 'CP' : 'VD', now),
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

    const { adapter } = deps.profiles.adapterFor(payment.profileId, { paymentId: payment.id, operationId: operation.id });
    try {
      const result = await adapter[kind]({ payment: refOf(payment), kind, amountMinor, currency: payment.currency, merchantReference: operation.merchantReference, reason: input.reason });
      completeOperation(operation, result, 'operation', context);
    } catch (error) {
      failOperation(operation, error, 'operation', context);
      if (!leavesOutcomeUnknown(error)) throw error;
    }
    return outcomeOf(payment.id, operation.id);
  }

  return {
    async createMoto(input: MotoInput, context: InvocationContext): Promise<OperationOutcome> {
      const profile = deps.profiles.get(input.profileId);
      const verb: Verb = input.kind === 'sale' ? 'purchase' : 'authorize';
      const bound = deps.profiles.adapterFor(profile.id, { paymentId: null, operationId: null });
      if (!bound.definition.descriptor.verbs.includes(verb)) throw new NotSupportedError(`${bound.definition.descriptor.displayName} does not support ${verb}`);

      const now = clock.now();
      const card = validateCard(input.card, now);
      if (!card.ok) {
        const fields: Record<string, string> = {};
        for (const [key, message] of Object.entries(card.fields)) fields[key === 'expiry' ? 'card.expiryMonth' : `card.${key}`] = message;
        throw new ValidationError('The card details are not valid', fields);
      }
      const amountMinor = parseAmount(input.money.amount, input.money.currency, 'money.amount');
      const merchantReference = input.merchantReference ?? newMerchantReference('MOTO', now);
      const paymentId = newPaymentId(now);
      const operationId = newOperationId(now);

      const operation = ledger.transaction(() => {
        insertPaymentOnce({
          id: paymentId,
          profileId: profile.id,
          profileName: profile.name,
          gatewayId: profile.gatewayId,
          environment: profile.environment,
          kind: input.kind,
          method: 'card',
          moto: true,
          status: 'unknown',
          currency: input.money.currency,
          amountMinor,
          merchantReference,
          description: input.description ?? null,
          customerName: input.customer.name ?? null,
          customerEmail: input.customer.email ?? null,
          customerPhone: input.customer.phone ?? null,
          card: { brand: card.brand, bin: card.bin, last4: card.last4, expiryMonth: input.card.expiryMonth, expiryYear: input.card.expiryYear, holder: input.card.holder },
          imported: false,
          createdAt: now,
        }, merchantReference);
        ledger.addStatusEvent({ paymentId, at: now, from: null, to: 'unknown', source: 'operation', detail: `${verb} requested` });
        const row = ledger.insertOperation({
          id: operationId,
          paymentId,
          kind: verb,
          amountMinor,
          currency: input.money.currency,
          merchantReference,
          reason: null,
          operator: context.operator,
          createdAt: now,
        });
        auditor.record(context, `payment.${verb}`, { type: 'payment', id: paymentId }, 'intent', {
          operationId,
          amount: input.money.amount,
          currency: input.money.currency,
          card: `${card.brand} ${card.bin}…${card.last4}`,
          moto: true,
        });
        return ledger.updateOperation(row.id, { state: 'sent', sentAt: clock.now() });
      });

      const { adapter } = deps.profiles.adapterFor(profile.id, { paymentId, operationId });
      try {
        const result = await adapter[verb](
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
          {
            recordGatewayReference(gatewayTransactionId, data) {
              ledger.updatePayment(paymentId, { gatewayTransactionId, gatewayData: data }, clock.now());
            },
          },
        );
        completeOperation(operation, result, 'operation', context);
        if (result.token && result.outcome === 'succeeded') {
          ledger.insertToken({
            id: `tok_${operationId.slice(3)}`,
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
            createdAt: clock.now(),
          });
        }
      } catch (error) {
        failOperation(operation, error, 'operation', context);
        if (!leavesOutcomeUnknown(error)) throw error;
        // Try once to learn the outcome right away; otherwise recovery and sync will.
        await resolveUnresolved(paymentOrThrow(paymentId), 'recovery', context).catch(() => []);
      }
      return outcomeOf(paymentId, operationId);
    },

    capture: (input: { paymentId: string; amount: string; expectedCapturable: string }, context: InvocationContext) =>
      backOffice('capture', { paymentId: input.paymentId, amount: input.amount, expected: input.expectedCapturable }, context),

    refund: (input: { paymentId: string; amount: string; expectedRefundable: string; reason: string }, context: InvocationContext) =>
      backOffice('refund', { paymentId: input.paymentId, amount: input.amount, expected: input.expectedRefundable, reason: input.reason }, context),

    void: (input: { paymentId: string; expectedCapturable: string }, context: InvocationContext) =>
      backOffice('void', { paymentId: input.paymentId, amount: input.expectedCapturable, expected: input.expectedCapturable }, context),

    /** Resolves unknown operations, then asks for the base payment's status while it is not settled. */
    async sync(paymentId: string, context: InvocationContext): Promise<void> {
      const payment = paymentOrThrow(paymentId);
      requireVerb(payment, 'sync');
      await resolveUnresolved(payment, 'sync', context);
      const current = paymentOrThrow(paymentId);
      const initial = initialOperation(paymentId);
      if (!initial || initial.state !== 'pending' || !current.gatewayTransactionId) {
        auditor.record(context, 'payment.sync', { type: 'payment', id: paymentId }, 'succeeded', { status: current.status });
        return;
      }
      const { adapter } = deps.profiles.adapterFor(current.profileId, { paymentId, operationId: initial.id });
      try {
        const status = await adapter.sync(refOf(current));
        if (status.final) {
          const outcome: OperationResult['outcome'] =
            status.status === 'declined' ? 'declined' : status.status === 'failed' || status.status === 'expired' ? 'failed' : 'succeeded';
          ledger.transaction(() => {
            ledger.updateOperation(initial.id, { state: outcome, gatewayCode: status.gatewayCode, gatewayMessage: status.gatewayMessage, completedAt: clock.now() });
            ledger.updatePayment(paymentId, { gatewayCode: status.gatewayCode, gatewayMessage: status.gatewayMessage, pendingAction: null }, clock.now());
            settleStatus(paymentId, 'sync', `gateway reports ${status.status}`, { pendingStatus: status.status === 'expired' ? 'expired' : 'pending' });
          });
        } else {
          ledger.transaction(() => {
            ledger.updatePayment(paymentId, { gatewayCode: status.gatewayCode, gatewayMessage: status.gatewayMessage, pendingAction: status.pendingAction }, clock.now());
            settleStatus(paymentId, 'sync', `gateway reports ${status.status}`, { pendingStatus: status.status === 'requires_action' ? 'requires_action' : 'pending' });
          });
        }
        auditor.record(context, 'payment.sync', { type: 'payment', id: paymentId }, 'succeeded', { gatewayStatus: status.status });
      } catch (error) {
        auditor.record(context, 'payment.sync', { type: 'payment', id: paymentId }, 'failed', { error: error instanceof ConsoleError ? error.kind : 'internal' });
        if (error instanceof UnexpectedGatewayResponseError) {
          ledger.transaction(() => settleStatus(paymentId, 'sync', error.message, { needsReview: true }));
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

    adapterOf(payment: PaymentRow): GatewayAdapter {
      return deps.profiles.adapterFor(payment.profileId, { paymentId: payment.id, operationId: null }).adapter;
    },
  };
}

export type PaymentService = ReturnType<typeof createPaymentService>;
