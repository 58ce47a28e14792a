/**
 * MB WAY mandates (SIBS "Authorised Payments"): the customer authorises the merchant in the app,
 * with a limit and an expiry; collections then run without the customer, within both.
 * Mandates move no money themselves; collections go through the payment engine's journal.
 */
import type { Mandate, OperationOutcome } from '../../../shared/ipc/contract.ts';
import { formatDecimal } from '../../../shared/money/money.ts';
import { normalizeMbwayPhone } from '../../../shared/phone/mbway-phone.ts';
import type { Auditor } from '../audit.ts';
import type { EventBus, InvocationContext } from '../door.ts';
import { ConflictError, NotFoundError, ValidationError, leavesOutcomeUnknown } from '../errors.ts';
import { requireCapability } from '../gateways/capabilities.ts';
import { checkMerchantReference } from '../gateways/reference-rule.ts';
import type { MandateRef, MandateResult, MandateStatus } from '../gateways/types.ts';
import { newMerchantReference } from '../ids.ts';
import type { Ledger } from '../ledger/port.ts';
import type { MandateRow } from '../ledger/types.ts';
import type { PaymentEngine } from '../payments/payment-engine.ts';
import type { Clock } from '../ports.ts';
import type { ProfileService } from '../profiles/profile-service.ts';
import { randomBytes } from 'node:crypto';

const FINAL_MANDATE: ReadonlySet<MandateStatus> = new Set(['cancelled', 'expired', 'declined']);

