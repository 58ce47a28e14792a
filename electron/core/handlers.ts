/** One handler per contract channel, each a thin call into a use-case. */
import type { RecordsView } from './gateways/gateway-catalog.ts';
import { CHANNEL_NAMES, paymentSummarySchema } from '../../shared/ipc/contract.ts';
import { formatDecimal } from '../../shared/money/money.ts';
import type { Handlers } from './door.ts';
import type { GatewayDefinition } from './gateways/types.ts';
import type { Ledger } from './ledger/port.ts';
import type { PaymentService } from './payments/payment-service.ts';
import { presentDetail, presentSummary, presentWire, wireCursorFrom, wireCursorText } from './payments/presenters.ts';
import { applyGatewayRules } from './payments/balance-policy.ts';
import { deleteStoredCard } from './payments/stored-card-deletion.ts';
import { searchFiltersOf } from './payments/search-filters.ts';
import { createPaymentExportHandlers, type PaymentExportDeps } from './payments/payment-export-handlers.ts';
import type { ProfileService } from './profiles/profile-service.ts';
import type { SandboxWorkspace } from './workspace/sandbox-workspace.ts';
import type { GatewayId } from '../../shared/domain/schemas.ts';
import { ForbiddenError, NotFoundError, NotSupportedError } from './errors.ts';
import { LatestCalls } from './latest-call.ts';
import type { MandateService } from './mandates/mandate-service.ts';
import type { NotificationReceiver } from './notify/notification-receiver.ts';
import type { StoredToken } from './ledger/types.ts';
import type { StoredCredential } from '../../shared/ipc/contract.ts';
import type { Auditor } from './audit.ts';
import type { Poller } from './poller/poller.ts';
import { fitRow, presentRows } from './list-rows.ts';
import type { Clock, Logger } from './ports.ts';
import { dashboardSummary } from './dashboard/dashboard-summary.ts';
import { createLedgerChoiceHandlers, type LedgerChoiceDeps } from './ledger-choice-handlers.ts';
import { createWebhookReceiverHandlers } from './webhook-receiver-handlers.ts';
import { createAuditHandlers, type AuditHandlerDeps } from './audit-log/audit-handlers.ts';
import { createReconHandlers, type ReconHandlerDeps } from './recon/recon-handlers.ts';
import { createReconImportHandler, type ReconImportDeps } from './recon/recon-import-handler.ts';
import { createReconMappingHandlers, type ReconMappingDeps } from './recon/recon-mapping-handlers.ts';
import { createSavedViewHandlers, type SavedViewDeps } from './views/saved-view-handlers.ts';
import { createReconUploadHandlers, type ReconUploadDeps } from './recon/recon-upload-handlers.ts';
import { createReconFetchHandler, type ReconFetchDeps } from './recon/recon-fetch-handler.ts';
import { createMitBatchHandlers, type MitBatchHandlerDeps } from './mit-batch/mit-batch-handlers.ts';
import { createOperatorHandlers, type OperatorHandlerDeps } from './operators/operator-handlers.ts';

export interface HandlerDeps {
  readonly version: string;
  readonly mode: 'electron' | 'browser' | 'cli';
  readonly dataDir: string;
  readonly operator: string;
  readonly ledger: Ledger;
  readonly profiles: ProfileService;
  readonly payments: PaymentService;
  readonly definitions: readonly GatewayDefinition[];
  /** What the payment screens show of a gateway, also of one this version lacks. */
  readonly gatewayView: (id: GatewayId) => RecordsView;
  readonly mandates: MandateService;
  readonly poller: Poller;
  readonly auditor: Auditor;
  readonly sandbox: () => SandboxWorkspace | null;
  readonly notifications: () => NotificationReceiver | null;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly notices: () => readonly string[];
  readonly ledgerChoice: LedgerChoiceDeps;
  readonly audit: AuditHandlerDeps;
  readonly recon: ReconHandlerDeps;
  readonly reconImport: ReconImportDeps;
  readonly reconMappings: ReconMappingDeps;
  readonly savedViews: SavedViewDeps;
  readonly reconUpload: ReconUploadDeps;
  readonly reconFetch: ReconFetchDeps;
  readonly paymentExport: PaymentExportDeps;
  readonly mitBatch: MitBatchHandlerDeps;
  readonly operators: OperatorHandlerDeps;
}

