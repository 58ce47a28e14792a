import type { GatewayDescriptor } from '../../../stores/workspace-store.ts';
import { customerEmailSchema, customerNameSchema, multibancoValidForHoursSchema, type ChannelInput, type OperationOutcome } from '../../../../../shared/ipc/contract.ts';
import { shortTextSchema } from '../../../../../shared/domain/schemas.ts';
import { contractAccepts, maxValueOf } from '../../../domain/contract-rules.ts';
import { isCurrencyCode } from '../../../../../shared/money/currencies.ts';
import { amountProblemMessage, checkAmountInput } from '../../../format/amount-input.ts';
import { cardNumberInTextProblem } from '../../../format/free-text.ts';
import { ANY_GATEWAY_REFERENCE, referenceInputProblem, type ReferenceField } from '../../../format/reference-input.ts';
import { describeMbwayPhone } from '../../../format/phone-input.ts';
import type { MessageKey } from '../../../i18n/en.ts';
import type { Translate } from '../../../i18n/translate.ts';
import type { PaymentMethodChoice } from './payment-methods.ts';

/*
 * The MB WAY, Multibanco, bank-transfer and USSD forms: no card data here, so the values are ordinary React state;
 * these functions check them and build the contract's input.
 */

export interface AsyncPaymentValues {
  readonly amount: string;
  readonly currency: string;
  readonly reference: string;
  readonly description: string;
  readonly customerName: string;
  readonly customerEmail: string;
}

export interface MbwayValues extends AsyncPaymentValues {
  readonly phone: string;
}

export interface MultibancoValues extends AsyncPaymentValues {
  readonly validForHours: string;
}

/** A bank transfer has no field of its own, but the e-mail is required: the gateway sends the account details there. */
export type BankTransferValues = AsyncPaymentValues;

/** USSD: the customer's bank, picked from the gateway's list; the e-mail is required as for a bank transfer. */
export interface UssdValues extends AsyncPaymentValues {
  readonly bankCode: string;
}

export type AsyncField = keyof MbwayValues | keyof MultibancoValues | keyof UssdValues;
export type AsyncFieldErrors = Partial<Record<AsyncField, string>>;

/** Form order: the first field with a problem gets the focus. */
export const MBWAY_FIELDS: readonly (keyof MbwayValues)[] = ['amount', 'currency', 'phone', 'reference', 'description', 'customerName', 'customerEmail'];
export const MULTIBANCO_FIELDS: readonly (keyof MultibancoValues)[] = ['amount', 'currency', 'validForHours', 'reference', 'description', 'customerName', 'customerEmail'];
export const BANK_TRANSFER_FIELDS: readonly (keyof BankTransferValues)[] = ['amount', 'currency', 'customerEmail', 'reference', 'description', 'customerName'];
export const USSD_FIELDS: readonly (keyof UssdValues)[] = ['amount', 'currency', 'bankCode', 'customerEmail', 'reference', 'description', 'customerName'];

/** MB WAY and Multibanco are euro schemes. */
export const ASYNC_CURRENCIES: readonly string[] = ['EUR'];
/** USSD codes are a Nigerian bank service. */
export const USSD_CURRENCIES: readonly string[] = ['NGN'];
export const DEFAULT_VALID_FOR_HOURS = 72;
const MAX_VALID_FOR_HOURS = maxValueOf(multibancoValidForHoursSchema);

/** Where a card number could be typed by mistake (and would then be stored with the payment). */
const FREE_TEXT_FIELDS = ['description', 'customerName', 'customerEmail'] as const;

export const EMPTY_ASYNC_VALUES: AsyncPaymentValues = { amount: '', currency: 'EUR', reference: '', description: '', customerName: '', customerEmail: '' };
export const EMPTY_MBWAY_VALUES: MbwayValues = { ...EMPTY_ASYNC_VALUES, phone: '' };
export const EMPTY_MULTIBANCO_VALUES: MultibancoValues = { ...EMPTY_ASYNC_VALUES, validForHours: String(DEFAULT_VALID_FOR_HOURS) };
export const EMPTY_USSD_VALUES: UssdValues = { ...EMPTY_ASYNC_VALUES, bankCode: '' };

/**
 * The currency a new payment of this method (the descriptor's method name: `bank_transfer`, `ussd`)
 * starts in: the gateway's descriptor names it where it is not the console's home currency (naira at
 * Sayswitch).
 */
export function defaultCurrencyFor(gateway: Pick<GatewayDescriptor, 'defaultCurrencies'> | null, method: string): string {
  return gateway?.defaultCurrencies[method] ?? EMPTY_ASYNC_VALUES.currency;
}

