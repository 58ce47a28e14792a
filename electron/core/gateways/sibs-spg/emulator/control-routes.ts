/**
 * The SIBS emulator's control routes (`/control/sibs-spg/…`): its payments and MB WAY mandates as
 * it books them, customer actions (with an optional mandate approval), and the controls every
 * emulator has. A refused control body carries the SIBS wire refusal, so the tools show what SIBS
 * would say.
 */
import type { z } from 'zod';
import { standardControlRoutes, type ControlBodySubject } from '../../../sandbox/control-routes.ts';
import { controlError, outcomeAnswer } from '../../../sandbox/emulator-kit/control-answers.ts';
import { recordRoutes } from '../../../sandbox/emulator-kit/record-routes.ts';
import type { SettingsHolder } from '../../../sandbox/emulator-kit/settings-holder.ts';
import type { FaultInjector } from '../../../sandbox/fault-plan.ts';
import type { EmulatorRoute } from '../../types.ts';
import { mandateView, paymentView } from './answers.ts';
import { sibsBook } from './book-view.ts';
import { mandateApprovalSchema, type MandateApproval } from './customer-actions.ts';
import { parseBody, type Parsed, type SibsEmulatorContext } from './emulator-context.ts';
import { sandboxMerchantSchema, type MerchantDirectory } from './merchants.ts';
import { sibsEmulatorSettingsPatchSchema, type SibsEmulatorSettings } from './settings.ts';

export interface SibsControlParts {
  readonly context: SibsEmulatorContext;
  readonly settings: SettingsHolder<SibsEmulatorSettings>;
  readonly merchants: MerchantDirectory;
  readonly faults: FaultInjector;
  sweep(): void;
  performCustomerAction(action: string, id: string, approval: MandateApproval): Promise<{ ok: boolean; message: string }>;
}

function parseControlBody<Schema extends z.ZodType>(rawBody: string, schema: Schema, subject: ControlBodySubject): Parsed<z.output<Schema>> {
  const parsed = parseBody(rawBody, schema);
  return parsed.ok ? parsed : { ok: false, response: controlError(400, `invalid_${subject}`, JSON.stringify(parsed.response.body)) };
}

export function sibsControlRoutes({ context, settings, merchants, faults, sweep, performCustomerAction }: SibsControlParts): EmulatorRoute[] {
  const { book, mandates, notifier, touch, touchMandate } = context;
  return [
    ...recordRoutes({
      collection: 'payments',
      noun: 'payment',
      all: () => book.payments(),
      // A refund or capture id shows the payment it belongs to.
      find: (id) => book.payments().find((candidate) => candidate.transactionId === id || candidate.operations.some((operation) => operation.transactionId === id)) ?? null,
      view: paymentView,
      touch,
    }),
    ...recordRoutes({ collection: 'mandates', noun: 'mandate', all: () => mandates.all(), find: (id) => mandates.find(id), view: mandateView, touch: touchMandate }),
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
        return outcomeAnswer(await performCustomerAction(request.params['action'] ?? '', request.params['id'] ?? '', approval));
      },
    },
    ...standardControlRoutes({
      parseBody: parseControlBody,
      settings: { ...settings, patchSchema: sibsEmulatorSettingsPatchSchema },
      notifier,
      merchants: { admit: (merchant) => merchants.admit(merchant), schema: sandboxMerchantSchema },
      sweep,
      faults,
      book: () => sibsBook(book),
    }),
  ];
}
