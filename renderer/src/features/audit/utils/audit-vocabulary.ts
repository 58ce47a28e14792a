/**
 * The audit log's actions and outcomes in the operator's words. The core writes them as codes
 * (`payment.refund`, `intent`); every code it writes has a label here, and one this version does
 * not know (written by a newer console on the same ledger) is shown as "other" with its code.
 */
import type { MessageKey } from '../../../i18n/en.ts';
import type { Translate } from '../../../i18n/translate.ts';
import { AUDIT_OUTCOMES, currentAuditOutcome } from '../../../../../shared/domain/audit-outcome.ts';
import { isPaymentStatus } from '../../../domain/vocabulary.ts';

/** The rest of every message key that starts with `Prefix`: a label list checked against the catalogue. */
type MessageSuffix<Prefix extends string, Key = MessageKey> = Key extends `${Prefix}${infer Rest}` ? Rest : never;

export type AuditActionGroup = 'payments' | 'setup' | 'reconciliation' | 'gateway';

/** Every action the core writes, by the group the action filter shows it in. */
const ACTIONS = {
  'payment.purchase': 'payments',
  'payment.authorize': 'payments',
  'payment.capture': 'payments',
  'payment.refund': 'payments',
  'refund.approval-requested': 'payments',
  'refund.approval-approved': 'payments',
  'refund.approval-rejected': 'payments',
  'payment.void': 'payments',
  'payment.mit': 'payments',
  'payment.rebill': 'payments',
  'payment.chargeback': 'payments',
  'payment.chargeback_reversal': 'payments',
  'payment.installment': 'payments',
  'payment.continue': 'payments',
  'payment.import': 'payments',
  'payment.stop-schedule': 'payments',
  'payment.sync': 'payments',
  'payment.repair-gateway-id': 'payments',
  'payment.status-conflict': 'payments',
  'payment.status': 'payments',
  'payment.poll-horizon': 'payments',
  'mandate.create': 'payments',
  'mandate.status': 'payments',
  'token.delete': 'payments',
  'profile.create': 'setup',
  'profile.update': 'setup',
  'profile.delete': 'setup',
  'credential.set': 'setup',
  'credential.delete': 'setup',
  'ledger.choose': 'setup',
  'operator.save': 'setup',
  'operator.remove': 'setup',
  'refund.thresholds': 'setup',
  'settings.receiver': 'setup',
  'recon.import': 'reconciliation',
  'recon.resolve': 'reconciliation',
  'recon.cancel': 'reconciliation',
  'recon.abandoned': 'reconciliation',
  'recon.mapping.save': 'reconciliation',
  'recon.mapping.delete': 'reconciliation',
  'notification.received': 'gateway',
  'notification.rejected': 'gateway',
  'sandbox.customer-action': 'gateway',
} as const satisfies Record<string, AuditActionGroup>;

export type KnownAuditAction = keyof typeof ACTIONS;
export const AUDIT_ACTION_GROUPS: readonly AuditActionGroup[] = ['payments', 'setup', 'reconciliation', 'gateway'];

export function actionsInGroup(group: AuditActionGroup): KnownAuditAction[] {
  return (Object.keys(ACTIONS) as KnownAuditAction[]).filter((action) => ACTIONS[action] === group);
}

export function isKnownAuditAction(action: string): action is KnownAuditAction {
  return Object.prototype.hasOwnProperty.call(ACTIONS, action);
}

export function auditActionLabel(t: Translate, action: string): string {
  return isKnownAuditAction(action) ? t(`audit.action.${action}`) : t('audit.action.other', { action });
}

/** Every outcome the core writes has a label (checked against the catalogue). */
const OUTCOMES = AUDIT_OUTCOMES satisfies readonly MessageSuffix<'audit.outcome.'>[];
type KnownOutcome = (typeof OUTCOMES)[number];

/** An outcome is a word of its own (or an older spelling of one), or a payment's new status (status changes). */
export function auditOutcomeLabel(t: Translate, outcome: string): string {
  const known = currentAuditOutcome(outcome);
  if ((OUTCOMES as readonly string[]).includes(known)) return t(`audit.outcome.${known as KnownOutcome}`);
  if (isPaymentStatus(known)) return t(`status.${known}`);
  return t('audit.outcome.other', { outcome });
}

/** What the outcome filter offers, each the outcomes it stands for (the core adds their older spellings). */
export const OUTCOME_CHOICES = {
  succeeded: ['succeeded', 'applied', 'active'],
  intent: ['intent'],
  pending: ['pending', 'requires_action'],
  declined: ['declined'],
  failed: ['failed'],
  refused: ['refused', 'rejected'],
  unknown: ['unknown'],
  needs_review: ['needs_review', 'conflict'],
  cancelled: ['cancelled', 'voided', 'expired'],
} as const satisfies Record<string, readonly string[]>;

export type OutcomeChoice = keyof typeof OUTCOME_CHOICES;
export const OUTCOME_CHOICE_LIST = Object.keys(OUTCOME_CHOICES) as OutcomeChoice[];

export function isOutcomeChoice(value: string): value is OutcomeChoice {
  return Object.prototype.hasOwnProperty.call(OUTCOME_CHOICES, value);
}

/** How an entry names what it acted on: "Payment pay_…", "Profile …". */
const TARGET_TYPES = ['payment', 'profile', 'mandate', 'token', 'recon_session', 'recon_row', 'recon_mapping', 'operator', 'workspace'] as const satisfies readonly MessageSuffix<'audit.target.'>[];

export function auditTargetLabel(t: Translate, targetType: string, targetId: string | null): string {
  if (targetType === 'workspace' || targetId === null) return t('audit.target.workspace');
  return (TARGET_TYPES as readonly string[]).includes(targetType) ? t(`audit.target.${targetType as (typeof TARGET_TYPES)[number]}`, { id: targetId }) : t('audit.target.other', { id: targetId });
}