function commonErrors(values: AsyncPaymentValues, t: Translate, referenceField: ReferenceField, currencyAccepted: (currency: string) => boolean = (currency) => ASYNC_CURRENCIES.includes(currency)): AsyncFieldErrors {
  const errors: AsyncFieldErrors = {};
  if (!currencyAccepted(values.currency)) errors.currency = t('async.error.currency');
  const amount = checkAmountInput(values.amount, values.currency);
  if (!amount.ok) {
    errors.amount = amountProblemMessage(amount.problem, values.currency, t);
  }
  const reference = referenceInputProblem(values.reference, referenceField, t);
  if (reference !== null) errors.reference = reference;
  if (!contractAccepts(shortTextSchema, values.description)) errors.description = t('async.error.description');
  if (!contractAccepts(customerNameSchema, values.customerName.trim())) errors.customerName = t('async.error.customerName');
  const email = values.customerEmail.trim();
  if (email !== '' && !contractAccepts(customerEmailSchema, email)) errors.customerEmail = t('moto.error.email');
  for (const field of FREE_TEXT_FIELDS) {
    const misplaced = cardNumberInTextProblem(values[field], t);
    if (misplaced !== null) errors[field] = misplaced;
  }
  return errors;
}

const PHONE_MESSAGES: Readonly<Record<'empty' | 'typing' | 'invalid', MessageKey>> = {
  empty: 'async.error.phoneMissing',
  typing: 'async.error.phoneShort',
  invalid: 'async.error.phone',
};

export function mbwayPhoneProblem(phone: string, t: Translate): string | null {
  const described = describeMbwayPhone(phone);
  return described.state === 'valid' ? null : t(PHONE_MESSAGES[described.state]);
}

export function validateMbwayForm(values: MbwayValues, t: Translate, reference: ReferenceField = ANY_GATEWAY_REFERENCE): AsyncFieldErrors {
  const errors = commonErrors(values, t, reference);
  const phone = mbwayPhoneProblem(values.phone, t);
  if (phone !== null) errors.phone = phone;
  return errors;
}

export function parseValidForHours(typed: string): number | null {
  const text = typed.trim();
  if (!/^\d{1,4}$/.test(text)) return null;
  const hours = Number(text);
  return contractAccepts(multibancoValidForHoursSchema, hours) ? hours : null;
}

export function validateMultibancoForm(values: MultibancoValues, t: Translate, reference: ReferenceField = ANY_GATEWAY_REFERENCE): AsyncFieldErrors {
  const errors = commonErrors(values, t, reference);
  if (parseValidForHours(values.validForHours) === null) errors.validForHours = t('async.error.validity', { max: MAX_VALID_FOR_HOURS });
  return errors;
}

export function validateBankTransferForm(values: BankTransferValues, t: Translate, reference: ReferenceField = ANY_GATEWAY_REFERENCE): AsyncFieldErrors {
  const errors = commonErrors(values, t, reference, isCurrencyCode);
  if (errors.currency !== undefined) errors.currency = t('bankTransfer.error.currency');
  if (values.customerEmail.trim() === '') errors.customerEmail = t('bankTransfer.error.emailMissing');
  return errors;
}

export function validateUssdForm(values: UssdValues, t: Translate, reference: ReferenceField = ANY_GATEWAY_REFERENCE): AsyncFieldErrors {
  const errors = commonErrors(values, t, reference, (currency) => USSD_CURRENCIES.includes(currency));
  if (errors.currency !== undefined) errors.currency = t('ussd.error.currency');
  if (values.bankCode.trim() === '') errors.bankCode = t('ussd.error.bankMissing');
  if (values.customerEmail.trim() === '') errors.customerEmail = t('bankTransfer.error.emailMissing');
  return errors;
}

function customerOf(values: AsyncPaymentValues): { name?: string; email?: string } {
  const customer: { name?: string; email?: string } = {};
  if (values.customerName.trim()) customer.name = values.customerName.trim();
  if (values.customerEmail.trim()) customer.email = values.customerEmail.trim();
  return customer;
}

function commonRequest(values: AsyncPaymentValues, profileId: string, amount: string) {
  const request: { profileId: string; money: { amount: string; currency: string }; merchantReference?: string; description?: string } = {
    profileId,
    money: { amount, currency: values.currency },
  };
  if (values.reference.trim()) request.merchantReference = values.reference.trim();
  if (values.description.trim()) request.description = values.description.trim();
  return request;
}

export type MbwayRequest = ChannelInput<'payments:requestMbway'>;
export type MultibancoRequest = ChannelInput<'payments:createMultibancoReference'>;
export type BankTransferRequest = ChannelInput<'payments:requestBankTransfer'>;
export type UssdRequest = ChannelInput<'payments:requestUssd'>;

