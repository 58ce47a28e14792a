import { formatAmount } from '../format/money-format.ts';
import { useIntlLocale } from '../i18n/locale-store.ts';

export function Amount({ amount, currency, testId }: { amount: string; currency: string; testId?: string }) {
  const locale = useIntlLocale();
  return (
    <span className="amount" data-testid={testId} data-amount={amount} data-currency={currency}>
      {formatAmount(amount, currency, locale)}
    </span>
  );
}
