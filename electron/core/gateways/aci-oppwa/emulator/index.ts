/**
 * The OPPWA emulator (mounted at /aci-oppwa): the S2S wire of fact sheet §2–§6 with Bearer +
 * entityId authentication, OPPWA's form validation (200.300.404 with parameterErrors), its
 * ledger and §3's reference rules (700.*), registrations and standing instructions, the
 * rate-limited status call beside the unlimited queries, 3-D Secure through a sandbox ACS page,
 * platform-booked chargebacks, encrypted webhooks and fault injection. It keeps no card number:
 * the PAN lives only in the request being decided. This file wires the flows, each in its own
 * file beside it, to one platform (platform.ts).
 *
 * Everything here is read from the fact sheet on its own: no file of this folder imports the
 * adapter's modules (test/unit/aci-oppwa/emulator-independence.test.ts).
 */
import { assembleEmulator } from '../../../sandbox/emulator-kit/assemble-emulator.ts';
import { holdSettings } from '../../../sandbox/emulator-kit/settings-holder.ts';
import { createFaultInjector } from '../../../sandbox/fault-plan.ts';
import type { EmulatorEnvironment, EmulatorResponse, GatewayEmulator, SandboxCustomerAction } from '../../types.ts';
import { answer, envelope, result } from './answers.ts';
import { backOfficeRoutes } from './back-office-routes.ts';
import { createIssuerSide } from './issuer-side.ts';
import { createOppwaMerchantDirectory, type OppwaSandboxMerchant } from './merchants.ts';
import { createOppwaNotifier } from './notifications.ts';
import { paymentRoutes } from './payment-routes.ts';
import { createOppwaPlatform } from './platform.ts';
import { registrationRoutes } from './registration-routes.ts';
import { reportRoutes } from './report-routes.ts';
import { sandboxControlRoutes } from './sandbox-controls.ts';
import { OPPWA_SCENARIOS } from './scenarios.ts';
import { DEFAULT_OPPWA_EMULATOR_SETTINGS, type OppwaEmulatorSettings } from './settings.ts';
import { statusRoutes } from './status-routes.ts';
import { oppwaStatement } from './statement-file.ts';
import { createTransactionBook } from './transaction-book.ts';

export { DEFAULT_OPPWA_EMULATOR_SETTINGS, type OppwaEmulatorSettings } from './settings.ts';
export { OPPWA_SCENARIOS, OPPWA_TEST_CARDS } from './scenarios.ts';

export const OPPWA_CUSTOMER_ACTIONS: readonly SandboxCustomerAction[] = [
  { name: 'threeds.complete', label: 'Pass 3-D Secure at the issuer', target: 'payment' },
  { name: 'threeds.fail', label: 'Fail 3-D Secure at the issuer', target: 'payment' },
  { name: 'chargeback.book', label: 'Book a chargeback (the issuer disputes the payment)', target: 'payment' },
  { name: 'chargeback.reverse', label: 'Reverse the chargeback (the dispute is won)', target: 'payment' },
];

export interface OppwaEmulatorInit {
  readonly settings?: Partial<OppwaEmulatorSettings>;
  /** Credentials issued by an earlier run (kept in the keychain) that this run must accept again. */
  readonly merchants?: readonly OppwaSandboxMerchant[];
}

export function createOppwaEmulator(environment: EmulatorEnvironment, init: OppwaEmulatorInit = {}): GatewayEmulator {
  const settings = holdSettings(DEFAULT_OPPWA_EMULATOR_SETTINGS, init.settings);
  const merchants = createOppwaMerchantDirectory();
  for (const merchant of init.merchants ?? []) merchants.admit(merchant);
  const faults = createFaultInjector();
  const notifier = createOppwaNotifier(settings.read, merchants);
  const platform = createOppwaPlatform({ environment, settings: settings.read, book: createTransactionBook(), merchants, notifier });
  const status = statusRoutes(platform);
  const issuer = createIssuerSide(platform);

  const faultBodies = {
    httpError(status: 500 | 503 | 429): EmulatorResponse {
      if (status === 429) return answer(429, { result: result('800.120.100'), ...envelope(null, platform.now()) });
      return answer(status, { result: result(status === 503 ? '900.100.600' : '999.999.999'), ...envelope(null, platform.now()) });
    },
  };

  return assembleEmulator({
    wireRoutes: [...paymentRoutes(platform), ...backOfficeRoutes(platform), ...status.routes, ...registrationRoutes(platform), ...reportRoutes(platform)],
    faults,
    faultBodies,
    pageRoutes: issuer.acsRoutes,
    controlRoutes: sandboxControlRoutes(platform, { settings, notifier, faults, issuer, statusCallsOf: status.statusCallsOf }),
    scenarios: OPPWA_SCENARIOS,
    customer: { actions: OPPWA_CUSTOMER_ACTIONS, perform: (action, gatewayId) => issuer.performCustomerAction(action, gatewayId) },
    notifier,
    sweep: { run: platform.sweep, intervalMs: () => settings.read().sweepIntervalMs },
    profile: {
      accounts: merchants,
      material: (merchant) => ({
        options: { entityId: merchant.entityId },
        credentials: { accessToken: merchant.accessToken, webhookSecret: merchant.webhookSecret },
        // The adapter joins baseUrl + '/v1/…', as clients of the real hosts do.
        baseUrlPath: '/aci-oppwa',
      }),
    },
    statement: oppwaStatement(platform),
  });
}
