import type { PaymentSummary } from '../../../shared/ipc/contract.ts';
import { accountNumberCompact, formatAccountNumberForReading } from '../format/account-number-format.ts';
import { formatDateTimeWithZone, operatorTimeZone } from '../format/date-format.ts';
import { formatAmount } from '../format/money-format.ts';
import { useIntlLocale, useT } from '../i18n/locale-store.ts';
import { CopyButton } from './CopyButton.tsx';

export type BankTransferInstructionsView = Extract<NonNullable<PaymentSummary['instructions']>, { type: 'bank_transfer' }>;

/**
 * The one-off account the customer pays into: bank, account number, account name, amount and
 * deadline, large enough to read out, each with a Copy button for an e-mail or chat.
 */
export function BankTransferInstructions({ instructions }: { instructions: BankTransferInstructionsView }) {
  const t = useT();
  const locale = useIntlLocale();
  const amount = formatAmount(instructions.amount, instructions.currency, locale);
  const expires = instructions.expiresAt ? formatDateTimeWithZone(instructions.expiresAt, locale, operatorTimeZone()) : t('bankTransfer.noExpiry');
  const lines = [
    { key: 'bank', label: t('bankTransfer.bank'), shown: instructions.bankName, copied: instructions.bankName, large: false },
    {
      key: 'account',
      label: t('bankTransfer.account'),
      shown: formatAccountNumberForReading(instructions.accountNumber),
      copied: accountNumberCompact(instructions.accountNumber) || instructions.accountNumber,
      large: true,
    },
    { key: 'name', label: t('bankTransfer.accountName'), shown: instructions.accountName, copied: instructions.accountName, large: false },
    { key: 'due-amount', label: t('bankTransfer.amount'), shown: amount, copied: amount, large: true },
    { key: 'expiry', label: t('bankTransfer.expires'), shown: expires, copied: expires, large: false },
  ] as const;
  return (
    <dl className="multibanco-instructions bank-transfer-instructions" data-testid="bank-transfer-instructions">
      {lines.map((line) => (
        <div key={line.key} className="multibanco-line">
          <dt>{line.label}</dt>
          <dd>
            <span className={line.large ? 'multibanco-value' : 'multibanco-value multibanco-deadline'} data-testid={`bank-transfer-${line.key}`}>
              {line.shown}
            </span>
            <CopyButton text={() => line.copied} label={t('multibanco.copy', { what: line.label })} testId={`bank-transfer-copy-${line.key}`} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
