import type { PaymentSummary } from '../../../shared/ipc/contract.ts';
import { customerLinkOf } from '../format/customer-link.ts';
import { useT } from '../i18n/locale-store.ts';
import { CopyButton } from './CopyButton.tsx';
import { PendingActionDetails } from './PendingActionDetails.tsx';

type PendingAction = NonNullable<PaymentSummary['pendingAction']>;

/**
 * A card payment waiting for the cardholder (3-D Secure, a bank's redirect), told to an agent on
 * the phone as what they can do now: send the link when there is one the customer can open, or
 * otherwise take another card or point the customer to paying online. The gateway's form fields
 * stay folded away for support, where they are useful.
 */
export function CardholderStepNotice({ action, email = null }: { action: PendingAction; email?: string | null }) {
  const t = useT();
  const link = customerLinkOf(action);
  const mailto = link === null ? null : `mailto:${encodeURIComponent(email ?? '')}?subject=${encodeURIComponent(t('cardholderStep.mail.subject'))}&body=${encodeURIComponent(`${t('cardholderStep.mail.intro')}\n\n${link}`)}`;
  return (
    <div className="notice cardholder-step" data-testid="cardholder-step" data-shareable={link === null ? 'no' : 'yes'}>
      <p>{t('cardholderStep.explain')}</p>
      {link !== null && mailto !== null ? (
        <>
          <p>{t('cardholderStep.sendLink')}</p>
          <p className="mono wrap" data-testid="cardholder-step-link">
            {link}
          </p>
          <div className="button-row">
            <CopyButton text={() => link} label={t('cardholderStep.copyLink')} testId="cardholder-step-copy" />
            <a className="button" href={mailto} data-testid="cardholder-step-email">
              {t('cardholderStep.mail.send')}
            </a>
          </div>
        </>
      ) : (
        <ul data-testid="cardholder-step-options">
          <li>{t('cardholderStep.otherCard')}</li>
          <li>{t('cardholderStep.payOnline')}</li>
        </ul>
      )}
      <p>{t('cardholderStep.watch')}</p>
      <details data-testid="cardholder-step-details">
        <summary>{t('cardholderStep.details')}</summary>
        <PendingActionDetails action={action} />
      </details>
    </div>
  );
}
