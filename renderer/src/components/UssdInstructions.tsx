import type { PaymentSummary } from '../../../shared/ipc/contract.ts';
import { formatDateTimeWithZone, operatorTimeZone } from '../format/date-format.ts';
import { formatAmount } from '../format/money-format.ts';
import { useIntlLocale, useT } from '../i18n/locale-store.ts';
import { CopyButton } from './CopyButton.tsx';

export type UssdInstructionsView = Extract<NonNullable<PaymentSummary['instructions']>, { type: 'ussd' }>;

/**
 * The code the customer dials on their bank's USSD line, large enough to read out, with its bank,
 * amount and deadline (the code lapses after a few minutes), each with a Copy button.
 */
export function UssdInstructions({ instructions }: { instructions: UssdInstructionsView }) {
  const t = useT();
  const locale = useIntlLocale();
  const amount = formatAmount(instructions.amount, instructions.currency, locale);
  const expires = instructions.expiresAt ? formatDateTimeWithZone(instructions.expiresAt, locale, operatorTimeZone()) : t('bankTransfer.noExpiry');
  const lines = [
    { key: 'code', label: t('ussd.code'), shown: instructions.code, large: true },
    { key: 'bank', label: t('bankTransfer.bank'), shown: instructions.bankName, large: false },
    { key: 'due-amount', label: t('bankTransfer.amount'), shown: amount, large: true },
    { key: 'expiry', label: t('ussd.expires'), shown: expires, large: false },
  ] as const;
  return (
    <dl className="multibanco-instructions ussd-instructions" data-testid="ussd-instructions">
      {lines.map((line) => (
        <div key={line.key} className="multibanco-line">
          <dt>{line.label}</dt>
          <dd>
            <span className={line.large ? 'multibanco-value' : 'multibanco-value multibanco-deadline'} data-testid={`ussd-${line.key}`}>
              {line.shown}
            </span>
            <CopyButton text={() => line.shown} label={t('multibanco.copy', { what: line.label })} testId={`ussd-copy-${line.key}`} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
