import type { ReactNode } from 'react';
import type { PaymentSummary } from '../../../../../shared/ipc/contract.ts';
import { Amount } from '../../../components/Amount.tsx';
import { DateTime } from '../../../components/DateTime.tsx';
import { EnvironmentTag } from '../../../components/EnvironmentTag.tsx';
import { ImportedBadge } from '../../../components/ImportedBadge.tsx';
import { PaymentInstructions } from '../../../components/PaymentInstructions.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { cardExpiryLabel, maskedCardLabel } from '../../../format/card-format.ts';
import { formatCalendarDay } from '../../../format/date-format.ts';
import { useIntlLocale, useT } from '../../../i18n/locale-store.ts';
import { selectGatewayName } from '../../../stores/workspace-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { hasChargedBack } from '../stores/payment-detail-store.ts';
import { methodLabel } from '../../../format/method-label.ts';
import { phoneForPeople } from '../../../format/phone-format.ts';

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="summary-row" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The instalment plan the gateway runs; the charges it made appear on the timeline as instalments. */
function ScheduleTable({ schedule, currency }: { schedule: NonNullable<PaymentSummary['schedule']>; currency: string }) {
  const t = useT();
  const locale = useIntlLocale();
  return (
    <div className="instructions-block" data-testid="payment-schedule">
      <h3>{t('schedule.title')}</h3>
      <table className="data-table schedule-table">
        <thead>
          <tr>
            <th scope="col">{t('schedule.column.number')}</th>
            <th scope="col">{t('schedule.column.date')}</th>
            <th scope="col" className="numeric">
              {t('schedule.column.amount')}
            </th>
          </tr>
        </thead>
        <tbody>
          {schedule.map((item, index) => (
            <tr key={`${item.date}-${index}`} data-testid="schedule-row" data-date={item.date}>
              <td>{index + 1}</td>
              <td>{formatCalendarDay(item.date, locale)}</td>
              <td className="numeric">
                <Amount amount={item.amount} currency={currency} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A pending gateway action is shown in the actions panel, next to what the agent can do about it. */
export function PaymentSummaryPanel({ payment }: { payment: PaymentSummary }) {
  const t = useT();
  const gateways = useWorkspace((state) => state.gateways);
  const money = (amount: string, testId: string) => <Amount amount={amount} currency={payment.currency} testId={testId} />;
  // The name the customer gave first (MB WAY, Multibanco, transfers have no card), the card's holder when it differs.
  const customer = [payment.customerName, payment.card?.holder === payment.customerName ? null : payment.card?.holder, payment.customerEmail, payment.customerPhone === null ? null : phoneForPeople(payment.customerPhone)].filter((part): part is string => Boolean(part));

  return (
    <section className="panel" aria-labelledby="summary-title">
      <h2 id="summary-title">{t('detail.summary')}</h2>
      <div className="summary-grid">
        <dl>
          <Row label={t('detail.status')}>
            <StatusBadge status={payment.status} testId="payment-status" />
            {payment.imported && (
              <>
                {' '}
                <ImportedBadge />
              </>
            )}
          </Row>
          <Row label={t('detail.amount')}>{money(payment.amount, 'payment-amount')}</Row>
          <Row label={t('detail.authorized')}>{money(payment.authorized, 'payment-authorized')}</Row>
          <Row label={t('detail.captured')}>{money(payment.captured, 'payment-captured')}</Row>
          <Row label={t('detail.refunded')}>{money(payment.refunded, 'payment-refunded')}</Row>
          <Row label={t('detail.voided')}>{money(payment.voided, 'payment-voided')}</Row>
          {hasChargedBack(payment) && (
            <Row label={t('detail.chargedBack')} testId="charged-back-row">
              {money(payment.chargedBack, 'payment-charged-back')}
            </Row>
          )}
          {/* Nothing left to capture (captured, released, voided, never authorised): no line that suggests otherwise. */}
          {Number(payment.capturable) !== 0 && <Row label={t('detail.capturable')}>{money(payment.capturable, 'payment-capturable')}</Row>}
          <Row label={t('detail.refundable')}>{money(payment.refundable, 'payment-refundable')}</Row>
        </dl>
        <dl>
          <Row label={t('detail.kind')}>
            {t(`kind.${payment.kind}`)}
            {payment.moto ? ` · ${t('detail.moto')}` : ''}
          </Row>
          <Row label={t('detail.method')}>{methodLabel(t, payment.method)}</Row>
          <Row label={t('detail.card')}>
            {payment.card ? (
              <>
                {maskedCardLabel(payment.card)} <span className="muted mono">({payment.card.bin}…)</span> · {t('detail.cardExpiry')}{' '}
                {cardExpiryLabel(payment.card.expiryMonth, payment.card.expiryYear)}
              </>
            ) : (
              t('card.none')
            )}
          </Row>
          <Row label={t('detail.customer')}>{customer.length > 0 ? customer.join(' · ') : t('common.none')}</Row>
          <Row label={t('detail.profile')}>
            {payment.profileName} <EnvironmentTag environment={payment.environment} />
          </Row>
          <Row label={t('detail.gateway')}>{selectGatewayName({ gateways }, payment.gatewayId)}</Row>
        </dl>
        <dl>
          <Row label={t('detail.ourId')}>
            <span className="mono">{payment.id}</span>
          </Row>
          <Row label={t('detail.gatewayTransactionId')}>
            <span className="mono">{payment.gatewayTransactionId ?? t('common.none')}</span>
          </Row>
          <Row label={t('detail.merchantReference')}>
            <span className="mono">{payment.merchantReference}</span>
          </Row>
          {payment.description && <Row label={t('detail.description')}>{payment.description}</Row>}
          <Row label={t('detail.gatewayAnswer')}>
            {payment.gatewayCode || payment.gatewayMessage ? `${payment.gatewayCode ?? ''} ${payment.gatewayMessage ?? ''}`.trim() : t('common.none')}
          </Row>
          <Row label={t('detail.created')}>
            <DateTime iso={payment.createdAt} withSeconds />
          </Row>
          <Row label={t('detail.updated')}>
            <DateTime iso={payment.updatedAt} withSeconds />
          </Row>
          {payment.imported && <Row label={t('detail.imported')}>{t('common.yes')}</Row>}
        </dl>
      </div>
      {payment.instructions && (
        <div className="instructions-block" data-testid="payment-instructions" data-type={payment.instructions.type}>
          <h3>{t(payment.instructions.type === 'bank_transfer' ? 'detail.bankTransferInstructions' : payment.instructions.type === 'ussd' ? 'detail.ussdInstructions' : 'detail.instructions')}</h3>
          <PaymentInstructions instructions={payment.instructions} email={payment.customerEmail} />
        </div>
      )}
      {payment.schedule && payment.schedule.length > 0 && <ScheduleTable schedule={payment.schedule} currency={payment.currency} />}
    </section>
  );
}
