/**
 * The Sayswitch emulator (mounted at /sayswitch), written from the fact sheet alone: this file is
 * the wiring. Requests pass the call gate (Bearer key, JSON, AES-256-CBC envelope on S2S endpoints
 * when switched on); each flow's routes sit beside it: cards with both customer steps
 * (card-routes.ts), bank transfer, USSD, hosted checkout, verify/fetch/timeline, refunds and the
 * documents' AES test endpoints; signed webhooks, the clock and fault injection are shared. The
 * card number lives only inside the sealed card blob and the request being decided.
 */
import { standardControlRoutes } from '../../../sandbox/control-routes.ts';
import { createFaultInjector, withFaults } from '../../../sandbox/fault-plan.ts';
import type { EmulatorEnvironment, EmulatorResponse, EmulatorRoute, GatewayEmulator, SandboxCustomerAction } from '../../types.ts';
import { createAesTestRoutes } from './aes-test-routes.ts';
import { sayswitchBook } from './book-view.ts';
import { createCallGate } from './call-gate.ts';
import { createCardRoutes } from './card-routes.ts';
import { createCheckoutRoutes } from './checkout-routes.ts';
import { createLookupRoutes } from './lookup-routes.ts';
import { createSayswitchMerchantDirectory, sayswitchSandboxMerchantSchema, type SayswitchSandboxMerchant } from './merchants.ts';
import { createSayswitchNotifier } from './notifications.ts';
import { createRefundRoutes } from './refund-routes.ts';
import { controlError, plainError, type SayswitchRouteKit } from './route-kit.ts';
import { sayswitchScenarios } from './scenarios.ts';
import { DEFAULT_SAYSWITCH_EMULATOR_SETTINGS, sayswitchEmulatorSettingsPatchSchema, type SayswitchEmulatorSettings } from './settings.ts';
import { createTransactionBook, type EmulatedTransaction } from './transaction-book.ts';
import { createTransactionLifecycle } from './transaction-lifecycle.ts';
import { createTransactionViews } from './transaction-views.ts';
import { createTransferRoutes } from './transfer-routes.ts';
import { createUssdRoutes } from './ussd-routes.ts';

export { DEFAULT_SAYSWITCH_EMULATOR_SETTINGS, type SayswitchEmulatorSettings } from './settings.ts';
export { SAYSWITCH_TEST_CARDS } from './scenarios.ts';

export const SAYSWITCH_CUSTOMER_ACTIONS: readonly SandboxCustomerAction[] = [
  { name: 'otp.complete', label: 'Customer enters the right code (OTP or 3-D Secure page)', target: 'payment' },
  { name: 'otp.fail', label: 'Customer enters a wrong code', target: 'payment' },
  { name: 'transfer.pay', label: 'Customer pays the bank transfer', target: 'payment' },
  { name: 'ussd.pay', label: 'Customer dials the USSD code and approves', target: 'payment' },
  { name: 'checkout.pay', label: 'Customer pays on the hosted checkout page', target: 'payment' },
  { name: 'refund.settle', label: 'Sayswitch completes the pending refund', target: 'payment' },
];

export interface SayswitchEmulatorInit {
  readonly settings?: Partial<SayswitchEmulatorSettings>;
  /** Credentials issued by an earlier run (kept in the keychain) that this run must accept again. */
  readonly merchants?: readonly SayswitchSandboxMerchant[];
}

