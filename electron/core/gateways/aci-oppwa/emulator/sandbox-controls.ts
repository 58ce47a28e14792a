/**
 * The emulator's sandbox controls (`/control/aci-oppwa/…`): the transaction book with each
 * transaction's state and what is left to refund, the status calls it answered and refused,
 * customer and issuer actions, chargebacks, and the controls every emulator has.
 */
import { z } from 'zod';
import { parseControlBody, standardControlRoutes } from '../../../sandbox/control-routes.ts';
import { outcomeAnswer } from '../../../sandbox/emulator-kit/control-answers.ts';
import { recordRoutes } from '../../../sandbox/emulator-kit/record-routes.ts';
import type { SettingsHolder } from '../../../sandbox/emulator-kit/settings-holder.ts';
import type { FaultInjector } from '../../../sandbox/fault-plan.ts';
import type { EmulatorRoute } from '../../types.ts';
import { oppwaBook } from './book-view.ts';
import type { OppwaIssuerSide } from './issuer-side.ts';
import { oppwaSandboxMerchantSchema } from './merchants.ts';
import type { OppwaNotifier } from './notifications.ts';
import type { OppwaPlatform } from './platform.ts';
import { oppwaEmulatorSettingsPatchSchema, type OppwaEmulatorSettings } from './settings.ts';
import type { StatusCallCount } from './status-routes.ts';
import { stateOf, type EmulatedTransaction } from './transaction-book.ts';

const chargebackSchema = z.strictObject({
  amount: z.string().regex(/^\d{1,12}(\.\d{2})?$/).optional(),
  code: z.string().regex(/^000\.100\.2\d{2}$/).optional(),
});

export interface SandboxControlParts {
  readonly settings: SettingsHolder<OppwaEmulatorSettings>;
  readonly notifier: OppwaNotifier;
  readonly faults: FaultInjector;
  readonly issuer: OppwaIssuerSide;
  statusCallsOf(id: string): StatusCallCount;
}

export function sandboxControlRoutes(platform: OppwaPlatform, parts: SandboxControlParts): EmulatorRoute[] {
  const { book, view, touch } = platform;

  function ledgerView(transaction: EmulatedTransaction): Record<string, unknown> {
    return {
      ...view(transaction),
      state: stateOf(transaction),
      refundable: transaction.currency === null ? null : transaction.amountMinor === null ? null : book.refundableMinor(transaction).toString(),
      linked: book.linked(transaction.id).map((child) => ({ id: child.id, paymentType: child.paymentType, code: child.code, state: stateOf(child) })),
    };
  }

  const controlRoutes: EmulatorRoute[] = [
    ...recordRoutes({ collection: 'transactions', noun: 'transaction', all: () => book.all(), find: (id) => book.get(id), view: ledgerView, touch }),
    {
      method: 'GET',
      path: '/status-calls/:id',
      handle(request) {
        return { status: 200, body: parts.statusCallsOf(request.params['id'] ?? '') };
      },
    },
    {
      method: 'POST',
      path: '/actions/:action/:id',
      async handle(request) {
        const input = parseControlBody(request.rawBody, chargebackSchema);
        if (!input.ok) return input.response;
        return outcomeAnswer(await parts.issuer.performCustomerAction(request.params['action'] ?? '', request.params['id'] ?? '', input.value));
      },
    },
    {
      method: 'POST',
      path: '/chargebacks/:id',
      handle(request) {
        const input = parseControlBody(request.rawBody, chargebackSchema);
        if (!input.ok) return input.response;
        return outcomeAnswer(parts.issuer.bookChargeback(request.params['id'] ?? '', input.value));
      },
    },
    {
      method: 'POST',
      path: '/chargebacks/:id/reversal',
      handle(request) {
        return outcomeAnswer(parts.issuer.reverseChargeback(request.params['id'] ?? ''));
      },
    },
    ...standardControlRoutes({
      settings: { read: parts.settings.read, apply: parts.settings.apply, patchSchema: oppwaEmulatorSettingsPatchSchema },
      notifier: parts.notifier,
      merchants: { admit: (merchant) => platform.merchants.admit(merchant), schema: oppwaSandboxMerchantSchema },
      sweep: platform.sweep,
      faults: parts.faults,
      book: () => oppwaBook(book),
    }),
  ];

  return controlRoutes;
}
