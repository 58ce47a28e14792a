import { reasonSchema } from '../../../../../shared/domain/schemas.ts';
import { mandateCustomerNameSchema, type ChannelInput, type Mandate, type StoredCredential } from '../../../../../shared/ipc/contract.ts';
import { contractAccepts } from '../../../domain/contract-rules.ts';
import { amountProblemMessage, checkAmountInput } from '../../../format/amount-input.ts';
import { cardNumberInTextProblem, reasonProblem } from '../../../format/free-text.ts';
import { describeMbwayPhone } from '../../../format/phone-input.ts';
import { ANY_GATEWAY_REFERENCE, referenceInputProblem, type ReferenceField } from '../../../format/reference-input.ts';
import type { Translate } from '../../../i18n/translate.ts';

/*
 * The stored-credentials screen's forms and lists: merchant-initiated charges with a card token,
 * MB WAY mandates and collections through them. Pure, so the rules are tested without a screen.
 */

export type Recurrence = 'recurring' | 'unscheduled';
export const RECURRENCES: readonly Recurrence[] = ['unscheduled', 'recurring'];

export interface MitValues {
  readonly amount: string;
  readonly currency: string;
  readonly recurrence: Recurrence;
  readonly reason: string;
  readonly reference: string;
}

export type MitField = 'amount' | 'currency' | 'reason' | 'reference';
export type MitErrors = Partial<Record<MitField, string>>;

export function validateMitForm(values: MitValues, t: Translate, referenceField: ReferenceField = ANY_GATEWAY_REFERENCE): MitErrors {
  const errors: MitErrors = {};
  const amount = checkAmountInput(values.amount, values.currency);
  if (!amount.ok) errors.amount = amountProblemMessage(amount.problem, values.currency, t);
  const reason = reasonProblem(values.reason, t);
  if (reason) errors.reason = reason;
  const reference = referenceInputProblem(values.reference, referenceField, t);
  if (reference) errors.reference = reference;
  return errors;
}

export type ChargeStoredRequest = ChannelInput<'payments:chargeStored'>;

export function buildChargeStoredRequest(values: MitValues, tokenId: string): ChargeStoredRequest | null {
  const amount = checkAmountInput(values.amount, values.currency);
  if (!amount.ok || !contractAccepts(reasonSchema, values.reason)) return null;
  const request: ChargeStoredRequest = {
    tokenId,
    kind: 'sale',
    money: { amount: amount.amount, currency: values.currency },
    recurrence: values.recurrence,
    reason: values.reason.trim(),
  };
  if (values.reference.trim()) request.merchantReference = values.reference.trim();
  return request;
}

export interface MandateValues {
  readonly phone: string;
  readonly customerName: string;
  readonly mandateType: Mandate['mandateType'];
  readonly reference: string;
}

export type MandateField = 'phone' | 'customerName' | 'reference';
export type MandateErrors = Partial<Record<MandateField, string>>;

export function validateMandateForm(values: MandateValues, t: Translate, referenceField: ReferenceField = ANY_GATEWAY_REFERENCE): MandateErrors {
  const errors: MandateErrors = {};
  const phone = describeMbwayPhone(values.phone);
  if (phone.state !== 'valid') errors.phone = t(phone.state === 'empty' ? 'async.error.phoneMissing' : phone.state === 'typing' ? 'async.error.phoneShort' : 'async.error.phone');
  const misplaced = cardNumberInTextProblem(values.customerName, t);
  if (misplaced) errors.customerName = misplaced;
  else if (!contractAccepts(mandateCustomerNameSchema, values.customerName)) errors.customerName = t('stored.error.customerName');
  const reference = referenceInputProblem(values.reference, referenceField, t);
  if (reference) errors.reference = reference;
  return errors;
}

export type CreateMandateRequest = ChannelInput<'mandates:create'>;

export function buildCreateMandateRequest(values: MandateValues, profileId: string): CreateMandateRequest | null {
  const phone = describeMbwayPhone(values.phone).normalised;
  const customerName = values.customerName.trim();
  if (phone === null || !contractAccepts(mandateCustomerNameSchema, customerName)) return null;
  const request: CreateMandateRequest = { profileId, phone, customerName, mandateType: values.mandateType };
  if (values.reference.trim()) request.merchantReference = values.reference.trim();
  return request;
}

/** What a collection through a mandate may take: above zero, and within the limit the customer set. */
export function checkCollectAmount(typed: string, mandate: Pick<Mandate, 'limit' | 'currency'>, t: Translate): { ok: true; amount: string; currency: string } | { ok: false; message: string } {
  const currency = mandate.currency ?? 'EUR';
  const checked = checkAmountInput(typed, currency, mandate.limit);
  if (checked.ok) return { ok: true, amount: checked.amount, currency };
  return { ok: false, message: amountProblemMessage(checked.problem, currency, t, mandate.limit) };
}

export type MandateAction = 'collect' | 'sync' | 'cancel';

/** Collect only through an active mandate; cancel one that is pending or active; sync any. */
export function offeredMandateActions(mandate: Pick<Mandate, 'status'>): MandateAction[] {
  switch (mandate.status) {
    case 'active':
      return ['collect', 'sync', 'cancel'];
    case 'pending':
      return ['sync', 'cancel'];
    case 'cancelled':
    case 'expired':
    case 'declined':
      return ['sync'];
  }
}

/** Tokens that can still be charged, newest first. */
export function selectChargeableTokens(tokens: readonly StoredCredential[]): StoredCredential[] {
  return tokens.filter((token) => token.status === 'active').sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
}

/** Mandates newest first, the ones still in play (pending, active) before the ended ones. */
export function selectMandatesInOrder(mandates: readonly Mandate[]): Mandate[] {
  const live = (mandate: Mandate) => (mandate.status === 'active' || mandate.status === 'pending' ? 0 : 1);
  return [...mandates].sort((a, b) => live(a) - live(b) || Date.parse(b.createdAt) - Date.parse(a.createdAt));
}

/** A token whose card has passed its expiry month can no longer be charged by most issuers. */
export function tokenExpired(token: Pick<StoredCredential, 'expiryMonth' | 'expiryYear'>, now: Date): boolean {
  if (token.expiryMonth === null || token.expiryYear === null) return false;
  const year = now.getFullYear();
  const month = now.getMonth() + 1;
  return token.expiryYear < year || (token.expiryYear === year && token.expiryMonth < month);
}