export function createSayswitchEmulator(environment: EmulatorEnvironment, init: SayswitchEmulatorInit = {}): GatewayEmulator {
  let settings: SayswitchEmulatorSettings = { ...DEFAULT_SAYSWITCH_EMULATOR_SETTINGS, ...init.settings };
  const merchants = createSayswitchMerchantDirectory();
  for (const merchant of init.merchants ?? []) merchants.admit(merchant);
  const book = createTransactionBook();
  const faults = createFaultInjector();
  const notifier = createSayswitchNotifier(() => settings);
  const now = () => environment.clock.now();
  const readSettings = () => settings;

  const gate = createCallGate({ settings: readSettings, merchants, book });
  const views = createTransactionViews(readSettings);
  const lifecycle = createTransactionLifecycle({ settings: readSettings, book, merchants, notifier, now, amounts: views.amounts });
  const kit: SayswitchRouteKit = { settings: readSettings, book, now, baseUrl: () => environment.baseUrl(), ...gate, ...views, ...lifecycle };
  const { finish, enterCode, settleRefund, sweep } = lifecycle;
  const card = createCardRoutes(kit);
  const transfer = createTransferRoutes(kit);
  const ussd = createUssdRoutes(kit);
  const checkout = createCheckoutRoutes(kit);
  const refunds = createRefundRoutes(kit);

  // ---------- customer and sandbox actions ----------

  async function performCustomerAction(action: string, idOrReference: string): Promise<{ ok: boolean; message: string }> {
    const transaction = book.find(idOrReference);
    switch (action) {
      case 'otp.complete':
      case 'threeds.complete':
        return transaction === null ? { ok: false, message: `No transaction ${idOrReference}` } : enterCode(transaction, settings.testOtp);
      case 'otp.fail':
      case 'threeds.fail':
        if (transaction === null) return { ok: false, message: `No transaction ${idOrReference}` };
        if (transaction.status !== 'pending' || transaction.flow === null) return { ok: false, message: `Payment ${transaction.reference} is not waiting for a code` };
        finish(transaction, 'failed', 'Invalid OTP');
        return { ok: true, message: 'The customer entered a wrong code; the payment failed' };
      case 'transfer.pay':
        return transfer.pay(idOrReference);
      case 'ussd.pay':
        return ussd.pay(idOrReference);
      case 'checkout.pay':
        return checkout.pay(idOrReference);
      case 'refund.settle': {
        const pending = transaction === null ? [] : book.refundsOf(transaction.id).filter((refund) => refund.status === 'pending');
        if (pending.length === 0) return { ok: false, message: `No pending refund on ${idOrReference}` };
        for (const refund of pending) settleRefund(refund);
        return { ok: true, message: 'The refund is complete' };
      }
      default:
        return { ok: false, message: `Unknown customer action ${action}` };
    }
  }

  const wireRoutes: EmulatorRoute[] = [
    ...ussd.routes,
    ...checkout.routes,
    ...card.routes,
    ...transfer.routes,
    ...createLookupRoutes(kit),
    ...refunds.routes,
    ...createAesTestRoutes(kit),
  ];

  const pageRoutes: EmulatorRoute[] = [...checkout.pages, ...card.pages];

  const faultBodies = {
    httpError(status: 500 | 503 | 429): EmulatorResponse {
      return plainError(status, status === 429 ? 'Too many requests' : status === 503 ? 'Service unavailable' : 'Internal server error');
    },
  };

  function transactionControlView(transaction: EmulatedTransaction): Record<string, unknown> {
    return {
      ...views.verifyView(transaction, true),
      flow: transaction.flow,
      paymentId: transaction.paymentId,
      virtualAccount: transaction.virtualAccount,
      refunds: book.refundsOf(transaction.id).map(refunds.refundView),
    };
  }

  const controlRoutes: EmulatorRoute[] = [
    { method: 'GET', path: '/transactions', handle: () => ({ status: 200, body: { transactions: book.all().map(transactionControlView) } }) },
    {
      method: 'GET',
      path: '/transactions/:id',
      handle(request) {
        sweep();
        const transaction = book.find(request.params['id'] ?? '');
        return transaction === null ? controlError(404, 'not_found', `No transaction ${request.params['id'] ?? ''}`) : { status: 200, body: transactionControlView(transaction) };
      },
    },
    {
      method: 'POST',
      path: '/transfers/:reference/pay',
      handle(request) {
        const outcome = transfer.pay(request.params['reference'] ?? '');
        return { status: outcome.ok ? 200 : 409, body: outcome };
      },
    },
    {
      method: 'POST',
      path: '/actions/:action/:id',
      async handle(request) {
        const outcome = await performCustomerAction(request.params['action'] ?? '', request.params['id'] ?? '');
        return { status: outcome.ok ? 200 : 409, body: outcome };
      },
    },
    { method: 'GET', path: '/scenarios', handle: () => ({ status: 200, body: { scenarios: sayswitchScenarios(settings.testOtp) } }) },
    ...standardControlRoutes({
      settings: {
        read: () => settings,
        apply(patch) {
          settings = { ...settings, ...patch };
        },
        patchSchema: sayswitchEmulatorSettingsPatchSchema,
      },
      notifier,
      merchants: { admit: (merchant) => merchants.admit(merchant), schema: sayswitchSandboxMerchantSchema },
      sweep,
      faults,
      book: () => sayswitchBook(book),
    }),
  ];

  return {
    routes: [...withFaults(wireRoutes, faults, faultBodies), ...pageRoutes],
    controlRoutes,
    get scenarios() {
      return sayswitchScenarios(settings.testOtp);
    },
    customerActions: SAYSWITCH_CUSTOMER_ACTIONS,
    performCustomerAction,
    setNotificationUrl(url) {
      notifier.setUrl(url);
    },
    sandboxProfile(held) {
      const readmitted = held ? merchants.readmit(held) : null;
      const merchant = readmitted ?? merchants.issue();
      return {
        reused: readmitted !== null,
        options: { payloadEncryption: settings.payloadEncryption, encryptLinkSteps: settings.encryptedLinkSteps },
        credentials: { secretKey: merchant.secretKey, encryptionKey: merchant.encryptionKey, encryptionIv: merchant.encryptionIv },
        // The adapter joins baseUrl + '/api/…', as clients of backendapi.sayswitchgroup.com do.
        baseUrlPath: '/sayswitch',
      };
    },
    close() {
      lifecycle.stop();
      notifier.close();
      return Promise.resolve();
    },
  };
}