/** The phone goes out in MB WAY's own `351#…` form, the one the agent saw under the field. */
export function buildMbwayRequest(values: MbwayValues, profileId: string): MbwayRequest | null {
  const amount = checkAmountInput(values.amount, values.currency);
  const phone = describeMbwayPhone(values.phone).normalised;
  if (!amount.ok || phone === null) return null;
  return { ...commonRequest(values, profileId, amount.amount), phone, customer: customerOf(values) };
}

export function buildMultibancoRequest(values: MultibancoValues, profileId: string): MultibancoRequest | null {
  const amount = checkAmountInput(values.amount, values.currency);
  const validForHours = parseValidForHours(values.validForHours);
  if (!amount.ok || validForHours === null) return null;
  return { ...commonRequest(values, profileId, amount.amount), validForHours, customer: customerOf(values) };
}

export function buildBankTransferRequest(values: BankTransferValues, profileId: string): BankTransferRequest | null {
  const amount = checkAmountInput(values.amount, values.currency);
  const email = values.customerEmail.trim();
  if (!amount.ok || email === '') return null;
  const customer: BankTransferRequest['customer'] = { email };
  if (values.customerName.trim()) customer.name = values.customerName.trim();
  return { ...commonRequest(values, profileId, amount.amount), customer };
}

export function buildUssdRequest(values: UssdValues, profileId: string): UssdRequest | null {
  const base = buildBankTransferRequest(values, profileId);
  const bankCode = values.bankCode.trim();
  return base === null || bankCode === '' ? null : { ...base, bankCode };
}

export type AsyncMethod = 'mbway' | 'multibanco' | 'bank-transfer' | 'ussd';

export type AsyncPaymentRequest =
  | { readonly method: 'mbway'; readonly request: MbwayRequest }
  | { readonly method: 'multibanco'; readonly request: MultibancoRequest }
  | { readonly method: 'bank-transfer'; readonly request: BankTransferRequest }
  | { readonly method: 'ussd'; readonly request: UssdRequest };

/** One form's values for every method; the bank is there once USSD has been shown. */
export type AsyncFormValues = MbwayValues & MultibancoValues & Partial<Pick<UssdValues, 'bankCode'>>;

export function buildAsyncPaymentRequest(method: AsyncMethod, values: AsyncFormValues, profileId: string): AsyncPaymentRequest | null {
  switch (method) {
    case 'mbway': {
      const request = buildMbwayRequest(values, profileId);
      return request ? { method, request } : null;
    }
    case 'multibanco': {
      const request = buildMultibancoRequest(values, profileId);
      return request ? { method, request } : null;
    }
    case 'bank-transfer': {
      const request = buildBankTransferRequest(values, profileId);
      return request ? { method, request } : null;
    }
    case 'ussd': {
      const request = buildUssdRequest({ ...values, bankCode: values.bankCode ?? '' }, profileId);
      return request ? { method, request } : null;
    }
  }
}

/** Which methods show payment instructions (to read out) once the payment exists. */
export function methodHasInstructions(method: PaymentMethodChoice): boolean {
  return method === 'multibanco' || method === 'bank-transfer' || method === 'ussd';
}

/** The core reports validation problems by contract path; the forms by field. */
export function asyncFieldForContractPath(path: string): AsyncField | null {
  switch (path) {
    case 'money':
    case 'money.amount':
      return 'amount';
    case 'money.currency':
      return 'currency';
    case 'phone':
      return 'phone';
    case 'validForHours':
      return 'validForHours';
    case 'bankCode':
      return 'bankCode';
    case 'merchantReference':
      return 'reference';
    case 'description':
      return 'description';
    case 'customer.name':
      return 'customerName';
    case 'customer.email':
      return 'customerEmail';
    default:
      return null;
  }
}

/**
 * The outcome panel's heading. An MB WAY request, a Multibanco reference or bank-transfer details are *meant* to be
 * pending: the customer has not acted yet, which is not an unknown outcome.
 */
export function outcomeHeadingKey(method: PaymentMethodChoice, outcome: Pick<OperationOutcome, 'paymentStatus' | 'pendingAction'>, fallback: MessageKey): MessageKey {
  if (method === 'mbway' && outcome.paymentStatus === 'expired') return 'mbway.outcome.expired';
  if (outcome.paymentStatus !== 'pending') return fallback;
  if (method === 'mbway') return 'mbway.outcome.waiting';
  if (method === 'multibanco') return 'multibanco.outcome.waiting';
  if (method === 'bank-transfer') return 'bankTransfer.outcome.waiting';
  if (method === 'ussd') return 'ussd.outcome.waiting';
  return fallback;
}
