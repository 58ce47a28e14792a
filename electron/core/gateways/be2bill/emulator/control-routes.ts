/**
 * The Be2bill emulator's control routes (`/control/be2bill/…`): its transactions as it books them
 * (with what each still allows), its N-times schedules and their next outcomes, customer actions,
 * host hit counts, export deliveries, and the sandbox's standard settings, notifications,
 * accounts, sweep, fault plan and book.
 */
import { z } from 'zod';
import { parseControlBody, standardControlRoutes } from '../../../sandbox/control-routes.ts';
import { controlNotFound, outcomeAnswer } from '../../../sandbox/emulator-kit/control-answers.ts';
import { recordRoutes } from '../../../sandbox/emulator-kit/record-routes.ts';
import type { FaultInjector } from '../../../sandbox/fault-plan.ts';
import type { EmulatorRoute } from '../../types.ts';
import { be2billBook } from './book-view.ts';
import type { EmulatedTransaction } from './book.ts';
import type { CustomerSide } from './customer-routes.ts';
import { be2billSandboxAccountSchema } from './merchants.ts';
import type { Platform } from './platform.ts';
import type { ReportDelivery } from './report-delivery.ts';
import { be2billEmulatorSettingsPatchSchema } from './settings.ts';
import { transactionRow } from './transaction-rows.ts';
import type { WireRoutes } from './wire-routes.ts';

const nextOutcomesSchema = z.strictObject({ execCodes: z.array(z.string().regex(/^\d{4}$/)).max(100) });

export interface ControlParts {
  readonly platform: Platform;
  readonly wire: WireRoutes;
  readonly customer: CustomerSide;
  readonly reports: ReportDelivery;
  readonly faults: FaultInjector;
  readonly sweep: () => void;
}

export function controlRoutes({ platform, wire, customer, reports, faults, sweep }: ControlParts): EmulatorRoute[] {
  const { book, money } = platform;

  function ledgerView(transaction: EmulatedTransaction): Record<string, unknown> {
    return {
      ...transactionRow(transaction),
      referenceId: transaction.referenceId,
      cancellation: transaction.cancellation,
      capturable: transaction.operationType === 'authorization' ? money.capturableOf(transaction).toString() : null,
      refundable: money.refundableOf(transaction).toString(),
      session: transaction.session === null ? null : { kind: transaction.session.kind, expiresAt: transaction.session.expiresAt.toISOString() },
    };
  }

  const scheduleOf = (id: string | undefined) => book.schedule(id ?? '');

  return [
    ...recordRoutes({ collection: 'transactions', noun: 'transaction', all: () => book.all(), find: (id) => book.get(id), view: ledgerView }),
    {
      method: 'GET',
      path: '/schedules/:id',
      handle(request) {
        const schedule = scheduleOf(request.params['id']);
        if (schedule === null) return controlNotFound('schedule', request.params['id'] ?? '');
        const instalments = schedule.instalments.map((instalment) => ({ ...instalment, amountMinor: instalment.amountMinor.toString() }));
        return { status: 200, body: { id: schedule.id, stopped: schedule.stopped, instalments } };
      },
    },
    {
      method: 'POST',
      path: '/schedules/:id/next-outcomes',
      handle(request) {
        const schedule = scheduleOf(request.params['id']);
        if (schedule === null) return controlNotFound('schedule', request.params['id'] ?? '');
        const input = parseControlBody(request.rawBody, nextOutcomesSchema);
        if (!input.ok) return input.response;
        schedule.nextOutcomes = [...input.value.execCodes];
        return { status: 200, body: { nextOutcomes: schedule.nextOutcomes } };
      },
    },
    {
      method: 'POST',
      path: '/actions/:action/:id',
      async handle(request) {
        return outcomeAnswer(await customer.perform(request.params['action'] ?? '', request.params['id'] ?? ''));
      },
    },
    { method: 'GET', path: '/hosts', handle: () => ({ status: 200, body: { hits: wire.hits(), primary: platform.settings().primaryHost, fallback: platform.settings().fallbackHost } }) },
    { method: 'GET', path: '/exports', handle: () => ({ status: 200, body: { deliveries: reports.deliveries(), mailed: reports.mailed() } }) },
    ...standardControlRoutes({
      settings: { read: () => platform.settings(), apply: (patch) => platform.updateSettings(patch), patchSchema: be2billEmulatorSettingsPatchSchema },
      notifier: platform.notifier,
      deliveriesPath: '/notifications',
      merchants: { admit: (account) => platform.accounts.admit(account), schema: be2billSandboxAccountSchema, path: '/accounts' },
      sweep,
      tickReport: () => ({ day: platform.platformDay(platform.now()) }),
      faults,
      book: () => be2billBook(book),
    }),
  ];
}
