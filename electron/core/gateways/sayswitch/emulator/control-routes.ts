/**
 * The Sayswitch emulator's control routes (`/control/sayswitch/…`): its transactions as it books
 * them with their refunds, the customer's actions, paying a bank transfer, the scenarios as the
 * settings make them (the test OTP), and the controls every emulator has.
 */
import { standardControlRoutes } from '../../../sandbox/control-routes.ts';
import { outcomeAnswer } from '../../../sandbox/emulator-kit/control-answers.ts';
import { recordRoutes } from '../../../sandbox/emulator-kit/record-routes.ts';
import type { SettingsHolder } from '../../../sandbox/emulator-kit/settings-holder.ts';
import type { FaultInjector } from '../../../sandbox/fault-plan.ts';
import type { EmulatorRoute } from '../../types.ts';
import { sayswitchBook } from './book-view.ts';
import type { ActionOutcome } from './customer-actions.ts';
import { sayswitchSandboxMerchantSchema, type SayswitchMerchantDirectory } from './merchants.ts';
import type { SayswitchNotifier } from './notifications.ts';
import type { SayswitchRouteKit } from './route-kit.ts';
import { sayswitchScenarios } from './scenarios.ts';
import { sayswitchEmulatorSettingsPatchSchema, type SayswitchEmulatorSettings } from './settings.ts';
import type { EmulatedRefund, EmulatedTransaction } from './transaction-book.ts';

export interface SayswitchControlParts {
  readonly kit: SayswitchRouteKit;
  readonly settings: SettingsHolder<SayswitchEmulatorSettings>;
  readonly merchants: SayswitchMerchantDirectory;
  readonly notifier: SayswitchNotifier;
  readonly faults: FaultInjector;
  refundView(refund: EmulatedRefund): Record<string, unknown>;
  payTransfer(reference: string): ActionOutcome;
  performCustomerAction(action: string, idOrReference: string): Promise<ActionOutcome>;
}

export function sayswitchControlRoutes({ kit, settings, merchants, notifier, faults, refundView, payTransfer, performCustomerAction }: SayswitchControlParts): EmulatorRoute[] {
  const { book, sweep } = kit;

  function transactionView(transaction: EmulatedTransaction): Record<string, unknown> {
    return {
      ...kit.verifyView(transaction, true),
      flow: transaction.flow,
      paymentId: transaction.paymentId,
      virtualAccount: transaction.virtualAccount,
      refunds: book.refundsOf(transaction.id).map(refundView),
    };
  }

  return [
    // The clock may have ended an open card step or settled a refund: one transaction is shown after the sweep.
    ...recordRoutes({ collection: 'transactions', noun: 'transaction', all: () => book.all(), find: (id) => book.find(id), view: transactionView, touch: () => sweep() }),
    { method: 'POST', path: '/transfers/:reference/pay', handle: (request) => outcomeAnswer(payTransfer(request.params['reference'] ?? '')) },
    { method: 'POST', path: '/actions/:action/:id', handle: async (request) => outcomeAnswer(await performCustomerAction(request.params['action'] ?? '', request.params['id'] ?? '')) },
    { method: 'GET', path: '/scenarios', handle: () => ({ status: 200, body: { scenarios: sayswitchScenarios(settings.read().testOtp) } }) },
    ...standardControlRoutes({
      settings: { ...settings, patchSchema: sayswitchEmulatorSettingsPatchSchema },
      notifier,
      merchants: { admit: (merchant) => merchants.admit(merchant), schema: sayswitchSandboxMerchantSchema },
      sweep,
      faults,
      book: () => sayswitchBook(book),
    }),
  ];
}
