/**
 * Hosted checkout (fact sheet §5, CONFIRMED): `POST /api/v1/transaction/initialize` with `email`,
 * `amount`, `currency`, `callback` and an optional `reference` (Sayswitch makes one, `SSW_…`, when
 * none is sent) answers `{authorization_url, access_code, reference, payer_id}`;
 * `/initialize/wallet` does the same and settles to the NGN wallet named by `wallet_code`. The
 * customer pays on the page (`checkout.sayswitchgroup.com/pay/{reference}`, here under the
 * emulator) or through the sandbox action `checkout.pay`; verify then reports it.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { escapeHtml, htmlPage } from '../../../sandbox/emulator-kit/html-page.ts';
import type { EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../types.ts';
import { resultPage } from './pages.ts';
import { textField } from './request-reading.ts';
import type { SayswitchRouteKit } from './route-kit.ts';

const CHECKOUT_PAGE_PATH = '/pay';
const CHECKOUT_CURRENCIES: readonly string[] = ['NGN', 'USD', 'GBP', 'EUR'];

export function createCheckoutRoutes(kit: SayswitchRouteKit): { routes: EmulatorRoute[]; pages: EmulatorRoute[]; pay(idOrReference: string): { ok: boolean; message: string } } {
  function initialize(wallet: boolean): (request: EmulatorRequest) => EmulatorResponse {
    return (request) => {
      const checked = kit.v1Call(request);
      if (!checked.ok) return checked.response;
      const call = checked.value;
      const invalid = (error: string) => call.answer(400, { success: false, message: 'Validation error', error });
      const money = kit.moneyOf(call, CHECKOUT_CURRENCIES);
      if (!money.ok) return money.response;
      const callback = textField(call.body, 'callback');
      if (callback === null || !/^https?:\/\/\S+$/.test(callback)) return invalid('callback must be the URL the customer returns to');
      const walletCode = wallet ? textField(call.body, 'wallet_code') : null;
      if (wallet && !walletCode) return invalid('wallet_code is required');
      if (wallet && money.value.currency !== 'NGN') return invalid('a wallet checkout settles to an NGN wallet');
      const identity = kit.newReference(call, () => `SSW_${String(randomInt(100_000_000, 1_000_000_000))}${String(randomInt(1000, 10_000))}`);
      if (!identity.ok) return identity.response;
      const transaction = kit.book.add({
        reference: identity.value.reference,
        merchant: call.merchant.publicKey,
        // The page takes cards (INFERRED: the channel verify reports for a checkout paid there).
        channel: 'card',
        requestedMinor: money.value.requestedMinor,
        currency: money.value.currency,
        email: identity.value.email,
        status: 'pending',
        gatewayResponse: 'Awaiting payment on the checkout page',
        card: null,
        flow: null,
        paymentId: null,
        failsAuthentication: false,
        authenticationDeadline: null,
        virtualAccount: null,
        checkout: { accessCode: randomBytes(8).toString('hex'), payerId: String(randomInt(100_000, 1_000_000)), callback, walletCode },
        createdAt: kit.now(),
      });
      kit.record(transaction, 'open', wallet ? `Checkout opened, settling to wallet ${walletCode ?? ''}` : 'Checkout opened');
      const checkout = transaction.checkout;
      return call.answer(200, {
        success: true,
        message: 'Authorization URL created',
        data: { authorization_url: `${kit.baseUrl()}${CHECKOUT_PAGE_PATH}/${encodeURIComponent(transaction.reference)}`, access_code: checkout?.accessCode, reference: transaction.reference, payer_id: checkout?.payerId },
      });
    };
  }

  function pay(idOrReference: string): { ok: boolean; message: string } {
    const transaction = kit.book.find(idOrReference);
    if (transaction?.checkout === undefined) return { ok: false, message: `No hosted checkout ${idOrReference}` };
    if (transaction.status !== 'pending') return { ok: false, message: `Checkout ${transaction.reference} is ${transaction.status}` };
    kit.finish(transaction, 'success', 'Paid on the checkout page');
    return { ok: true, message: `Checkout ${transaction.reference} paid` };
  }

  function page(request: EmulatorRequest): EmulatorResponse {
    const transaction = kit.book.find(request.params['reference'] ?? '');
    if (transaction?.checkout === undefined) return resultPage(false, 'This payment does not exist.');
    if (transaction.status !== 'pending') return resultPage(transaction.status === 'success', `This payment is ${transaction.status}.`);
    const action = `${kit.baseUrl()}${CHECKOUT_PAGE_PATH}/${encodeURIComponent(transaction.reference)}`;
    return htmlPage(200, 'Sayswitch sandbox checkout', `<p>Payment ${escapeHtml(transaction.reference)}</p><form method="post" action="${escapeHtml(action)}"><button type="submit">Pay</button></form>`);
  }

  function submit(request: EmulatorRequest): EmulatorResponse {
    const outcome = pay(request.params['reference'] ?? '');
    return resultPage(outcome.ok, outcome.message);
  }

  return {
    routes: [
      { method: 'POST', path: '/api/v1/transaction/initialize', handle: initialize(false) },
      { method: 'POST', path: '/api/v1/transaction/initialize/wallet', handle: initialize(true) },
    ],
    pages: [
      { method: 'GET', path: `${CHECKOUT_PAGE_PATH}/:reference`, handle: page },
      { method: 'POST', path: `${CHECKOUT_PAGE_PATH}/:reference`, handle: submit },
    ],
    pay,
  };
}
