/**
 * The Sayswitch emulator (mounted at /sayswitch), written from the fact sheet alone: this file is
 * the wiring. Requests pass the call gate (Bearer key, JSON, AES-256-CBC envelope on S2S endpoints
 * when switched on); each flow's routes sit beside it: cards with both customer steps
 * (card-routes.ts), bank transfer, USSD, hosted checkout, verify/fetch/timeline, refunds and the
 * documents' AES test endpoints, with the customer's actions and the control routes; the sandbox's
 * emulator kit assembles them with the shared webhook sender, sweep timer and fault plan. The card
 * number lives only inside the sealed card blob and the request being decided.
 */
import { assembleEmulator } from '../../../sandbox/emulator-kit/assemble-emulator.ts';
import { holdSettings } from '../../../sandbox/emulator-kit/settings-holder.ts';
import { createFaultInjector } from '../../../sandbox/fault-plan.ts';
import type { EmulatorEnvironment, EmulatorResponse, GatewayEmulator } from '../../types.ts';
import { createAesTestRoutes } from './aes-test-routes.ts';
import { createCallGate } from './call-gate.ts';
import { createCardRoutes } from './card-routes.ts';
import { createCheckoutRoutes } from './checkout-routes.ts';
import { sayswitchControlRoutes } from './control-routes.ts';
import { createCustomerActions, SAYSWITCH_CUSTOMER_ACTIONS } from './customer-actions.ts';
import { createListRoutes } from './list-routes.ts';
import { createLookupRoutes } from './lookup-routes.ts';
import { createSayswitchMerchantDirectory, type SayswitchSandboxMerchant } from './merchants.ts';
import { createSayswitchNotifier } from './notifications.ts';
import { createRefundRoutes } from './refund-routes.ts';
import { plainError, type SayswitchRouteKit } from './route-kit.ts';
import { sayswitchScenarios } from './scenarios.ts';
import { DEFAULT_SAYSWITCH_EMULATOR_SETTINGS, type SayswitchEmulatorSettings } from './settings.ts';
import { sayswitchStatement } from './statement-file.ts';
import { createTransactionBook } from './transaction-book.ts';
import { createTransactionLifecycle } from './transaction-lifecycle.ts';
import { createTransactionViews } from './transaction-views.ts';
import { createTransferRoutes } from './transfer-routes.ts';
import { createUssdRoutes } from './ussd-routes.ts';

export { SAYSWITCH_CUSTOMER_ACTIONS } from './customer-actions.ts';
export { DEFAULT_SAYSWITCH_EMULATOR_SETTINGS, type SayswitchEmulatorSettings } from './settings.ts';
export { SAYSWITCH_TEST_CARDS } from './scenarios.ts';

export interface SayswitchEmulatorInit {
  readonly settings?: Partial<SayswitchEmulatorSettings>;
  /** Credentials issued by an earlier run (kept in the keychain) that this run must accept again. */
  readonly merchants?: readonly SayswitchSandboxMerchant[];
}

const faultBodies = {
  httpError: (status: 500 | 503 | 429): EmulatorResponse => plainError(status, status === 429 ? 'Too many requests' : status === 503 ? 'Service unavailable' : 'Internal server error'),
};

export function createSayswitchEmulator(environment: EmulatorEnvironment, init: SayswitchEmulatorInit = {}): GatewayEmulator {
  const settings = holdSettings(DEFAULT_SAYSWITCH_EMULATOR_SETTINGS, init.settings);
  const merchants = createSayswitchMerchantDirectory();
  for (const merchant of init.merchants ?? []) merchants.admit(merchant);
  const book = createTransactionBook();
  const faults = createFaultInjector();
  const notifier = createSayswitchNotifier(settings.read);
  const now = () => environment.clock.now();

  const gate = createCallGate({ settings: settings.read, merchants, book });
  const views = createTransactionViews(settings.read);
  const lifecycle = createTransactionLifecycle({ settings: settings.read, book, merchants, notifier, now, amounts: views.amounts });
  const kit: SayswitchRouteKit = { settings: settings.read, book, now, baseUrl: () => environment.baseUrl(), ...gate, ...views, ...lifecycle };
  const card = createCardRoutes(kit);
  const transfer = createTransferRoutes(kit);
  const ussd = createUssdRoutes(kit);
  const checkout = createCheckoutRoutes(kit);
  const refunds = createRefundRoutes(kit);
  const performCustomerAction = createCustomerActions(kit, { transfer: transfer.pay, ussd: ussd.pay, checkout: checkout.pay });

  return assembleEmulator({
    wireRoutes: [...ussd.routes, ...checkout.routes, ...card.routes, ...transfer.routes, ...createListRoutes(kit), ...createLookupRoutes(kit), ...refunds.routes, ...createAesTestRoutes(kit)],
    faults,
    faultBodies,
    pageRoutes: [...checkout.pages, ...card.pages],
    statement: sayswitchStatement(book, settings.read),
    controlRoutes: sayswitchControlRoutes({ kit, settings, merchants, notifier, faults, refundView: refunds.refundView, payTransfer: transfer.pay, performCustomerAction }),
    // The scenarios name the test OTP, which the settings may change at run time.
    get scenarios() {
      return sayswitchScenarios(settings.read().testOtp);
    },
    customer: { actions: SAYSWITCH_CUSTOMER_ACTIONS, perform: performCustomerAction },
    notifier,
    sweep: { run: lifecycle.sweep, intervalMs: () => settings.read().sweepIntervalMs },
    profile: {
      accounts: merchants,
      material: (merchant) => ({
        options: { payloadEncryption: settings.read().payloadEncryption, encryptLinkSteps: settings.read().encryptedLinkSteps },
        credentials: { secretKey: merchant.secretKey, encryptionKey: merchant.encryptionKey, encryptionIv: merchant.encryptionIv },
        // The adapter joins baseUrl + '/api/…', as clients of backendapi.sayswitchgroup.com do.
        baseUrlPath: '/sayswitch',
      }),
    },
  });
}
