import type { PaymentSummary } from '../../../shared/ipc/contract.ts';
import { formatDateTimeWithZone, operatorTimeZone } from '../format/date-format.ts';
import { formatAmount } from '../format/money-format.ts';
import { formatMultibancoReference, multibancoDigits } from '../format/multibanco-format.ts';
import { useIntlLocale, useT } from '../i18n/locale-store.ts';
import { CopyButton } from './CopyButton.tsx';

export type MultibancoInstructionsView = Extract<NonNullable<PaymentSummary['instructions']>, { type: 'multibanco' }>;

/**
 * Entity, reference, amount and deadline in type large enough to read out over the phone, each
 * with its own Copy button for pasting into an e-mail or chat with the customer; all four go to
 * the customer by e-mail (a message opened in the operator's mail client, to `email` when known)
 * or on a printed slip.
 */
export function MultibancoInstructions({ instructions, email = null }: { instructions: MultibancoInstructionsView; email?: string | null }) {
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
  const message = [t('multibanco.mail.intro'), '', ...lines.map((line) => `${line.label}: ${line.shown}`)].join('\n');
  const mailto = `mailto:${encodeURIComponent(email ?? '')}?subject=${encodeURIComponent(t('multibanco.mail.subject'))}&body=${encodeURIComponent(message)}`;
  return (
    <div className="multibanco-slip" data-testid="multibanco-slip">
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
      <div className="button-row no-print">
        <a className="button" href={mailto} data-testid="multibanco-email">
          {t('multibanco.mail.send')}
        </a>
        <button type="button" onClick={printSlip} data-testid="multibanco-print">
          {t('multibanco.print')}
        </button>
      </div>
    </div>
  );
}

/** Prints the slip alone (styles.css: @media print with body[data-printing="slip"]). */
function printSlip(): void {
  document.body.dataset['printing'] = 'slip';
  window.addEventListener('afterprint', () => delete document.body.dataset['printing'], { once: true });
  window.print();
}
