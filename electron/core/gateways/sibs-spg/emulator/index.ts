/**
 * The SIBS SPG v2 emulator: the server-to-server wire (checkout; card, token, MB WAY and
 * Multibanco steps; status; capture/refund/cancellation; MIT; MB WAY mandates) with SIBS's
 * authentication, validation and answer shapes, an in-memory state machine, 3-D Secure for
 * e-commerce test cards, the customer's side of asynchronous flows, encrypted webhooks and
 * fault injection. It keeps no card number: the PAN lives only in the request being decided.
 * This file wires the parts; each flow's routes live beside it.
 */
import { assembleEmulator } from '../../../sandbox/emulator-kit/assemble-emulator.ts';
import { holdSettings } from '../../../sandbox/emulator-kit/settings-holder.ts';
import { createFaultInjector } from '../../../sandbox/fault-plan.ts';
import type { EmulatorEnvironment, EmulatorResponse, GatewayEmulator } from '../../types.ts';
import { errorAnswer, temporarilyUnavailable } from './answers.ts';
import { backOfficeRoutes } from './back-office-routes.ts';
import { acsPageRoutes, cardRoutes } from './card-routes.ts';
import { checkoutRoutes } from './checkout-route.ts';
import { sibsControlRoutes } from './control-routes.ts';
import { createCustomerActions, SIBS_CUSTOMER_ACTIONS } from './customer-actions.ts';
import { createEmulatorContext } from './emulator-context.ts';
import { isOpen } from './lifecycle.ts';
import { createMandateBook } from './mandate-book.ts';
import { mandateRoutes } from './mandate-routes.ts';
import { mbwayRoutes } from './mbway-routes.ts';
import { createMerchantDirectory, type SandboxMerchant } from './merchants.ts';
import { multibancoRoutes } from './multibanco-routes.ts';
import { createSibsNotifier } from './notifications.ts';
import { createPaymentBook } from './payment-book.ts';
import { sibsStatement } from './statement-file.ts';
import { SIBS_SCENARIOS } from './scenarios.ts';
import { DEFAULT_SIBS_EMULATOR_SETTINGS, type SibsEmulatorSettings } from './settings.ts';
import { statusRoutes } from './status-routes.ts';

export { SIBS_CUSTOMER_ACTIONS } from './customer-actions.ts';
export { DEFAULT_SIBS_EMULATOR_SETTINGS, type SibsEmulatorSettings } from './settings.ts';
export { SIBS_SCENARIOS, SIBS_TEST_CARDS, OUR_TEST_CARDS } from './scenarios.ts';

export interface SibsEmulatorInit {
  readonly settings?: Partial<SibsEmulatorSettings>;
  /** Credentials issued by an earlier run (kept in the keychain) that this run must accept again. */
  readonly merchants?: readonly SandboxMerchant[];
}

export function createEmulator(environment: EmulatorEnvironment, init: SibsEmulatorInit = {}): GatewayEmulator {
  const settings = holdSettings(DEFAULT_SIBS_EMULATOR_SETTINGS, init.settings);
  const merchants = createMerchantDirectory();
  for (const merchant of init.merchants ?? []) merchants.admit(merchant);
  const book = createPaymentBook();
  const mandates = createMandateBook();
  const faults = createFaultInjector();
  const notifier = createSibsNotifier(settings.read, merchants, () => environment.baseUrl());
  const context = createEmulatorContext({
    settings: settings.read,
    merchants,
    book,
    mandates,
    notifier,
    now: () => environment.clock.now(),
    baseUrl: () => environment.baseUrl(),
  });
  const performCustomerAction = createCustomerActions(context);

  function sweep(): void {
    for (const payment of book.payments()) if (isOpen(payment)) context.touch(payment);
    for (const mandate of mandates.all()) context.touchMandate(mandate);
  }

  const faultBodies = {
    httpError(status: 500 | 503 | 429): EmulatorResponse {
      if (status === 429) return errorAnswer(429, 'T9999', 'Error', 'Too many requests');
      return status === 503 ? temporarilyUnavailable() : errorAnswer(500, 'T9999', 'Error', 'Internal error');
    },
  };

  return assembleEmulator({
    wireRoutes: [
      ...checkoutRoutes(context),
      ...cardRoutes(context),
      ...mbwayRoutes(context),
      ...multibancoRoutes(context),
      ...statusRoutes(context),
      ...backOfficeRoutes(context),
      ...mandateRoutes(context),
    ],
    faults,
    faultBodies,
    pageRoutes: acsPageRoutes(context),
    controlRoutes: sibsControlRoutes({ context, settings, merchants, faults, sweep, performCustomerAction }),
    scenarios: SIBS_SCENARIOS,
    customer: { actions: SIBS_CUSTOMER_ACTIONS, perform: (action, gatewayId) => performCustomerAction(action, gatewayId) },
    notifier,
    sweep: { run: sweep, intervalMs: () => settings.read().sweepIntervalMs },
    profile: {
      accounts: merchants,
      material: (merchant) => ({
        // SIBS's own example entity (seed 001); a real merchant enters theirs.
        options: { terminalId: merchant.terminalId, channel: 'web', multibancoEntity: '24000' },
        credentials: { authToken: merchant.authToken, clientId: merchant.clientId, webhookSecret: merchant.webhookSecret ?? '' },
        baseUrlPath: '/sibs-spg/api/v2',
      }),
    },
    statement: sibsStatement(book, settings.read),
  });
}
