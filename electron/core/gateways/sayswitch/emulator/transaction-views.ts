/**
 * How the emulator shows a transaction: §4's verify answer (with §9's fees: `amount` is what was
 * charged, `requested_amount` what was asked), its `log` timeline, and the not-found answer.
 */
import type { EmulatorResponse } from '../../types.ts';
import type { Call } from './route-kit.ts';
import type { SayswitchEmulatorSettings } from './settings.ts';
import { amountView, sayswitchTime, type EmulatedTransaction } from './transaction-book.ts';

export function createTransactionViews(settings: () => SayswitchEmulatorSettings) {
  function amounts(transaction: EmulatedTransaction) {
    const feeBasisPoints = transaction.currency === 'NGN' ? settings().feeBasisPointsNgn : settings().feeBasisPointsOther;
    return amountView(transaction.requestedMinor, transaction.currency, feeBasisPoints, settings().amountUnit);
  }

  function logView(transaction: EmulatedTransaction): Record<string, unknown> {
    return {
      time_spent: Math.max(0, Math.round((transaction.updatedAt.getTime() - transaction.createdAt.getTime()) / 1000)),
      attempts: transaction.history.filter((entry) => entry.type === 'input').length,
      authentication: transaction.flow,
      errors: transaction.history.filter((entry) => entry.type === 'error').length,
      success: transaction.status === 'success',
      channel: transaction.channel,
      history: transaction.history.map((entry, index) => ({ id: index + 1, type: entry.type, message: entry.message, time: sayswitchTime(entry.time), reference: transaction.reference, channel: transaction.channel, ip_address: '127.0.0.1', device: 'sandbox' })),
    };
  }

  /** §4's verify answer; `v1` adds `id`, `paid_at`, `created_at` and the Paystack-shaped `authorization`. */
  function verifyView(transaction: EmulatedTransaction, v1: boolean): Record<string, unknown> {
    const money = amounts(transaction);
    const card = transaction.card;
    const data: Record<string, unknown> = {
      amount: money.charged,
      requested_amount: money.requested,
      fees: money.fees,
      currency: transaction.currency,
      status: transaction.status,
      transaction_date: sayswitchTime(transaction.createdAt),
      reference: transaction.reference,
      domain: 'test',
      gateway_response: transaction.gatewayResponse,
      channel: transaction.channel,
      ip_address: '127.0.0.1',
      originator_name: transaction.channel === 'bank_transfer' && transaction.status === 'success' ? 'SANDBOX PAYER' : null,
      originator_account_number: transaction.channel === 'bank_transfer' && transaction.status === 'success' ? '0123456789' : null,
      plan: null,
    };
    if (v1) {
      data['id'] = Number(transaction.id);
      data['paid_at'] = transaction.paidAt === null ? null : sayswitchTime(transaction.paidAt);
      data['created_at'] = sayswitchTime(transaction.createdAt);
      data['authorization'] =
        card === null
          ? null
          : { authorization_code: null, bin: card.first6Digits, last4: card.last4Digits, exp_month: card.expiry.slice(0, 2), exp_year: `20${card.expiry.slice(2)}`, card_type: card.type, bank: 'Sandbox Bank', country_code: 'NG', brand: card.type, reusable: false };
    }
    const [localPart] = transaction.email.split('@');
    return {
      success: true,
      message: 'Verification successful',
      data,
      customer: { id: Number(transaction.id) % 100_000, customer_code: `CUS_${transaction.id}`, first_name: localPart ?? null, last_name: null, email: transaction.email },
      card: card === null ? null : { ...card, token: null },
      log: logView(transaction),
    };
  }

  function notFound(call: Call, reference: string): EmulatorResponse {
    return call.answer(404, { success: false, message: 'Transaction not found', error: `No transaction found with reference: ${reference}` });
  }

  return { amounts, logView, verifyView, notFound };
}
