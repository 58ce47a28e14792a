import { containsCardNumber } from '../../../shared/card/card-number-in-text.ts';
import type { Translate } from '../i18n/translate.ts';

/**
 * The forms' side of the rule the contract enforces on every free-text field: a card number typed
 * in the wrong field is pointed out before it is sent, with the same detection as the core.
 */
export function cardNumberInTextProblem(text: string, t: Translate): string | null {
  return containsCardNumber(text) ? t('common.cardNumberInText') : null;
}

export const MIN_REASON_LENGTH = 3;

/** Why an operator moves money (refund, rebill, merchant-initiated charge): required, kept with the operation, so never a card number. */
export function reasonProblem(reason: string, t: Translate): string | null {
  if (reason.trim().length < MIN_REASON_LENGTH) return t('action.reasonRequired');
  return cardNumberInTextProblem(reason, t);
}
