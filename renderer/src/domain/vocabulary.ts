import type { CardBrand, Environment, PaymentKind, PaymentStatus } from '../../../shared/domain/schemas.ts';
import type { ListColumn, ListSort } from '../../../shared/domain/saved-view.ts';

/*
 * The contract's lists, rebuilt from its types. Importing the runtime lists from
 * shared/domain/schemas.ts would pull zod into the renderer bundle; a Record keyed by the union
 * makes the compiler reject a missing or extra entry, so these cannot drift from the contract.
 */

const statuses: Record<PaymentStatus, true> = {
  pending: true,
  requires_action: true,
  authorized: true,
  partially_captured: true,
  captured: true,
  partially_refunded: true,
  refunded: true,
  voided: true,
  declined: true,
  failed: true,
  expired: true,
  unknown: true,
  needs_review: true,
};
export const PAYMENT_STATUS_LIST = Object.keys(statuses) as PaymentStatus[];

const kinds: Record<PaymentKind, true> = { sale: true, auth: true };
export const PAYMENT_KIND_LIST = Object.keys(kinds) as PaymentKind[];

const environments: Record<Environment, true> = { sandbox: true, test: true, production: true };
export const ENVIRONMENT_LIST = Object.keys(environments) as Environment[];

/** The payments list's columns in drawing order (saved views name them). */
const listColumns: Record<ListColumn, true> = {
  date: true,
  environment: true,
  profile: true,
  method: true,
  customer: true,
  amount: true,
  refunded: true,
  status: true,
  card: true,
  reference: true,
  gatewayId: true,
};
export const LIST_COLUMN_LIST = Object.keys(listColumns) as ListColumn[];

const listSorts: Record<ListSort, true> = { newest: true, oldest: true, amount_desc: true, amount_asc: true };
export const LIST_SORT_LIST = Object.keys(listSorts) as ListSort[];

export const CARD_BRAND_NAMES: Readonly<Record<CardBrand, string>> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  maestro: 'Maestro',
  discover: 'Discover',
  diners: 'Diners Club',
  jcb: 'JCB',
  unionpay: 'UnionPay',
  unknown: 'Card',
};

export function isPaymentStatus(value: string): value is PaymentStatus {
  return Object.prototype.hasOwnProperty.call(statuses, value);
}

export function isPaymentKind(value: string): value is PaymentKind {
  return Object.prototype.hasOwnProperty.call(kinds, value);
}

export function isEnvironment(value: string): value is Environment {
  return Object.prototype.hasOwnProperty.call(environments, value);
}

/** Decimal amounts as the contract writes them ("12.30"); no sign, no exponent, no separators. */
export const DECIMAL_AMOUNT = /^(0|[1-9]\d*)(\.\d+)?$/;
