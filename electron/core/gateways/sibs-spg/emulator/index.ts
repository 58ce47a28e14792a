/**
 * The SIBS SPG v2 emulator: the server-to-server wire (checkout; card, token, MB WAY and
 * Multibanco steps; status; capture/refund/cancellation; MIT; MB WAY mandates) with SIBS's
 * authentication, validation and answer shapes, an in-memory state machine, 3-D Secure for
 * e-commerce test cards, the customer's side of asynchronous flows, encrypted webhooks and
 * fault injection. It keeps no card number: the PAN lives only in the request being decided.
 * This file wires the parts; each flow's routes live beside it.
 */
import type { z } from 'zod';
import { standardControlRoutes, type ControlBodySubject } from '../../../sandbox/control-routes.ts';
import { createFaultInjector, withFaults } from '../../../sandbox/fault-plan.ts';
import type { EmulatorEnvironment, EmulatorResponse, EmulatorRoute, GatewayEmulator } from '../../types.ts';
import { errorAnswer, mandateView, paymentView, temporarilyUnavailable } from './answers.ts';
import { backOfficeRoutes } from './back-office-routes.ts';
import { sibsBook } from './book-view.ts';
import { acsPageRoutes, cardRoutes } from './card-routes.ts';
import { checkoutRoutes } from './checkout-route.ts';
import { createCustomerActions, mandateApprovalSchema, SIBS_CUSTOMER_ACTIONS, type MandateApproval } from './customer-actions.ts';
import { createEmulatorContext, parseBody, type Parsed } from './emulator-context.ts';
import { isOpen } from './lifecycle.ts';
import { createMandateBook } from './mandate-book.ts';
import { mandateRoutes } from './mandate-routes.ts';
import { mbwayRoutes } from './mbway-routes.ts';
import { createMerchantDirectory, sandboxMerchantSchema, type SandboxMerchant } from './merchants.ts';
import { multibancoRoutes } from './multibanco-routes.ts';
import { createSibsNotifier } from './notifications.ts';
import { createPaymentBook } from './payment-book.ts';
import { SIBS_SCENARIOS } from './scenarios.ts';
import { DEFAULT_SIBS_EMULATOR_SETTINGS, sibsEmulatorSettingsPatchSchema, type SibsEmulatorSettings } from './settings.ts';
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
  let settings: SibsEmulatorSettings = { ...DEFAULT_SIBS_EMULATOR_SETTINGS, ...init.settings };
  const merchants = createMerchantDirectory();
  for (const merchant of init.merchants ?? []) merchants.admit(merchant);
  const book = createPaymentBook();
  const mandates = createMandateBook();
  const faults = createFaultInjector();
  const notifier = createSibsNotifier(() => settings, merchants, () => environment.baseUrl());
  const context = createEmulatorContext({
    settings: () => settings,
    merchants,
    book,
    mandates,
    notifier,
    now: () => environment.clock.now(),
    baseUrl: () => environment.baseUrl(),
  });
  const { touch, touchMandate } = context;
  const performCustomerAction = createCustomerActions(context);

  function sweep(): void {
    for (const payment of book.payments()) if (isOpen(payment)) touch(payment);
    for (const mandate of mandates.all()) touchMandate(mandate);
  }

  let sweepTimer: NodeJS.Timeout | null = null;
  function scheduleSweep(): void {
    sweepTimer = setTimeout(() => {
      sweep();
      scheduleSweep();
    }, settings.sweepIntervalMs);
    sweepTimer.unref();
  }
  scheduleSweep();

  const wireRoutes: EmulatorRoute[] = [
    ...checkoutRoutes(context),
    ...cardRoutes(context),
    ...mbwayRoutes(context),
    ...multibancoRoutes(context),
    ...statusRoutes(context),
    ...backOfficeRoutes(context),
    ...mandateRoutes(context),
  ];

  const faultBodies = {
    httpError(status: 500 | 503 | 429): EmulatorResponse {
      if (status === 429) return errorAnswer(429, 'T9999', 'Error', 'Too many requests');
      return status === 503 ? temporarilyUnavailable() : errorAnswer(500, 'T9999', 'Error', 'Internal error');
    },
  };

  function controlError(status: number, error: string, message: string): EmulatorResponse {
    return { status, body: { error, message } };
  }

  // A refused control body carries the SIBS wire refusal, so the tools show what SIBS would say.
  function parseControlBody<Schema extends z.ZodType>(rawBody: string, schema: Schema, subject: ControlBodySubject): Parsed<z.output<Schema>> {
    const parsed = parseBody(rawBody, schema);
    return parsed.ok ? parsed : { ok: false, response: controlError(400, `invalid_${subject}`, JSON.stringify(parsed.response.body)) };
  }

  const controlRoutes: EmulatorRoute[] = [
    { method: 'GET', path: '/payments', handle: () => ({ status: 200, body: { payments: book.payments().map(paymentView) } }) },
    {
      method: 'GET',
      path: '/payments/:id',
      handle(request) {
        const id = request.params['id'] ?? '';
        const payment = book.payments().find((candidate) => candidate.transactionId === id || candidate.operations.some((operation) => operation.transactionId === id));
        if (payment === undefined) return controlError(404, 'not_found', `No payment ${id}`);
        touch(payment);
        return { status: 200, body: paymentView(payment) };
      },
    },
    { method: 'GET', path: '/mandates', handle: () => ({ status: 200, body: { mandates: mandates.all().map(mandateView) } }) },
    {
      method: 'GET',
      path: '/mandates/:id',
      handle(request) {
        const mandate = mandates.find(request.params['id'] ?? '');
        if (mandate === null) return controlError(404, 'not_found', `No mandate ${request.params['id'] ?? ''}`);
        touchMandate(mandate);
        return { status: 200, body: mandateView(mandate) };
      },
    },
    {
      method: 'POST',
      path: '/actions/:action/:id',
      async handle(request) {
        let approval: MandateApproval = {};
        if (request.rawBody.trim() !== '') {
          const parsed = parseBody(request.rawBody, mandateApprovalSchema);
          if (!parsed.ok) return controlError(400, 'invalid_action', JSON.stringify(parsed.response.body));
          approval = parsed.value;
        }
        const result = await performCustomerAction(request.params['action'] ?? '', request.params['id'] ?? '', approval);
        return { status: result.ok ? 200 : 409, body: result };
      },
    },
    ...standardControlRoutes({
      parseBody: parseControlBody,
      settings: {
        read: () => settings,
        apply(patch) {
          settings = { ...settings, ...patch };
        },
        patchSchema: sibsEmulatorSettingsPatchSchema,
      },
      notifier,
      merchants: { admit: (merchant) => merchants.admit(merchant), schema: sandboxMerchantSchema },
      sweep,
      faults,
      book: () => sibsBook(book),
    }),
  ];

  return {
    routes: [...withFaults(wireRoutes, faults, faultBodies), ...acsPageRoutes(context)],
    controlRoutes,
    scenarios: SIBS_SCENARIOS,
    customerActions: SIBS_CUSTOMER_ACTIONS,
    performCustomerAction: (action, gatewayId) => performCustomerAction(action, gatewayId),
    setNotificationUrl(url) {
      notifier.setUrl(url);
    },
    sandboxProfile(held) {
      const readmitted = held ? merchants.readmit(held) : null;
      const merchant = readmitted ?? merchants.issue();
      return {
        reused: readmitted !== null,
        // SIBS's own example entity (seed 001); a real merchant enters theirs.
        options: { terminalId: merchant.terminalId, channel: 'web', multibancoEntity: '24000' },
        credentials: { authToken: merchant.authToken, clientId: merchant.clientId, webhookSecret: merchant.webhookSecret ?? '' },
        baseUrlPath: '/sibs-spg/api/v2',
      };
    },
    close() {
      if (sweepTimer !== null) clearTimeout(sweepTimer);
      notifier.close();
      return Promise.resolve();
    },
  };
}
