import { containsCardNumber } from '../../../shared/card/card-number-in-text.ts';
import { reasonSchema } from '../../../shared/domain/schemas.ts';
import { contractAccepts, maxLengthOf } from '../domain/contract-rules.ts';
import type { Translate } from '../i18n/translate.ts';

/**
 * The forms' side of the rule the contract enforces on every free-text field: a card number typed
 * in the wrong field is pointed out before it is sent, with the same detection as the core.
 */
export function cardNumberInTextProblem(text: string, t: Translate): string | null {
  return containsCardNumber(text) ? t('common.cardNumberInText') : null;
}

export const MAX_REASON_LENGTH = maxLengthOf(reasonSchema);

/** Why an operator moves money (refund, rebill, merchant-initiated charge): required, kept with the operation, so never a card number. */
export function reasonProblem(reason: string, t: Translate): string | null {
  const misplaced = cardNumberInTextProblem(reason, t);
  if (misplaced !== null) return misplaced;
  return contractAccepts(reasonSchema, reason) ? null : t('action.reasonRequired');
}
