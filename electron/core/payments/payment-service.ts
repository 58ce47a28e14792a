/**
 * Money-moving use-cases on top of the payment engine (journal + state machine).
 */
import { validateCard } from '../../../shared/card/card-rules.ts';
import { hasWholeMaskedDigits, type PaymentKind } from '../../../shared/domain/schemas.ts';
import type { OperationOutcome } from '../../../shared/ipc/contract.ts';
import { formatDecimal, parseDecimal } from '../../../shared/money/money.ts';
import { normalizeMbwayPhone } from '../../../shared/phone/mbway-phone.ts';
import type { InvocationContext } from '../door.ts';
import { ConflictError, NotFoundError, NotSupportedError, ValidationError, leavesOutcomeUnknown } from '../errors.ts';
import { requireCapability } from '../gateways/capabilities.ts';
import type { AsyncPaymentRequest, CallProgress, Capabilities, CustomerData, OperationRequest, OperationResult, PaymentResult, UssdBank } from '../gateways/types.ts';
import { newMerchantReference, newOperationId } from '../ids.ts';
import type { MaskedCard } from '../ledger/types.ts';
import type { BoundAdapter } from '../profiles/profile-service.ts';
import { paymentFacts, requireAction } from './action-policy.ts';
import { createPaymentEngine, GATEWAY_ANSWER, INITIAL_KINDS, isOpenOperation, type PaymentEngineDeps } from './payment-engine.ts';

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
  readonly installments?: ReadonlyArray<{ date: string; amount: string }> | undefined;
}

export interface AsyncInput {
  readonly profileId: string;
  readonly money: { amount: string; currency: string };
  readonly merchantReference?: string | undefined;
  readonly description?: string | undefined;
  readonly customer: { name?: string | undefined; email?: string | undefined };
}

type BackOfficeKind = 'capture' | 'refund' | 'void' | 'rebill';

/** An instalment plan: 2–12 dated amounts, the first today, dates ascending, adding up to the total. */
function checkSchedule(items: ReadonlyArray<{ date: string; amount: string }>, currency: string, totalMinor: bigint, kind: PaymentKind, now: Date) {
  if (kind !== 'sale') throw new ValidationError('Only a sale can be paid in instalments', { installments: 'Use a sale' });
  const schedule = items.map((item, index) => {
    let amountMinor: bigint;
    try {
      amountMinor = parseDecimal(item.amount, currency);
    } catch {
      throw new ValidationError('An instalment amount is not valid', { [`installments.${index}.amount`]: 'Not a valid amount' });
    }
    if (amountMinor <= 0n) throw new ValidationError('Every instalment must be greater than zero', { [`installments.${index}.amount`]: 'Must be greater than zero' });
    if (Number.isNaN(Date.parse(`${item.date}T00:00:00Z`))) throw new ValidationError('An instalment date is not valid', { [`installments.${index}.date`]: 'Not a date' });
    return { date: item.date, amountMinor };
  });
  const today = now.toISOString().slice(0, 10);
  if (schedule[0]?.date !== today) throw new ValidationError('The first instalment is charged today', { 'installments.0.date': `Must be ${today}` });
  for (let i = 1; i < schedule.length; i++) {
    if ((schedule[i]?.date ?? '') <= (schedule[i - 1]?.date ?? '')) throw new ValidationError('Instalment dates must be in order', { [`installments.${i}.date`]: 'Must be after the previous one' });
  }
  const sum = schedule.reduce((total, item) => total + item.amountMinor, 0n);
  if (sum !== totalMinor) {
    throw new ValidationError(`The instalments add up to ${formatDecimal(sum, currency)}, not ${formatDecimal(totalMinor, currency)}`, { installments: 'Must add up to the amount' });
  }
  return schedule;
}