function presentToken(token: StoredToken): StoredCredential {
  return {
    id: token.id,
    profileId: token.profileId,
    gatewayId: token.gatewayId,
    type: 'card-token',
    brand: token.brand,
    last4: token.last4,
    expiryMonth: token.expiryMonth,
    expiryYear: token.expiryYear,
    holder: token.holder,
    originPaymentId: token.originPaymentId,
    status: token.status,
    createdAt: token.createdAt.toISOString(),
  };
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const { ledger, profiles, payments } = deps;
  const totalsCounts = new LatestCalls();
  const detail = async (paymentId: string) => {
    const payment = await ledger.payments.get(paymentId);
    if (!payment) throw new NotFoundError(`No payment with id ${paymentId}`);
    const presented = await presentDetail(ledger, payment, deps.gatewayView(payment.gatewayId));
    // The list showed this payment with what could be shown; its own page shows the same, not an error.
    const fitted = fitRow(presented.payment, paymentSummarySchema);
    if (fitted === null) return presented;
    if (fitted.blanked.length > 0) deps.logger.warn('a payment is shown with fields left blank', { id: payment.id, blanked: fitted.blanked });
    return { ...presented, payment: fitted.value };
  };

  const handlers: Handlers = {
    ...createLedgerChoiceHandlers(deps.ledgerChoice),
    ...createWebhookReceiverHandlers({ ledger: deps.ledger, profiles: deps.profiles, auditor: deps.auditor, clock: deps.clock }),
    ...createAuditHandlers(deps.audit),
    ...createReconHandlers(deps.recon),
    ...createReconImportHandler(deps.reconImport),
    ...createReconMappingHandlers(deps.reconMappings),
    ...createSavedViewHandlers(deps.savedViews),
    ...createReconUploadHandlers(deps.reconUpload),
    ...createReconFetchHandler(deps.reconFetch),
    ...createPaymentExportHandlers(deps.paymentExport),
    ...createMitBatchHandlers(deps.mitBatch),
    ...createOperatorHandlers(deps.operators),
    'app:info': async () => {
      const sandbox = deps.sandbox();
      return {
        version: deps.version,
        mode: deps.mode,
        operator: deps.operator,
        dataDir: deps.dataDir,
        sandbox: { running: sandbox !== null, baseUrl: sandbox ? sandbox.server.baseUrl : null },
        notifications: { running: deps.notifications() !== null, baseUrl: deps.notifications()?.baseUrl ?? null },
        notices: deps.notices().slice(0, 50),
      };
    },
    'gateways:list': async () =>
      deps.definitions.map(({ descriptor, statementMappings, statementReports }) => ({
        id: descriptor.id,
        displayName: descriptor.displayName,
        capabilities: [...descriptor.capabilities],
        paymentMethods: [...descriptor.paymentMethods],
        moto: descriptor.moto,
        voidTerm: descriptor.presentation?.voidTerm ?? 'void',
        singleCapture: descriptor.singleCapture === true,
        defaultCurrencies: { ...descriptor.presentation?.defaultCurrencies },
        credentialFields: descriptor.credentialFields.map((f) => ({ ...f })),
        optionFields: descriptor.optionFields.map((f) => ({ ...f })),
        referenceRule: { rule: { ...descriptor.referenceRule.rule }, options: { ...descriptor.referenceRule.options } },
        statementMappings: (statementMappings ?? []).map((mapping) => mapping.name),
        statementReports: (statementReports ?? []).map((report) => ({ name: report.name, mapping: report.mapping })),
      })),
    'profiles:list': async () => profiles.list(),
    'profiles:create': async (input, context) => profiles.create(input, context),
    'profiles:update': async (input, context) => profiles.update(input.id, input, context),
    'profiles:delete': async (input, context) => ({ deleted: await profiles.remove(input.id, context) }),
    'credentials:set': async (input, context) => {
      await profiles.setCredential(input.profileId, input.field, input.value, context);
      return { stored: true as const };
    },
    'credentials:delete': async (input, context) => ({ deleted: await profiles.deleteCredential(input.profileId, input.field, context) }),
    'credentials:test': async (input) => profiles.adapterFor(input.profileId, { paymentId: null, operationId: null }).adapter.testCredentials(),
    'payments:createMoto': async (input, context) => payments.createMoto(input, context),
    'payments:requestMbway': async (input, context) => payments.requestMbway(input, context),
    'payments:createMultibancoReference': async (input, context) => payments.createMultibancoReference(input, context),
    'payments:continueAction': async (input, context) => payments.continueAction(input.paymentId, context, input.otp),
    'payments:requestBankTransfer': async (input, context) => payments.requestBankTransfer(input, context),
    'payments:ussdBanks': async (input) => payments.listUssdBanks(input.profileId),
    'payments:requestUssd': async (input, context) => payments.requestUssd(input, context),
    'payments:import': async (input, context) => detail(await payments.importPayment(input, context)),
    'payments:stopSchedule': async (input, context) => payments.stopSchedule(input.paymentId, context),
    'payments:chargeStored': async (input, context) => payments.chargeStored(input, context),
    'tokens:list': async (input) => (await ledger.tokens.list(input.profileId)).map(presentToken),
    'tokens:delete': async (input, context) => ({ deleted: await deleteStoredCard({ ledger, profiles, auditor: deps.auditor }, input.tokenId, context) }),
    'mandates:create': async (input, context) => deps.mandates.create(input, context),
    'mandates:list': async (input) => deps.mandates.list(input.profileId),
    'mandates:sync': async (input, context) => deps.mandates.sync(input.mandateId, context),
    'mandates:cancel': async (input, context) => deps.mandates.cancel(input.mandateId, context),
    'mandates:charge': async (input, context) => deps.mandates.charge(input, context),
    'sandbox:act': async (input, context) => {
      const sandbox = deps.sandbox();
      if (!sandbox) throw new NotSupportedError('The sandbox is not running');
      const mandate = await ledger.mandates.get(input.targetId);
      const payment = mandate ? null : await ledger.payments.get(input.targetId);
      if (!mandate && !payment) throw new NotFoundError(`No payment or mandate with id ${input.targetId}`);
      const profile = profiles.get((mandate ?? payment)!.profileId);
      if (profile.environment !== 'sandbox') throw new ForbiddenError('Customer actions exist only in the sandbox');
      const gatewayTargetId = mandate ? mandate.gatewayMandateId : payment!.gatewayTransactionId;
      if (!gatewayTargetId) throw new NotFoundError('The gateway has not assigned this an id yet');
      const emulator = sandbox.server.emulator(profile.gatewayId);
      if (!emulator.performCustomerAction || !emulator.customerActions?.some((a) => a.name === input.action)) {
        throw new NotSupportedError(`The ${profile.gatewayId} sandbox has no customer action ${input.action}`);
      }
      const result = await emulator.performCustomerAction(input.action, gatewayTargetId);
      await deps.auditor.record(context, 'sandbox.customer-action', { type: mandate ? 'mandate' : 'payment', id: input.targetId }, result.ok ? 'succeeded' : 'refused', { action: input.action });
      return result;
    },
    'sandbox:statement': async ({ gatewayId, ...request }) => {
      const sandbox = deps.sandbox();
      if (!sandbox) throw new NotSupportedError('The sandbox is not running');
      const emulator = sandbox.server.emulator(gatewayId);
      if (!emulator.statement) throw new NotSupportedError(`The ${gatewayId} sandbox writes no statement`);
      return emulator.statement(request);
    },
    'payments:search': async (input) => {
      const page = await ledger.views.searchPayments(searchFiltersOf(input), input.limit, input.cursor ?? null, input.sort);
      const balances = await ledger.operations.balancesOf(page.rows.map((row) => row.id));
      const presented = presentRows(page.rows, (row) => presentSummary(row, applyGatewayRules(balances.get(row.id)!, deps.gatewayView(row.gatewayId))), paymentSummarySchema, {
        what: 'payment',
        idOf: (row) => row.id,
        logger: deps.logger,
      });
      return presented.skipped > 0 ? { rows: presented.rows, nextCursor: page.nextCursor, skipped: presented.skipped } : { rows: presented.rows, nextCursor: page.nextCursor };
    },
    'payments:totals': async (input, context) => {
      const call = totalsCounts.start(`${context.origin}:${context.operator}`);
      const totals = await ledger.views.searchTotals(searchFiltersOf(input), call.signal).finally(call.done);
      return { count: totals.count, currencies: totals.currencies.map((entry) => ({ currency: entry.currency, count: entry.count, amount: formatDecimal(entry.amountMinor, entry.currency) })) };
    },
    'payments:get': async (input) => detail(input.paymentId),
    'payments:wireLog': async (input) => {
      const page = await ledger.wire.page(input.paymentId, input.limit, wireCursorFrom(input.cursor));
      if (page.entries.length === 0 && input.cursor === null && (await ledger.payments.get(input.paymentId)) === null) throw new NotFoundError(`No payment with id ${input.paymentId}`);
      return { entries: page.entries.map(presentWire), nextCursor: page.next === null ? null : wireCursorText(page.next) };
    },
    'payments:capture': async (input, context) => payments.capture(input, context),
    'payments:void': async (input, context) => payments.void(input, context),
    'payments:rebill': async (input, context) => payments.rebill(input, context),
    'payments:sync': async (input, context) => {
      await payments.sync(input.paymentId, context);
      return detail(input.paymentId);
    },
    'poller:queue': async (input) => {
      const page = await ledger.views.pollQueuePage({ gatewayId: input.gatewayId, state: input.state, limit: input.limit });
      const profileNames = new Map(profiles.list().map((profile) => [profile.id, profile.name]));
      const entries = page.entries.map((entry) => ({
        subject: entry.subject,
        subjectId: entry.subjectId,
        gatewayId: entry.gatewayId,
        profileName: entry.profileName ?? profileNames.get(entry.profileId) ?? entry.profileId,
        status: entry.status ?? 'unknown',
        method: entry.method ?? 'mandate',
        amount: entry.amountMinor !== null && entry.currency !== null ? formatDecimal(entry.amountMinor, entry.currency) : null,
        currency: entry.currency,
        merchantReference: entry.merchantReference ?? '',
        firstSeenAt: entry.firstSeenAt.toISOString(),
        nextCheckAt: entry.nextCheckAt.toISOString(),
        lastCheckedAt: entry.lastCheckedAt ? entry.lastCheckedAt.toISOString() : null,
        attempts: entry.attempts,
        state: entry.failures > 0 ? ('backing_off' as const) : ('waiting' as const),
        lastAnswer: entry.lastAnswer,
        lastError: entry.lastError,
      }));
      return { entries, total: page.total, needsReview: await ledger.payments.countWithStatus('needs_review'), polledBy: await deps.poller.polledBy() };
    },
    'poller:summary': async () => ledger.views.pollQueueSummary(),
    'dashboard:summary': async (input) => dashboardSummary(ledger, deps.clock, input),
    'poller:syncNow': async (input, context) => deps.poller.syncNow(input.paymentIds, context),
    'sandbox:info': async () => {
      const sandbox = deps.sandbox();
      return {
        running: sandbox !== null,
        baseUrl: sandbox ? sandbox.server.baseUrl : null,
        scenarios: sandbox ? sandbox.server.scenarios().map((s) => ({ gatewayId: s.gatewayId, name: s.name, description: s.description, card: s.card, cvv: s.cvv })) : [],
        customerActions: sandbox
          ? deps.definitions.flatMap(({ descriptor }) =>
              (sandbox.server.emulator(descriptor.id).customerActions ?? []).map((action) => ({ gatewayId: descriptor.id, name: action.name, label: action.label, target: action.target })),
            )
          : [],
      };
    },
  };
  // Guards against a channel added to the contract without a handler (the type already does at compile time).
  for (const name of CHANNEL_NAMES) if (typeof handlers[name] !== 'function') throw new Error(`No handler for ${name}`);
  return handlers;
}
