import { containsCardNumber } from '../../../../../shared/card/card-number-in-text.ts';

/**
 * A text the file gave (a description, a reference, a gateway's message) as the screen may show
 * it: the core refuses a card number in any cell, and should one slip into text that came back, the
 * screen still never shows it. Null when there is no text.
 */
export function shownText(text: string | null): { readonly text: string } | { readonly hidden: true } | null {
  if (text === null || text === '') return null;
  return containsCardNumber(text) ? { hidden: true } : { text };
}
