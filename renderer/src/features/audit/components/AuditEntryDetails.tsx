import { formatDateTime, operatorTimeZone } from '../../../format/date-format.ts';
import { useIntlLocale, useT } from '../../../i18n/locale-store.ts';
import { paymentHref } from '../../../routing/route.ts';
import type { AuditEntry } from '../stores/audit-store.ts';
import { detailsLine } from '../utils/audit-details.ts';
import { auditActionLabel, auditOutcomeLabel, auditTargetLabel } from '../utils/audit-vocabulary.ts';

/** The chosen entry whole: what the list cuts short, and the payment it is about one click away. */
export function AuditEntryDetails({ entry, onClose }: { entry: AuditEntry; onClose: () => void }) {
  const t = useT();
  const locale = useIntlLocale();
  const timeZone = operatorTimeZone();
  // Webhook entries name the gateway's transaction id, not the ledger's payment id.
  const paymentId = entry.targetType === 'payment' && entry.targetId !== null && entry.action.startsWith('payment.') ? entry.targetId : null;
  return (
    <section className="audit-entry notice" aria-labelledby="audit-entry-title" data-testid="audit-entry" data-seq={entry.seq}>
      <h2 id="audit-entry-title">
        {t('audit.column.number')} {entry.seq}: {auditActionLabel(t, entry.action)}
      </h2>
      <dl className="detail-list">
        <dt>{t('audit.column.time', { timeZone })}</dt>
        <dd>
          <time dateTime={entry.at}>{formatDateTime(entry.at, locale, timeZone, true)}</time>
        </dd>
        <dt>{t('audit.column.operator')}</dt>
        <dd>
          {entry.operator} ({t('audit.origin', { origin: entry.origin })})
        </dd>
        <dt>{t('audit.column.target')}</dt>
        <dd>{paymentId === null ? auditTargetLabel(t, entry.targetType, entry.targetId) : <a href={paymentHref(paymentId)}>{auditTargetLabel(t, entry.targetType, entry.targetId)}</a>}</dd>
        <dt>{t('audit.column.outcome')}</dt>
        <dd>{auditOutcomeLabel(t, entry.outcome)}</dd>
        <dt>{t('audit.column.details')}</dt>
        <dd className="mono" data-testid="audit-entry-details">
          {detailsLine(entry.details)}
        </dd>
      </dl>
      <button type="button" onClick={onClose}>
        {t('common.close')}
      </button>
    </section>
  );
}
