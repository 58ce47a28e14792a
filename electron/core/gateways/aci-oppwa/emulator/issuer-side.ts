/**
 * The customer's and the issuer's side (fact sheet §6, §3, §11): the sandbox ACS page that passes
 * or fails 3-D Secure and sends the shopper back to `shopperResultUrl?resourcePath=…`, and the
 * chargebacks (CB) and their reversals (CR) the platform books.
 */
import { parseDecimal } from '../../../../../shared/money/money.ts';
import { acsDecisionPage, acsPageRoutes } from '../../../sandbox/emulator-kit/acs-page.ts';
import { htmlPage } from '../../../sandbox/emulator-kit/html-page.ts';
import type { EmulatorResponse, EmulatorRoute } from '../../types.ts';
import { describeCode } from './code-catalogue.ts';
import type { OppwaPlatform } from './platform.ts';
import { stateOf, type EmulatedTransaction } from './transaction-book.ts';

/** The chargeback reason a booking without one gets: 000.100.222 "Transaction Not Recognized By Cardholder". */
const DEFAULT_CHARGEBACK_CODE = '000.100.222';

type ActionOutcome = { ok: boolean; message: string; id?: string };

export interface OppwaIssuerSide {
  readonly acsRoutes: EmulatorRoute[];
  bookChargeback(id: string, input: { amount?: string | undefined; code?: string | undefined }): ActionOutcome;
  reverseChargeback(id: string): ActionOutcome;
  performCustomerAction(action: string, gatewayId: string, input?: { amount?: string | undefined; code?: string | undefined }): Promise<{ ok: boolean; message: string }>;
}

export function createIssuerSide(platform: OppwaPlatform): OppwaIssuerSide {
  const { book, settings, now, successCode, notifyPayment, finish, touch } = platform;

  function completeThreeDS(transaction: EmulatedTransaction, passed: boolean): { ok: boolean; message: string } {
    touch(transaction);
    if (transaction.threeDS === null || stateOf(transaction) !== 'pending') return { ok: false, message: `Transaction ${transaction.id} has no open 3-D Secure session (${transaction.code})` };
    finish(transaction, passed ? successCode(transaction.testMode) : settings().threeDSFailureCode, now());
    return { ok: true, message: passed ? 'The cardholder passed 3-D Secure' : 'The cardholder failed 3-D Secure' };
  }

  function bookChargeback(id: string, input: { amount?: string | undefined; code?: string | undefined }): { ok: boolean; message: string; id?: string } {
    const base = book.get(id);
    if (base === null) return { ok: false, message: `No OPPWA transaction ${id}` };
    if (stateOf(base) !== 'success' || !['DB', 'CP', 'RB'].includes(base.paymentType) || base.currency === null) {
      return { ok: false, message: `700.400.550 ${describeCode('700.400.550')}` };
    }
    const amountMinor = input.amount === undefined ? book.refundableMinor(base) : parseDecimal(input.amount, base.currency);
    if (amountMinor <= 0n || amountMinor > (base.amountMinor ?? 0n)) return { ok: false, message: 'The chargeback amount must be above zero and at most the transaction amount' };
    const code = input.code ?? DEFAULT_CHARGEBACK_CODE;
    const chargeback = book.add({
      entityId: base.entityId,
      paymentType: 'CB',
      referencedId: base.id,
      amountMinor,
      currency: base.currency,
      code,
      description: describeCode(code),
      merchantTransactionId: null,
      paymentBrand: base.paymentBrand,
      card: base.card,
      customParameters: {},
      standingInstruction: null,
      testMode: base.testMode,
      createdAt: now(),
    });
    notifyPayment(chargeback, 'CREATED');
    return { ok: true, message: `Chargeback ${chargeback.id} booked (${code})`, id: chargeback.id };
  }

  function reverseChargeback(id: string): { ok: boolean; message: string; id?: string } {
    const target = book.get(id);
    if (target === null) return { ok: false, message: `No OPPWA transaction ${id}` };
    const open = (candidate: EmulatedTransaction) => candidate.paymentType === 'CB' && stateOf(candidate) === 'success' && book.successfulChildren(candidate.id, ['CR']).length === 0;
    const chargeback = open(target) ? target : book.successfulChildren(target.id, ['CB']).filter(open).at(-1);
    if (chargeback === undefined) return { ok: false, message: `700.400.410 there is no chargeback to reverse on ${id}` };
    const code = successCode(chargeback.testMode);
    const reversal = book.add({
      entityId: chargeback.entityId,
      paymentType: 'CR',
      referencedId: chargeback.id,
      amountMinor: chargeback.amountMinor,
      currency: chargeback.currency,
      code,
      description: describeCode(code),
      merchantTransactionId: null,
      paymentBrand: chargeback.paymentBrand,
      card: chargeback.card,
      customParameters: {},
      standingInstruction: null,
      testMode: chargeback.testMode,
      createdAt: now(),
    });
    notifyPayment(reversal, 'CREATED');
    return { ok: true, message: `Chargeback ${chargeback.id} reversed by ${reversal.id}`, id: reversal.id };
  }

  async function performCustomerAction(action: string, gatewayId: string, input: { amount?: string | undefined; code?: string | undefined } = {}): Promise<{ ok: boolean; message: string }> {
    const transaction = book.get(gatewayId);
    switch (action) {
      case 'threeds.complete':
      case 'threeds.fail':
        return transaction === null ? { ok: false, message: `No OPPWA transaction ${gatewayId}` } : completeThreeDS(transaction, action === 'threeds.complete');
      case 'chargeback.book':
        return bookChargeback(gatewayId, input);
      case 'chargeback.reverse':
        return reverseChargeback(gatewayId);
      default:
        return { ok: false, message: `Unknown customer action ${action}` };
    }
  }

  function sessionTransaction(sessionId: string): EmulatedTransaction | null {
    return book.all().find((transaction) => transaction.threeDS?.sessionId === sessionId) ?? null;
  }

  function acsPage(sessionId: string): EmulatorResponse {
    const transaction = sessionTransaction(sessionId);
    if (transaction === null) return htmlPage(404, 'No such authentication', '<p>This 3-D Secure session does not exist.</p>');
    touch(transaction);
    if (stateOf(transaction) !== 'pending') return htmlPage(410, 'Authentication closed', '<p>This 3-D Secure session is over.</p>');
    return acsDecisionPage(sessionId, 'Sandbox 3-D Secure', `<p>Payment ${transaction.shortId}</p>`, [
      { decision: 'authenticate', label: 'Authenticate' },
      { decision: 'fail', label: 'Fail authentication' },
    ]);
  }

  const acsRoutes: EmulatorRoute[] = acsPageRoutes({
    show: acsPage,
    answer(sessionId, decision) {
      const transaction = sessionTransaction(sessionId);
      // The browser arrives with TermUrl, PaReq and MD; the page then asks for the decision.
      if (decision === null || transaction === null || transaction.threeDS === null) return null;
      const outcome = completeThreeDS(transaction, decision === 'authenticate');
      if (!outcome.ok) return htmlPage(409, 'Authentication closed', `<p>${outcome.message}</p>`);
      const back = new URL(transaction.threeDS.shopperResultUrl);
      back.searchParams.set('resourcePath', `/v1/payments/${transaction.id}`);
      if (settings().shopperResultIncludesId) back.searchParams.set('id', transaction.id);
      return { status: 302, headers: { location: back.toString() }, body: '' };
    },
  });

  return { acsRoutes, bookChargeback, reverseChargeback, performCustomerAction };
}