export function createPaymentService(deps: PaymentServiceDeps) {
  const { ledger, clock, auditor, logger } = deps;
  const engine = createPaymentEngine(deps);
  const { paymentOrThrow, refOf, bind, parseAmount, outcomeOf, resolveUnresolved, completeOperation, failOperation } = engine;

  function parseExpected(amount: string, currency: string, field: string): bigint {
    return parseAmount(amount, currency, field, true);
  }

  /** The adapter call for a back-office operation; NotSupportedError when the gateway has none. */
  function backOfficeCall(bound: BoundAdapter, kind: BackOfficeKind): (request: OperationRequest) => Promise<OperationResult> {
    switch (kind) {
      case 'refund':
        return bound.adapter.refund;
      case 'capture':
        return requireCapability(bound, 'authorization').capture;
      case 'void':
        return requireCapability(bound, 'void').void;
      case 'rebill':
        return requireCapability(bound, 'rebill').rebill;
    }
  }

  /**
   * `expected` is what the form showed (null: whatever is available now, for a refund a second
   * operator approved). `beforeIntent` runs in the intent's unit of work, after every check and
   * before the operation is written, with the id it will have: what it writes stands or falls with it.
   */
  async function backOffice(
    kind: BackOfficeKind,
    input: { paymentId: string; amount: string; expected: string | null; reason?: string | undefined },
    context: InvocationContext,
    beforeIntent?: (operationId: string) => Promise<void>,
  ): Promise<OperationOutcome> {
    let payment = await paymentOrThrow(input.paymentId);
    backOfficeCall(bind(payment.profileId, payment.id, null), kind);
    const amountMinor = parseAmount(input.amount, payment.currency, 'amount');
    const expectedMinor = input.expected === null ? null : parseExpected(input.expected, payment.currency, kind === 'refund' ? 'expectedRefundable' : 'expectedCapturable');

    // Unresolved operations are resolved first; the policy then refuses while any is still open.
    if ((await ledger.operations.listForPayment(payment.id)).some(isOpenOperation)) await resolveUnresolved(payment, 'recovery', context);

    const now = clock.now();
    const operation = await ledger.withTransaction(async () => {
      payment = await paymentOrThrow(payment.id);
      const descriptor = deps.profiles.descriptorOf(payment.gatewayId);
      const verdict = requireAction(kind, await paymentFacts(ledger, payment, descriptor));
      const available = verdict.limitMinor ?? expectedMinor ?? amountMinor;
      const label = kind === 'refund' ? 'refundable' : 'capturable';
      if (expectedMinor !== null && available !== expectedMinor) {
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
      if (kind === 'refund' && verdict.exact && amountMinor !== available) {
        throw new NotSupportedError(`${descriptor.displayName} refunds only in full (${formatDecimal(available, payment.currency)} ${payment.currency}). ${descriptor.refundNote ?? ''}`.trim());
      }
      if (kind === 'void' && verdict.exact && amountMinor !== available) {
        throw new ValidationError('A cancellation releases everything still authorised', { amount: `Must be ${formatDecimal(available, payment.currency)}` });
      }
      const operationId = newOperationId(now);
      await beforeIntent?.(operationId);
      const row = await ledger.operations.insert({
        id: operationId,
        paymentId: payment.id,
        kind,
        amountMinor,
        currency: payment.currency,
        merchantReference: newMerchantReference({ refund: 'RF', capture: 'CP', void: 'VD', rebill: 'RB' }[kind], now),
        reason: input.reason ?? null,
        operator: context.operator,
        createdAt: now,
      });
      await auditor.record(context, `payment.${kind}`, { type: 'payment', id: payment.id }, 'intent', {
        operationId: row.id,
        amount: formatDecimal(amountMinor, payment.currency),
        currency: payment.currency,
        reason: input.reason ?? null,
      });
      return engine.markSent(row, payment.profileId);
    });

    const call = backOfficeCall(bind(payment.profileId, payment.id, operation.id), kind);
    try {
      const request = { payment: refOf(payment), kind, amountMinor, currency: payment.currency, merchantReference: operation.merchantReference, reason: input.reason };
      const result = await engine.whileLeased(operation, payment.profileId, () => call(request));
      await completeOperation(operation, result, 'operation', context);
    } catch (error) {
      await failOperation(operation, error, 'operation', context);
      if (!leavesOutcomeUnknown(error)) throw error;
      // Try once to learn the outcome right away; the settle window keeps "not found" from freeing the money.
      await resolveUnresolved(await paymentOrThrow(payment.id), 'recovery', context).catch(() => []);
    }
    return outcomeOf(payment.id, operation.id);
  }

  /**
   * A payment the customer completes outside the console (MB WAY, Multibanco, bank transfer, USSD):
   * a sale journaled before the gateway is asked, with what every such request carries.
   */
  function startCustomerPayment<K extends 'mbway' | 'multibanco' | 'bankTransfer' | 'ussd'>(
    input: AsyncInput,
    context: InvocationContext,
    spec: {
      readonly method: string;
      readonly capability: K;
      readonly referencePrefix: string;
      readonly customer?: CustomerData;
      readonly auditDetails: Record<string, string>;
      call(capability: Capabilities[K], request: AsyncPaymentRequest, progress: CallProgress): Promise<PaymentResult>;
    },
  ): Promise<OperationOutcome> {
    const amountMinor = parseAmount(input.money.amount, input.money.currency, 'money.amount');
    const merchantReference = input.merchantReference ?? newMerchantReference(spec.referencePrefix, clock.now());
    const request: AsyncPaymentRequest = { amountMinor, currency: input.money.currency, merchantReference, description: input.description, customer: input.customer };
    return engine.startPayment(
      {
        profileId: input.profileId,
        kind: 'sale',
        method: spec.method,
        operationKind: 'purchase',
        start: spec.capability,
        using: (bound) => requireCapability(bound, spec.capability),
        amountMinor,
        currency: input.money.currency,
        merchantReference,
        description: input.description ?? null,
        customer: spec.customer ?? input.customer,
        card: null,
        moto: false,
        reason: null,
        auditDetails: spec.auditDetails,
        call: (capability, progress) => spec.call(capability, request, progress),
      },
      context,
    );
  }

  /** The banks the customer can pay a USSD code through, as the gateway lists them now. */
  async function listUssdBanks(profileId: string): Promise<UssdBank[]> {
    return requireCapability(bind(profileId, null, null), 'ussd').listBanks();
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
      const schedule = input.installments ? checkSchedule(input.installments, input.money.currency, amountMinor, input.kind, now) : undefined;
      if (schedule) requireCapability(bind(profile.id, null, null), 'schedules');
      // With a schedule the first instalment is charged now; the gateway books the others later.
      const firstMinor = schedule ? (schedule[0]?.amountMinor ?? amountMinor) : amountMinor;
      return engine.startPayment(
        {
          profileId: input.profileId,
          kind: input.kind,
          method: 'card',
          operationKind: verb,
          start: verb,
          using: (bound) => (verb === 'purchase' ? bound.adapter.purchase : requireCapability(bound, 'authorization').authorize),
          amountMinor,
          operationAmountMinor: firstMinor,
          currency: input.money.currency,
          merchantReference,
          description: input.description ?? null,
          customer: input.customer,
          card: { brand: card.brand, bin: card.bin, last4: card.last4, expiryMonth: input.card.expiryMonth, expiryYear: input.card.expiryYear, holder: input.card.holder },
          moto: true,
          reason: null,
          auditDetails: { card: `${card.brand} ${card.bin}…${card.last4}`, moto: true, storeCard: input.storeCard ?? false },
          call: (pay, progress) =>
            pay(
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
                ...(schedule ? { schedule } : {}),
              },
              progress,
            ),
          async onAnswered(paymentId, result) {
            if (schedule) {
              const stored = JSON.stringify(schedule.map((item) => ({ date: item.date, amountMinor: item.amountMinor.toString() })));
              await ledger.payments.update(paymentId, { gatewayData: { schedule: stored } }, clock.now());
            }
            if (!result.token || result.outcome !== 'succeeded') return;
            await ledger.tokens.insert({
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
      return startCustomerPayment(input, context, {
        method: 'mbway',
        capability: 'mbway',
        referencePrefix: 'MBW',
        customer: { ...input.customer, phone },
        auditDetails: { phone: `${phone.slice(0, -4).replace(/\d/g, '•')}${phone.slice(-4)}` },
        call: (mbway, request, progress) => mbway.request({ ...request, phone }, progress),
      });
    },

    async createMultibancoReference(input: AsyncInput & { validForHours: number }, context: InvocationContext): Promise<OperationOutcome> {
      const expiresAt = new Date(clock.now().getTime() + input.validForHours * 3_600_000);
      return startCustomerPayment(input, context, {
        method: 'multibanco',
        capability: 'multibanco',
        referencePrefix: 'MB',
        auditDetails: { expiresAt: expiresAt.toISOString() },
        call: (multibanco, request, progress) => multibanco.generateReference({ ...request, expiresAt }, progress),
      });
    },

    /** Merchant-initiated charge with a stored card token: the cardholder is not present. */
    async chargeStored(
      input: { tokenId: string; kind: PaymentKind; money: { amount: string; currency: string }; merchantReference?: string | undefined; description?: string | undefined; recurrence: 'recurring' | 'unscheduled'; reason: string },
      context: InvocationContext,
    ): Promise<OperationOutcome> {
      const token = await ledger.tokens.get(input.tokenId);
      if (!token || token.status !== 'active') throw new NotFoundError(`No active stored card with id ${input.tokenId}`);
      const now = clock.now();
      const amountMinor = parseAmount(input.money.amount, input.money.currency, 'money.amount');
      const merchantReference = input.merchantReference ?? newMerchantReference('MIT', now);
      const origin = token.originPaymentId ? await ledger.payments.get(token.originPaymentId) : null;
      const card: MaskedCard | null = origin?.card ?? null;
      return engine.startPayment(
        {
          profileId: token.profileId,
          kind: input.kind,
          method: 'card',
          operationKind: 'mit',
          start: 'storedCredentials',
          using: (bound) => requireCapability(bound, 'storedCredentials'),
          amountMinor,
          currency: input.money.currency,
          merchantReference,
          description: input.description ?? null,
          customer: { name: token.holder ?? undefined, email: origin?.customerEmail ?? undefined },
          card,
          moto: false,
          reason: input.reason,
          auditDetails: { tokenId: token.id, recurrence: input.recurrence, reason: input.reason },
          call: (storedCredentials, progress) =>
            storedCredentials.charge(
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
    async continueAction(paymentId: string, context: InvocationContext, otp?: string): Promise<OperationOutcome> {
      const payment = await paymentOrThrow(paymentId);
      const initial = await engine.initialOperation(paymentId);
      requireAction('continueAction', await paymentFacts(ledger, payment, deps.profiles.descriptorOf(payment.gatewayId)));
      if (!initial || !payment.pendingAction) throw new ConflictError('This payment is not waiting for a customer action');
      const bound = bind(payment.profileId, payment.id, initial.id);
      const customerSteps = requireCapability(bound, 'customerSteps');
      const action = { id: payment.pendingAction.id ?? payment.gatewayData['actionId'] ?? '', type: payment.pendingAction.type, ...(otp ? { otp } : {}) };
      await auditor.record(context, 'payment.continue', { type: 'payment', id: paymentId }, 'intent', { actionType: action.type, otp: otp ? 'given' : 'none' });
      try {
        const result = await customerSteps.continueAction(refOf(payment), action);
        await completeOperation(initial, result, 'operation', context);
      } catch (error) {
        await failOperation(initial, error, 'operation', context);
        if (!leavesOutcomeUnknown(error)) throw error;
      }
      return outcomeOf(paymentId, initial.id);
    },

    async requestBankTransfer(input: AsyncInput, context: InvocationContext): Promise<OperationOutcome> {
      return startCustomerPayment(input, context, {
        method: 'bank_transfer',
        capability: 'bankTransfer',
        referencePrefix: 'BT',
        auditDetails: {},
        call: (bankTransfer, request, progress) => bankTransfer.request(request, progress),
      });
    },

    listUssdBanks,

    async requestUssd(input: AsyncInput & { bankCode: string }, context: InvocationContext): Promise<OperationOutcome> {
      // The operator picked from the gateway's list; a code it no longer lists is refused before the journal.
      const bank = (await listUssdBanks(input.profileId)).find((candidate) => candidate.code === input.bankCode);
      if (!bank) throw new ValidationError('The gateway does not list this bank for USSD', { bankCode: 'Choose the customer’s bank from the list' });
      return startCustomerPayment(input, context, {
        method: 'ussd',
        capability: 'ussd',
        referencePrefix: 'USSD',
        auditDetails: { bankCode: bank.code },
        call: (ussd, request, progress) => ussd.request({ ...request, bank }, progress),
      });
    },

    /** Imports a payment made elsewhere (the gateway's back office, a website) so it can be managed here. */
    async importPayment(input: { profileId: string; gatewayTransactionId?: string | undefined; merchantReference?: string | undefined }, context: InvocationContext): Promise<string> {
      const profile = deps.profiles.get(input.profileId);
      if (input.gatewayTransactionId) {
        const known = await ledger.payments.findByGatewayId(profile.gatewayId, input.gatewayTransactionId);
        if (known && known.profileId === profile.id) return known.id;
      }
      if (input.merchantReference) {
        const known = await ledger.payments.findByMerchantReference(profile.id, input.merchantReference);
        if (known) return known.id;
      }
      const bound = bind(profile.id, null, null);
      const found = await requireCapability(bound, 'imports').fetchTransaction({ gatewayTransactionId: input.gatewayTransactionId, merchantReference: input.merchantReference });
      if (!found) throw new NotFoundError(`${bound.definition.descriptor.displayName} has no such payment`);
      const existing =
        (await ledger.payments.findByGatewayId(profile.gatewayId, found.gatewayTransactionId)) ?? (await ledger.payments.findByMerchantReference(profile.id, found.merchantReference));
      if (existing) return existing.id;
      const now = clock.now();
      const paymentId = `pay_${found.gatewayTransactionId.replace(/[^A-Za-z0-9]/g, '').slice(0, 24)}_imp`;
      await ledger.withTransaction(async () => {
        await ledger.payments.insert({
          id: paymentId,
          profileId: profile.id,
          profileName: profile.name,
          gatewayId: profile.gatewayId,
          environment: profile.environment,
          kind: found.kind,
          method: found.method,
          moto: false,
          status: 'unknown',
          currency: found.currency,
          amountMinor: found.amountMinor,
          merchantReference: found.merchantReference,
          description: null,
          customerName: found.card?.holder ?? null,
          customerEmail: found.customerEmail,
          customerPhone: null,
          // Gateways' lookups mask cards differently; keep the card only when BIN and last 4 are whole.
          card: found.card && hasWholeMaskedDigits(found.card) ? found.card : null,
          imported: true,
          createdAt: found.createdAt,
        });
        await ledger.payments.update(paymentId, { gatewayTransactionId: found.gatewayTransactionId, gatewayData: found.gatewayData }, now);
        const operation = await ledger.operations.insert({
          id: `op_${paymentId.slice(4)}`,
          paymentId,
          kind: found.kind === 'sale' ? 'purchase' : 'authorize',
          amountMinor: found.amountMinor,
          currency: found.currency,
          merchantReference: `IMP-${found.gatewayTransactionId}`.slice(0, 64),
          reason: 'Imported from the gateway',
          operator: context.operator,
          createdAt: found.createdAt,
        });
        await ledger.payments.addStatusEvent({ paymentId, at: now, from: null, to: 'unknown', source: 'import', detail: 'imported from the gateway' });
        await completeOperation(operation, { outcome: found.outcome, gatewayOperationId: found.gatewayTransactionId, gatewayCode: found.gatewayCode, gatewayMessage: found.gatewayMessage }, 'import', context);
        await auditor.record(context, 'payment.import', { type: 'payment', id: paymentId }, 'succeeded', { gatewayTransactionId: found.gatewayTransactionId });
      });
      return paymentId;
    },

    /** Stops the instalments the gateway has not charged yet; what was charged stays. */
    async stopSchedule(paymentId: string, context: InvocationContext): Promise<OperationOutcome> {
      const payment = await paymentOrThrow(paymentId);
      const initial = await engine.initialOperation(paymentId);
      requireAction('stopSchedule', await paymentFacts(ledger, payment, deps.profiles.descriptorOf(payment.gatewayId)));
      if (!initial) throw new ConflictError('This payment has no instalment plan');
      const bound = bind(payment.profileId, payment.id, initial.id);
      const result = await requireCapability(bound, 'schedules').stop(refOf(payment));
      const stopped = result.outcome === 'succeeded';
      await ledger.withTransaction(async () => {
        if (stopped) await ledger.payments.update(paymentId, { gatewayData: { scheduleStopped: 'true' } }, clock.now());
        await ledger.payments.addStatusEvent({ paymentId, at: clock.now(), from: payment.status, to: payment.status, source: 'operation', detail: stopped ? 'remaining instalments stopped' : `stopping the instalments was refused: ${result.gatewayMessage ?? ''}` });
        await auditor.record(context, 'payment.stop-schedule', { type: 'payment', id: paymentId }, result.outcome, { gatewayCode: result.gatewayCode });
      });
      return { ...(await outcomeOf(paymentId, initial.id)), gatewayCode: result.gatewayCode, gatewayMessage: result.gatewayMessage };
    },

    capture: (input: { paymentId: string; amount: string; expectedCapturable: string }, context: InvocationContext) =>
      backOffice('capture', { paymentId: input.paymentId, amount: input.amount, expected: input.expectedCapturable }, context),

    refund: (input: { paymentId: string; amount: string; expectedRefundable: string; reason: string }, context: InvocationContext) =>
      backOffice('refund', { paymentId: input.paymentId, amount: input.amount, expected: input.expectedRefundable, reason: input.reason }, context),

    /**
     * A refund a second operator approved: the amount asked for, checked against what is
     * refundable now; `approve` records the decision in the same unit of work as the intent.
     */
    approvedRefund: (input: { paymentId: string; amount: string; reason: string }, context: InvocationContext, approve: (operationId: string) => Promise<void>) =>
      backOffice('refund', { paymentId: input.paymentId, amount: input.amount, expected: null, reason: input.reason }, context, approve),

    void: (input: { paymentId: string; expectedCapturable: string }, context: InvocationContext) =>
      backOffice('void', { paymentId: input.paymentId, amount: input.expectedCapturable, expected: input.expectedCapturable }, context),

    /** A new debit referencing a settled sale (OPPWA RB). */
    rebill: (input: { paymentId: string; amount: string; reason: string }, context: InvocationContext) =>
      backOffice('rebill', { paymentId: input.paymentId, amount: input.amount, expected: input.amount, reason: input.reason }, context),

    /** Resolves unknown operations, then asks for the base payment's status while it is not settled. */
    async sync(paymentId: string, context: InvocationContext): Promise<void> {
      let current = await paymentOrThrow(paymentId);
      let operations = await ledger.operations.listForPayment(paymentId);
      // The payment and its journal are read again only after a step that may have written to them.
      if (operations.some(isOpenOperation)) {
        await resolveUnresolved(current, 'sync', context);
        current = await paymentOrThrow(paymentId);
        operations = await ledger.operations.listForPayment(paymentId);
      }
      if (await engine.repairGatewayId(current, context)) {
        current = await paymentOrThrow(paymentId);
        operations = await ledger.operations.listForPayment(paymentId);
      }
      const initial = operations.find((operation) => INITIAL_KINDS.has(operation.kind));
      if (!initial || initial.state !== 'pending' || !current.gatewayTransactionId) {
        await auditor.record(context, 'payment.sync', { type: 'payment', id: paymentId }, 'succeeded', { status: current.status });
        return;
      }
      const { adapter } = bind(current.profileId, paymentId, initial.id);
      try {
        const status = await adapter.sync(refOf(current));
        // The answer and its audit entry are one unit of work: one commit, one anchor write.
        await ledger.withTransaction(async () => {
          await engine.applyReport(paymentId, { ...status, occurredAt: null }, 'sync', context);
          await auditor.record(context, 'payment.sync', { type: 'payment', id: paymentId }, 'succeeded', { gatewayStatus: status.status });
        }, GATEWAY_ANSWER);
      } catch (error) {
        // The refusal and what it does to the payment are one unit of work too.
        const needsReview = error instanceof Error && error.name === 'UnexpectedGatewayResponseError';
        await ledger.withTransaction(async () => {
          await auditor.record(context, 'payment.sync', { type: 'payment', id: paymentId }, 'failed', { error: error instanceof Error ? error.name : 'internal' });
          if (needsReview) await engine.settleStatus(paymentId, 'sync', error.message, { needsReview: true });
        });
        if (needsReview) return;
        throw error;
      }
    },

    /**
     * The start-up pass: every operation left without an outcome is resolved by asking the gateway
     * before the console accepts any other action on that payment.
     */
    async recover(context: InvocationContext): Promise<{ examined: number; resolved: number; unresolved: number; repaired: number }> {
      let repaired = 0;
      for (const payment of await ledger.payments.listMissingGatewayId(10_000)) {
        try {
          if (await engine.repairGatewayId(payment, context)) repaired += 1;
        } catch (error) {
          logger.warn('recovery could not look up a gateway id', { paymentId: payment.id, error: error instanceof Error ? error.message : String(error) });
        }
      }
      const pending = await ledger.operations.listUnresolved();
      const paymentIds = [...new Set(pending.map((op) => op.paymentId))];
      let unresolved = 0;
      for (const id of paymentIds) {
        const payment = await ledger.payments.get(id);
        if (!payment) continue;
        try {
          unresolved += (await resolveUnresolved(payment, 'recovery', context)).length;
        } catch (error) {
          unresolved += 1;
          logger.warn('recovery could not reach the gateway', { paymentId: id, error: error instanceof Error ? error.message : String(error) });
        }
      }
      return { examined: pending.length, resolved: pending.length - unresolved, unresolved, repaired };
    },

    /** For the mandate service: parse a decimal amount the way every use-case does. */
    parseMoney(amount: string, currency: string, field: string): bigint {
      return parseAmount(amount, currency, field);
    },
  };
}

export type PaymentService = ReturnType<typeof createPaymentService>;
