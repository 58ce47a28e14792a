/**
 * USSD payments (fact sheet §5, CONFIRMED): the bank list (`GET /api/s2s/v1/ussd/list/live`), a
 * code for the customer to dial on their bank's line (`POST /api/s2s/v1/ussd/initialize`, valid 3
 * minutes), and verify (`POST /api/s2s/v1/ussd/verify` with `{reference}`, the §4 shape). All are
 * S2S endpoints, so encrypted when the merchant has encryption on. The customer's side (dialling
 * and approving) is the sandbox action `ussd.pay`.
 */
import { randomInt } from 'node:crypto';
import type { EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../types.ts';
import { textField } from './request-reading.ts';
import type { SayswitchRouteKit } from './route-kit.ts';

interface UssdBank {
  readonly name: string;
  /** §5's examples (GTB, ZIB, UBA, FBN, ABP) are these codes. */
  readonly code: string;
  readonly cbnCode: string;
  /** The bank's public USSD service number, e.g. *737# for GTBank, as in §5's sample "*737*000*4772#". */
  readonly serviceNumber: string;
}

export const SANDBOX_USSD_BANKS: readonly UssdBank[] = [
  { name: 'Guaranty Trust Bank', code: 'GTB', cbnCode: '058', serviceNumber: '737' },
  { name: 'Zenith Bank', code: 'ZIB', cbnCode: '057', serviceNumber: '966' },
  { name: 'United Bank for Africa', code: 'UBA', cbnCode: '033', serviceNumber: '919' },
  { name: 'First Bank of Nigeria', code: 'FBN', cbnCode: '011', serviceNumber: '894' },
  { name: 'Access Bank', code: 'ABP', cbnCode: '044', serviceNumber: '901' },
];

/** §5 prints the link as "…-verifypayment" without its prefix; this path stands in for it (INFERRED). */
export const USSD_VERIFY_LINK_PATH = '/api/u7r3x9ssd-verifypayment';

export function createUssdRoutes(kit: SayswitchRouteKit): { routes: EmulatorRoute[]; pay(idOrReference: string): { ok: boolean; message: string } } {
  function bankOf(bankCode: string | null): UssdBank | undefined {
    // Whether `bankCode` takes the list's `code` or its `cbnCode` is not said (INFERRED: either).
    return bankCode === null ? undefined : SANDBOX_USSD_BANKS.find((bank) => bank.code === bankCode || bank.cbnCode === bankCode);
  }

  function listBanks(request: EmulatorRequest): EmulatorResponse {
    const checked = kit.s2sCall(request);
    if (!checked.ok) return checked.response;
    return checked.value.answer(200, { status: true, message: 'Banks retrieved successfully', data: SANDBOX_USSD_BANKS.map(({ name, code, cbnCode }) => ({ name, code, cbnCode })) });
  }

  function initialize(request: EmulatorRequest): EmulatorResponse {
    const checked = kit.s2sCall(request);
    if (!checked.ok) return checked.response;
    const call = checked.value;
    const money = kit.moneyOf(call, ['NGN']);
    if (!money.ok) return money.response;
    const bank = bankOf(textField(call.body, 'bankCode'));
    if (bank === undefined) return call.answer(400, { status: false, message: 'Validation error', error: 'bankCode must be one of the banks of /api/s2s/v1/ussd/list/live' });
    const identity = kit.newReference(call);
    if (!identity.ok) return identity.response;
    const at = kit.now();
    const code = `*${bank.serviceNumber}*000*${String(randomInt(1000, 10_000))}#`;
    const transaction = kit.book.add({
      reference: identity.value.reference,
      merchant: call.merchant.publicKey,
      channel: 'ussd',
      requestedMinor: money.value.requestedMinor,
      currency: money.value.currency,
      email: identity.value.email,
      status: 'pending',
      gatewayResponse: 'Awaiting USSD payment',
      card: null,
      flow: null,
      paymentId: String(randomInt(1_000_000_000, 2_000_000_000)),
      failsAuthentication: false,
      authenticationDeadline: new Date(at.getTime() + kit.settings().ussdCodeLifetimeMs),
      virtualAccount: null,
      ussd: { bankCode: bank.code, code },
      createdAt: at,
    });
    kit.record(transaction, 'open', `USSD code issued for ${bank.name}`);
    return call.answer(200, {
      status: true,
      message: 'Dial the code to complete the payment',
      data: { paymentid: transaction.paymentId, code, _links: { url: `${kit.baseUrl()}${USSD_VERIFY_LINK_PATH}`, method: 'POST', payload: ['ref'] } },
    });
  }

  function verifyBy(field: 'reference' | 'ref', checkedCall: ReturnType<SayswitchRouteKit['s2sCall']>): EmulatorResponse {
    if (!checkedCall.ok) return checkedCall.response;
    const call = checkedCall.value;
    kit.sweep();
    const reference = textField(call.body, field) ?? '';
    const transaction = kit.book.byReference(call.merchant.publicKey, reference);
    return transaction === null ? kit.notFound(call, reference) : call.answer(200, kit.verifyView(transaction, false));
  }

  function pay(idOrReference: string): { ok: boolean; message: string } {
    kit.sweep();
    const transaction = kit.book.find(idOrReference);
    if (transaction?.ussd === undefined) return { ok: false, message: `No USSD payment ${idOrReference}` };
    if (transaction.status !== 'pending') return { ok: false, message: `USSD payment ${transaction.reference} is ${transaction.status}` };
    kit.finish(transaction, 'success', 'Approved by the customer on USSD');
    return { ok: true, message: `The customer dialled ${transaction.ussd.code} and approved the payment` };
  }

  return {
    routes: [
      { method: 'GET', path: '/api/s2s/v1/ussd/list/live', handle: listBanks },
      { method: 'POST', path: '/api/s2s/v1/ussd/initialize', handle: initialize },
      { method: 'POST', path: '/api/s2s/v1/ussd/verify', handle: (request) => verifyBy('reference', kit.s2sCall(request)) },
      { method: 'POST', path: USSD_VERIFY_LINK_PATH, handle: (request) => verifyBy('ref', kit.linkStepCall(request)) },
    ],
    pay,
  };
}
