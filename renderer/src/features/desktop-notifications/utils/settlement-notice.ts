import type { EventPayload } from '../../../../../shared/ipc/contract.ts';
import type { PaymentStatus } from '../../../../../shared/domain/schemas.ts';
import { formatAmount } from '../../../format/money-format.ts';
import type { MessageKey } from '../../../i18n/en.ts';
import type { Translate } from '../../../i18n/translate.ts';

export type PaymentSettled = EventPayload<'payment:settled'>;

export interface SettlementNotice {
  readonly title: string;
  readonly body: string;
  /** One notice per payment: a second event for it replaces the first instead of stacking. */
  readonly tag: string;
  readonly paymentId: string;
  /** Whether the news is good, for the in-app toast's colour. */
  readonly tone: 'ok' | 'bad' | 'neutral';
}

const TITLES: Readonly<Record<PaymentStatus, MessageKey>> = {
  pending: 'notify.title.pending',
  requires_action: 'notify.title.requires_action',
  authorized: 'notify.title.authorized',
  partially_captured: 'notify.title.partially_captured',
  captured: 'notify.title.captured',
  partially_refunded: 'notify.title.partially_refunded',
  refunded: 'notify.title.refunded',
  voided: 'notify.title.voided',
  declined: 'notify.title.declined',
  failed: 'notify.title.failed',
  expired: 'notify.title.expired',
  unknown: 'notify.title.unknown',
  needs_review: 'notify.title.needs_review',
};

const GOOD: ReadonlySet<PaymentStatus> = new Set(['authorized', 'partially_captured', 'captured']);
const BAD: ReadonlySet<PaymentStatus> = new Set(['declined', 'failed', 'expired', 'needs_review']);

/** "Payment captured" / "€19.20 · MBW-…": what the operator is told when a payment settles by itself. */
export function settlementNotice(event: PaymentSettled, t: Translate, intlLocale: string): SettlementNotice {
  return {
    title: t(TITLES[event.status]),
    body: t('notify.body', { amount: formatAmount(event.amount, event.currency, intlLocale), reference: event.merchantReference }),
    tag: `payment-settled:${event.paymentId}`,
    paymentId: event.paymentId,
    tone: GOOD.has(event.status) ? 'ok' : BAD.has(event.status) ? 'bad' : 'neutral',
  };
}

/** What the browser lets us do: `unsupported` when there is no Notification API at all. */
export type DesktopPermission = 'granted' | 'denied' | 'default' | 'unsupported';

export type NoticeDelivery = 'desktop' | 'toast';

/**
 * A desktop notification only when the operator allowed it; otherwise (never asked, refused,
 * no API) the console shows the news itself so it is never lost.
 */
export function chooseDelivery(permission: DesktopPermission): NoticeDelivery {
  return permission === 'granted' ? 'desktop' : 'toast';
}

/** Toasts beyond this many push the oldest out: a burst of settlements must not cover the screen. */
export const MAX_TOASTS = 4;

export function addToast<T extends { readonly tag: string }>(toasts: readonly T[], toast: T, max = MAX_TOASTS): T[] {
  const others = toasts.filter((existing) => existing.tag !== toast.tag);
  return [...others, toast].slice(-max);
}
