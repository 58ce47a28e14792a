/**
 * Bank transfer (fact sheet §5): a one-off virtual account (Wema Bank, "SAYSWITCH") for the
 * customer to pay into; the customer's side is the sandbox action `transfer.pay`.
 */
import type { EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../types.ts';
import type { SayswitchRouteKit } from './route-kit.ts';
import { newVirtualAccountNumber } from './transaction-book.ts';

export function createTransferRoutes(kit: SayswitchRouteKit): { routes: EmulatorRoute[]; pay(idOrReference: string): { ok: boolean; message: string } } {
  const { book, now, s2sCall, moneyOf, newReference, record, finish } = kit;

  function initializeTransfer(request: EmulatorRequest): EmulatorResponse {
    const checked = s2sCall(request);
    if (!checked.ok) return checked.response;
    const call = checked.value;
    const money = moneyOf(call, ['NGN']);
    if (!money.ok) return money.response;
    const identity = newReference(call);
    if (!identity.ok) return identity.response;
    const virtualAccount = { accountName: 'SAYSWITCH', accountNumber: newVirtualAccountNumber(), bankName: 'Wema Bank' };
    const transaction = book.add({
      reference: identity.value.reference,
      merchant: call.merchant.publicKey,
      channel: 'bank_transfer',
      requestedMinor: money.value.requestedMinor,
      currency: money.value.currency,
      email: identity.value.email,
      status: 'pending',
      gatewayResponse: 'Awaiting transfer',
      card: null,
      flow: null,
      paymentId: null,
      failsAuthentication: false,
      authenticationDeadline: null,
      virtualAccount,
      createdAt: now(),
    });
    record(transaction, 'open', `Virtual account ${virtualAccount.accountNumber} issued`);
    return call.answer(200, { status: true, message: 'Account generated successfully', data: { account_name: virtualAccount.accountName, account_number: virtualAccount.accountNumber, bank_name: virtualAccount.bankName } });
  }

  function payTransfer(idOrReference: string): { ok: boolean; message: string } {
    const transaction = book.find(idOrReference);
    if (transaction === null || transaction.channel !== 'bank_transfer') return { ok: false, message: `No bank transfer ${idOrReference}` };
    if (transaction.status !== 'pending') return { ok: false, message: `Bank transfer ${transaction.reference} is ${transaction.status}` };
    finish(transaction, 'success', 'Transfer received');
    return { ok: true, message: `Transfer into ${transaction.virtualAccount?.accountNumber ?? 'the virtual account'} received` };
  }

  return { routes: [{ method: 'POST', path: '/api/s2s/banktransfer/initialize', handle: initializeTransfer }], pay: payTransfer };
}
