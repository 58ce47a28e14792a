import type { PaymentSummary } from '../../../shared/ipc/contract.ts';
import { formatDateTimeWithZone, operatorTimeZone } from '../format/date-format.ts';
import { formatAmount } from '../format/money-format.ts';
import { formatMultibancoReference, multibancoDigits } from '../format/multibanco-format.ts';
import { useIntlLocale, useT } from '../i18n/locale-store.ts';
import { CopyButton } from './CopyButton.tsx';

export type MultibancoInstructionsView = Extract<NonNullable<PaymentSummary['instructions']>, { type: 'multibanco' }>;

/**
 * Entity, reference, amount and deadline in type large enough to read out over the phone, each
 * with its own Copy button for pasting into an e-mail or chat with the customer.
 */
export function MultibancoInstructions({ instructions }: { instructions: MultibancoInstructionsView }) {
  const t = useT();
  const locale = useIntlLocale();
  const amount = formatAmount(instructions.amount, instructions.currency, locale);
  const expires = instructions.expiresAt ? formatDateTimeWithZone(instructions.expiresAt, locale, operatorTimeZone()) : t('multibanco.noExpiry');
  const lines = [
    { key: 'entity', label: t('multibanco.entity'), shown: instructions.entity, copied: multibancoDigits(instructions.entity) || instructions.entity },
    { key: 'reference', label: t('multibanco.reference'), shown: formatMultibancoReference(instructions.reference), copied: multibancoDigits(instructions.reference) || instructions.reference },
    { key: 'amount', label: t('multibanco.amount'), shown: amount, copied: amount },
    { key: 'expiry', label: t('multibanco.expires'), shown: expires, copied: expires },
  ] as const;
  return (
    <dl className="multibanco-instructions" data-testid="multibanco-instructions">
      {lines.map((line) => (
        <div key={line.key} className="multibanco-line">
          <dt>{line.label}</dt>
          <dd>
            <span className={line.key === 'expiry' ? 'multibanco-value multibanco-deadline' : 'multibanco-value'} data-testid={`multibanco-${line.key}`}>
              {line.shown}
            </span>
            <CopyButton text={() => line.copied} label={t('multibanco.copy', { what: line.label })} testId={`multibanco-copy-${line.key}`} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
