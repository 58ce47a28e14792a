import type { CardBrand } from '../../../shared/domain/schemas.ts';
import { CARD_BRAND_NAMES } from '../domain/vocabulary.ts';

export interface MaskedCardView {
  readonly brand: CardBrand;
  readonly last4: string;
}

/** "Visa •••• 4242": the most of a card number any screen shows. */
export function maskedCardLabel(card: MaskedCardView | null): string | null {
  if (!card) return null;
  return `${CARD_BRAND_NAMES[card.brand]} •••• ${card.last4}`;
}

export function cardExpiryLabel(month: number, year: number): string {
  return `${String(month).padStart(2, '0')}/${String(year % 100).padStart(2, '0')}`;
}