export function presentMandate(row: MandateRow): Mandate {
  return {
    id: row.id,
    profileId: row.profileId,
    gatewayId: row.gatewayId,
    gatewayMandateId: row.gatewayMandateId,
    merchantReference: row.merchantReference,
    phone: row.phone,
    customerName: row.customerName,
    mandateType: row.mandateType,
    status: row.status,
    limit: row.limitMinor !== null && row.currency ? formatDecimal(row.limitMinor, row.currency) : null,
    currency: row.currency,
    expiresAt: row.expiresAt ? row.expiresAt.toISOString() : null,
    gatewayCode: row.gatewayCode,
    gatewayMessage: row.gatewayMessage,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function createMandateService(deps: { ledger: Ledger; profiles: ProfileService; engine: PaymentEngine; clock: Clock; bus: EventBus; auditor: Auditor }) {
  const { ledger, clock, bus, auditor, engine } = deps;

  async function mandateOrThrow(id: string): Promise<MandateRow> {
    const row = await ledger.mandates.get(id);
    if (!row) throw new NotFoundError(`No mandate with id ${id}`);
    return row;
  }

  function refOf(row: MandateRow): MandateRef {
    if (!row.gatewayMandateId) throw new ConflictError('The gateway has not assigned this mandate an id yet; sync it first');
    return { gatewayMandateId: row.gatewayMandateId, phone: row.phone, gatewayData: row.gatewayData };
  }

  /** Applies what the gateway says about a mandate; a cancelled, expired or declined mandate stays so. */
  async function apply(row: MandateRow, result: Pick<MandateResult, 'status'> & Partial<MandateResult>, source: string, context: InvocationContext): Promise<MandateRow> {
    const { next, changed } = await ledger.withTransaction(async () => {
      const current = await mandateOrThrow(row.id);
      const status = FINAL_MANDATE.has(current.status) && current.status !== result.status ? current.status : result.status;
      const updated = await ledger.mandates.update(
        row.id,
        {
          status,
          ...(result.gatewayMandateId ? { gatewayMandateId: result.gatewayMandateId } : {}),
          ...(result.limitMinor !== undefined && result.limitMinor !== null ? { limitMinor: result.limitMinor } : {}),
          ...(result.currency ? { currency: result.currency } : {}),
          ...(result.expiresAt ? { expiresAt: result.expiresAt } : {}),
          ...(result.gatewayCode !== undefined ? { gatewayCode: result.gatewayCode } : {}),
          ...(result.gatewayMessage !== undefined ? { gatewayMessage: result.gatewayMessage } : {}),
          ...(result.gatewayData ? { gatewayData: result.gatewayData } : {}),
        },
        clock.now(),
      );
      if (updated.status === current.status) return { next: updated, changed: false };
      await auditor.record(context, 'mandate.status', { type: 'mandate', id: row.id }, updated.status, { from: current.status, via: source });
      return { next: updated, changed: true };
    });
    // Announced once committed, so no window hears of a change that was rolled back.
    if (changed) bus.emit('mandate:changed', { mandateId: row.id, status: next.status });
    return next;
  }

  return {
    apply,
    findByGatewayId: (profileId: string, gatewayMandateId: string) => ledger.mandates.findByGatewayId(profileId, gatewayMandateId),

    async list(profileId?: string): Promise<Mandate[]> {
      return (await ledger.mandates.list(profileId)).map(presentMandate);
    },

    async create(input: { profileId: string; phone: string; customerName: string; mandateType: 'SUBSCRIPTION' | 'ONECLICK'; merchantReference?: string | undefined }, context: InvocationContext): Promise<Mandate> {
      const phone = normalizeMbwayPhone(input.phone);
      if (!phone) throw new ValidationError('MB WAY needs a mobile number such as 912 345 678', { phone: 'Not an MB WAY mobile number' });
      const profile = deps.profiles.get(input.profileId);
      const bound = engine.bind(profile.id, null, null);
      const mandates = requireCapability(bound, 'mandates');
      const now = clock.now();
      const merchantReference = input.merchantReference ?? newMerchantReference('MDT', now);
      checkMerchantReference(bound.definition.descriptor, profile, merchantReference);
      const row = await ledger.mandates.insert({
        id: `mdt_${randomBytes(9).toString('base64url')}`,
        profileId: profile.id,
        gatewayId: profile.gatewayId,
        merchantReference,
        phone,
        customerName: input.customerName,
        mandateType: input.mandateType,
        status: 'pending',
        createdAt: now,
      });
      await auditor.record(context, 'mandate.create', { type: 'mandate', id: row.id }, 'intent', { mandateType: input.mandateType });
      try {
        const result = await mandates.create({ merchantReference: row.merchantReference, phone, customerName: input.customerName, mandateType: input.mandateType });
        return presentMandate(await apply(row, result, 'create', context));
      } catch (error) {
        if (!leavesOutcomeUnknown(error)) {
          await apply(row, { status: 'declined', gatewayMessage: error instanceof Error ? error.message.slice(0, 300) : 'Refused' }, 'create', context);
        }
        throw error;
      }
    },

    async sync(mandateId: string, context: InvocationContext): Promise<Mandate> {
      const row = await mandateOrThrow(mandateId);
      const bound = engine.bind(row.profileId, null, null);
      const result = await requireCapability(bound, 'mandates').get(refOf(row));
      return presentMandate(await apply(row, result, 'sync', context));
    },

    async cancel(mandateId: string, context: InvocationContext): Promise<Mandate> {
      const row = await mandateOrThrow(mandateId);
      if (FINAL_MANDATE.has(row.status)) throw new ConflictError(`The mandate is already ${row.status}`);
      const bound = engine.bind(row.profileId, null, null);
      const result = await requireCapability(bound, 'mandates').cancel(refOf(row), newMerchantReference('MDC', clock.now()));
      return presentMandate(await apply(row, result, 'cancel', context));
    },

    /** Collects through an active mandate; the limit, expiry and currency are checked before any call. */
    async charge(input: { mandateId: string; money: { amount: string; currency: string }; merchantReference?: string | undefined; description?: string | undefined }, context: InvocationContext): Promise<OperationOutcome> {
      const row = await mandateOrThrow(input.mandateId);
      if (row.status !== 'active') throw new ConflictError(`The mandate is ${row.status}; only an active mandate can be charged`);
      const now = clock.now();
      if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) throw new ConflictError('The mandate has expired');
      const amountMinor = engine.parseAmount(input.money.amount, input.money.currency, 'money.amount');
      if (row.currency && row.currency !== input.money.currency) {
        throw new ValidationError(`The mandate is in ${row.currency}`, { 'money.currency': `Must be ${row.currency}` });
      }
      if (row.limitMinor !== null && amountMinor > row.limitMinor) {
        throw new ValidationError(`The amount exceeds the mandate's limit of ${formatDecimal(row.limitMinor, row.currency ?? input.money.currency)}`, {
          'money.amount': `At most ${formatDecimal(row.limitMinor, row.currency ?? input.money.currency)}`,
        });
      }
      const merchantReference = input.merchantReference ?? newMerchantReference('MDP', now);
      const credential = { type: 'mandate' as const, value: refOf(row).gatewayMandateId, gatewayData: { ...row.gatewayData, phone: row.phone } };
      return engine.startPayment(
        {
          profileId: row.profileId,
          kind: 'sale',
          method: 'mandate',
          operationKind: 'mit',
          start: 'storedCredentials',
          using: (bound) => requireCapability(bound, 'storedCredentials'),
          amountMinor,
          currency: input.money.currency,
          merchantReference,
          description: input.description ?? null,
          customer: { name: row.customerName, phone: row.phone },
          card: null,
          moto: false,
          reason: null,
          auditDetails: { mandateId: row.id },
          call: (storedCredentials, progress) =>
            storedCredentials.charge({ kind: 'sale', amountMinor, currency: input.money.currency, merchantReference, description: input.description, credential, recurrence: 'recurring' }, progress),
        },
        context,
      );
    },
  };
}

export type MandateService = ReturnType<typeof createMandateService>;
