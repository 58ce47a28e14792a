/**
 * USSD payments on Sayswitch (fact sheet §5, CONFIRMED): the bank list
 * (`GET /api/s2s/v1/ussd/list/live` → `data[]{name, code, cbnCode}`), a code for the customer to
 * dial (`POST /api/s2s/v1/ussd/initialize` with `email, amount, currency, reference, bankCode` →
 * `data{paymentid, code, _links}`, valid 3 minutes) and verify (`POST /api/s2s/v1/ussd/verify`
 * with `{reference}`, the §4 shape). All three are S2S endpoints: encrypted when the merchant has
 * payload encryption on. The code is payment instructions to read out; the payment is then
 * followed by verify until final.
 */
import { z } from 'zod';
import { formatDecimal } from '../../../../shared/money/money.ts';
import type { CallProgress, GatewayData, PaymentResult, UssdBank, UssdPaymentRequest } from '../types.ts';
import { awaitingCustomerPayment } from './answer-mapping.ts';
import { shapeOf, type SayswitchAnswer } from './http-answer.ts';
import { sayswitchEnvelopeSchema, sayswitchLinksSchema } from './wire.ts';

export const SAYSWITCH_USSD_PATHS = {
  banks: '/api/s2s/v1/ussd/list/live',
  initialize: '/api/s2s/v1/ussd/initialize',
  verify: '/api/s2s/v1/ussd/verify',
} as const;

/** §5: "code expires in 3 min". */
export const SAYSWITCH_USSD_CODE_LIFETIME_MS = 3 * 60_000;
/** USSD is a Nigerian bank service: naira only (INFERRED; every sample is NGN). */
export const SAYSWITCH_USSD_CURRENCIES: readonly string[] = ['NGN'];

const text = z.union([z.string(), z.number()]).transform((value) => String(value));

export const sayswitchUssdBankListSchema = sayswitchEnvelopeSchema.extend({
  data: z.array(z.looseObject({ name: z.string().min(1), code: text, cbnCode: text.optional() })),
});

export const sayswitchUssdInitializeSchema = sayswitchEnvelopeSchema.extend({
  data: z.looseObject({
    paymentid: text.optional(),
    /** Star, digits and stars, hash: anything else is not a code a phone can dial. */
    code: z.string().regex(/^\*[0-9*]+#$/),
    _links: sayswitchLinksSchema.optional(),
  }),
});

export interface SayswitchUssdDeps {
  call(what: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<SayswitchAnswer>;
  requireCurrency(currency: string, allowed: readonly string[], what: string): void;
  emailOf(customerEmail: string | undefined): string;
  declined(reference: string, answer: SayswitchAnswer, gatewayData: GatewayData, method: 'ussd'): PaymentResult;
  now(): Date;
}

export function createSayswitchUssd(deps: SayswitchUssdDeps) {
  async function requestUssd(request: UssdPaymentRequest, progress: CallProgress): Promise<PaymentResult> {
    deps.requireCurrency(request.currency, SAYSWITCH_USSD_CURRENCIES, 'USSD payments');
    const email = deps.emailOf(request.customer.email);
    const { bank } = request;
    const reference = request.merchantReference;
    const gatewayData: GatewayData = { channel: 'ussd', bankCode: bank.code, bankName: bank.name };
    progress.recordGatewayReference(reference, gatewayData);
    // §5 names the field `bankCode` and lists `code` and `cbnCode`; `code` is sent (INFERRED: the
    // list's examples GTB, ZIB… are the codes its own requests take).
    const answer = await deps.call('USSD initialize', 'POST', SAYSWITCH_USSD_PATHS.initialize, {
      email,
      amount: formatDecimal(request.amountMinor, request.currency),
      currency: request.currency,
      reference,
      bankCode: bank.code,
    });
    if (answer.refused) return deps.declined(reference, answer, gatewayData, 'ussd');
    const data = shapeOf(answer, sayswitchUssdInitializeSchema, 'USSD initialize').data;
    const instructions = {
      type: 'ussd' as const,
      bankName: bank.name,
      code: data.code,
      amountMinor: request.amountMinor,
      currency: request.currency,
      expiresAt: new Date(deps.now().getTime() + SAYSWITCH_USSD_CODE_LIFETIME_MS),
    };
    const codeData = { ...gatewayData, ussdCode: data.code, ...(data.paymentid === undefined ? {} : { paymentId: data.paymentid }) };
    return awaitingCustomerPayment(reference, answer.message, codeData, instructions, 'ussd');
  }

  return {
    async listUssdBanks(): Promise<UssdBank[]> {
      const list = shapeOf(await deps.call('USSD bank list', 'GET', SAYSWITCH_USSD_PATHS.banks), sayswitchUssdBankListSchema, 'USSD bank list');
      return list.data.map((bank) => ({ name: bank.name, code: bank.code }));
    },
    requestUssd,
  };
}
