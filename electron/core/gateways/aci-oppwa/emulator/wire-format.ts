/**
 * The emulator's reading of OPPWA's wire, written from the fact sheet alone and kept apart from
 * the adapter's, so a misreading on one side is caught by the other instead of shared.
 */

/** §1: `Authorization: Bearer <access token>`; null for anything else. */
export function bearerTokenOf(header: string | undefined): string | null {
  const match = /^Bearer ([^\s]+)$/.exec(header?.trim() ?? '');
  return match === null ? null : (match[1] ?? null);
}

/** §2: the server's own validation message, `must be one of [PA, DB, CD, PA.CP]`. */
export const INITIAL_PAYMENT_TYPES = ['PA', 'DB', 'CD', 'PA.CP'] as const;

/** §2: `amount` must match `^[0-9]{1,12}(\.[0-9]{2})?$`. */
export const AMOUNT_PATTERN = /^[0-9]{1,12}(\.[0-9]{2})?$/;

/** §5.4: one entry of `result.parameterErrors`. */
export interface ParameterError {
  readonly name: string;
  readonly value?: unknown;
  readonly message?: string;
}

/** §9: `YYYY-MM-DD HH:MM:SS+0000`. */
export function oppwaTimestamp(at: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}+0000`;
}

/** §2: `paymentBrand` values. */
export const PAYMENT_BRANDS = ['VISA', 'MASTER', 'AMEX', 'JCB', 'DINERS', 'DISCOVER', 'UNIONPAY', 'MAESTRO'] as const;

/**
 * `merchantTransactionId` (fact sheet §2; OPPWA's parameter reference: AN255 `[\s\S]{8,255}`, UTF-8
 * bodies): any character, counted per code point as the platform's Java patterns do, at most 255.
 * The documented minimum of 8 is not applied: a CardCorp sample answer carries "P175".
 */
export const MERCHANT_TRANSACTION_ID_PATTERN = /^[\s\S]{1,255}$/u;
export const MERCHANT_TRANSACTION_ID_MESSAGE = 'must match ^[\\s\\S]{1,255}$';
