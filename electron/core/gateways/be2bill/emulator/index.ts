/**
 * The Be2bill emulator (mounted at /be2bill), written from the fact sheet alone: it shares no code
 * with the adapter, so a misreading of the documents on one side shows on the other. It plays both
 * hosts of one platform (wire-routes.ts); each `method` has its flow beside this file — payments,
 * authorizations and credits (payment-routes.ts), captures and refunds (operation-routes.ts),
 * N-times schedules (schedule-routes.ts), getTransactions (lookup-routes.ts), CSV reports
 * (export-routes.ts) — plus the customer's 3-D Secure and redirect pages (customer-routes.ts) and
 * the sandbox control routes (control-routes.ts). This file wires them.
 */
import { assembleEmulator } from '../../../sandbox/emulator-kit/assemble-emulator.ts';
import { htmlPage } from '../../../sandbox/emulator-kit/html-page.ts';
import { createFaultInjector } from '../../../sandbox/fault-plan.ts';
import type { EmulatorEnvironment, EmulatorResponse, GatewayEmulator } from '../../types.ts';
import { controlRoutes } from './control-routes.ts';
import { BE2BILL_CUSTOMER_ACTIONS, customerSide } from './customer-routes.ts';
import { exportRoutes } from './export-routes.ts';
import { lookupRoutes } from './lookup-routes.ts';
import type { Be2billSandboxAccount } from './merchants.ts';
import { operationRoutes } from './operation-routes.ts';
import { paymentRoutes } from './payment-routes.ts';
import { createPlatform } from './platform.ts';
import { createReportDelivery } from './report-delivery.ts';
import { BE2BILL_SCENARIOS } from './scenarios.ts';
import { scheduleFlow } from './schedule-routes.ts';
import { be2billStatement } from './statement-file.ts';
import type { Be2billEmulatorSettings } from './settings.ts';
import { wireRoutes } from './wire-routes.ts';

export { BE2BILL_CUSTOMER_ACTIONS } from './customer-routes.ts';
export { DEFAULT_BE2BILL_EMULATOR_SETTINGS, type Be2billEmulatorSettings } from './settings.ts';
export { BE2BILL_SCENARIOS, BE2BILL_TEST_CARDS } from './scenarios.ts';

export interface Be2billEmulatorInit {
  readonly settings?: Partial<Be2billEmulatorSettings>;
  /** Accounts issued by an earlier run (their password is in the keychain) that this run accepts again. */
  readonly accounts?: readonly Be2billSandboxAccount[];
}

const faultBodies = {
  httpError: (status: 500 | 503 | 429): EmulatorResponse => htmlPage(status, status === 429 ? 'Too Many Requests' : 'Server Error', '<p>The platform could not answer.</p>'),
};

export function createBe2billEmulator(environment: EmulatorEnvironment, init: Be2billEmulatorInit = {}): GatewayEmulator {
  const platform = createPlatform(environment, init);
  const faults = createFaultInjector();
  const reports = createReportDelivery(platform);
  const customer = customerSide(platform);
  const schedules = scheduleFlow(platform);

  // Due instalments and expired pages are looked for on every request and on a timer.
  function sweep(): void {
    customer.expireSessions();
    schedules.chargeDueInstalments();
  }

  const wire = wireRoutes(
    platform,
    {
      process: { ...paymentRoutes(platform), ...operationRoutes(platform), ...schedules.routes },
      export: { ...lookupRoutes(platform, reports), ...exportRoutes(platform, reports) },
    },
    sweep,
  );

  return assembleEmulator({
    wireRoutes: wire.routes,
    faults,
    faultBodies,
    pageRoutes: customer.routes,
    controlRoutes: controlRoutes({ platform, wire, customer, reports, faults, sweep }),
    scenarios: BE2BILL_SCENARIOS,
    customer: { actions: BE2BILL_CUSTOMER_ACTIONS, perform: customer.perform },
    notifier: platform.notifier,
    sweep: { run: sweep, intervalMs: () => platform.settings().sweepIntervalMs },
    profile: {
      accounts: platform.accounts,
      material: (account) => ({
        // Profile options are plain values and the sandbox port changes between runs, so the second
        // host is a path the adapter resolves on the primary's origin.
        options: { identifier: account.identifier, fallbackBaseUrl: '/be2bill/fallback' },
        credentials: { password: account.password },
        baseUrlPath: '/be2bill/primary',
      }),
    },
    statement: be2billStatement(platform),
    closers: [wire.close, reports.close],
  });
}
