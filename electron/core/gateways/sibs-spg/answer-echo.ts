/**
 * Matches a SIBS answer to the request it answers. SIBS answers echo the merchant's id
 * (`merchant.merchantTransactionId`, or `merchant.transactionId` in the status envelope), the
 * transaction id, the amount and its currency (fact sheet §2, §3, §5, §6; seed 001's checkout and
 * status answers), a payment's answers its `paymentType` (§3 ResponsePayment, §5 status envelope),
 * and an operation's status names its original transaction. Only the fields an answer carries are
 * compared: seed 001's MB WAY answer echoes nothing but `transactionID`.
 */
import { formatDecimal, fromMajor } from '../../../../shared/money/money.ts';
import { checkEcho } from '../../errors.ts';
import { merchantReferenceOf, SIBS_PAYMENT_TYPES, type SibsAmount, type SibsMerchantOutput, type SibsPaymentType } from './wire.ts';

export interface SibsExpectedEcho {
  readonly merchantReference?: string | null;
  readonly transactionId?: string | null;
  readonly originalTransactionId?: string | null;
  readonly amountMinor?: bigint | null;
  readonly currency?: string | null;
  readonly paymentType?: SibsPaymentType | null;
}

export interface SibsEchoingAnswer {
  readonly merchant?: SibsMerchantOutput | undefined;
  readonly transactionID?: string | undefined;
  readonly amount?: SibsAmount | undefined;
  readonly originalTransaction?: { readonly id: string } | undefined;
  readonly paymentType?: string | undefined;
}

/** An echoed amount as a decimal in its own currency; one that cannot be read never matches. */
function echoedAmount(amount: SibsAmount): string {
  try {
    return formatDecimal(fromMajor(amount.value, amount.currency), amount.currency);
  } catch {
    return `${String(amount.value)} (not an amount in ${amount.currency})`;
  }
}

/**
 * SIBS shows codes of its own beside ours (PREF on reference payments, §2), so only a PURS or an
 * AUTH tells another kind of payment; any other code is not compared.
 */
function echoedPaymentType(paymentType: string | undefined): string | null {
  return (SIBS_PAYMENT_TYPES as readonly string[]).includes(paymentType ?? '') ? (paymentType ?? null) : null;
}

/** Throws AnswerMismatchError when the answer names another transaction, kind of payment, amount or currency. */
export function checkSibsEcho(what: string, expected: SibsExpectedEcho, answer: SibsEchoingAnswer, gatewayCode: string | null = null): void {
  const currency = expected.currency ?? null;
  checkEcho(
    `SIBS ${what}`,
    {
      merchantTransactionId: expected.merchantReference,
      transactionID: expected.transactionId,
      'originalTransaction.id': expected.originalTransactionId,
      currency,
      amount: expected.amountMinor === undefined || expected.amountMinor === null || currency === null ? null : formatDecimal(expected.amountMinor, currency),
      paymentType: expected.paymentType,
    },
    {
      merchantTransactionId: merchantReferenceOf(answer.merchant),
      transactionID: answer.transactionID,
      'originalTransaction.id': answer.originalTransaction?.id,
      currency: answer.amount?.currency,
      amount: answer.amount === undefined ? null : echoedAmount(answer.amount),
      paymentType: echoedPaymentType(answer.paymentType),
    },
    gatewayCode,
  );
}
