import { useEffect } from 'react';
import { useT } from '../../../i18n/locale-store.ts';
import { settlementNotificationsStore, useSettlementNotifications } from '../stores/settlement-notifications.ts';
import type { SettlementNotice } from '../utils/settlement-notice.ts';

/** Long enough to read a reference aloud to a caller; the toast can also be closed at once. */
const TOAST_MS = 15_000;

function Toast({ notice }: { notice: SettlementNotice }) {
  const t = useT();
  useEffect(() => {
    const timer = window.setTimeout(() => settlementNotificationsStore.getState().dismiss(notice.tag), TOAST_MS);
    return () => window.clearTimeout(timer);
  }, [notice]);
  return (
    <li className={`toast toast-${notice.tone}`} data-testid="settlement-toast" data-payment-id={notice.paymentId}>
      <button type="button" className="toast-open" onClick={() => settlementNotificationsStore.getState().open(notice)}>
        <strong>{notice.title}</strong>
        <span>{notice.body}</span>
      </button>
      <button type="button" className="toast-close" aria-label={t('notify.dismiss')} onClick={() => settlementNotificationsStore.getState().dismiss(notice.tag)}>
        ×
      </button>
    </li>
  );
}

/** The in-app stand-in for desktop notifications: announced politely, never stealing focus. */
export function SettlementToasts() {
  const t = useT();
  const toasts = useSettlementNotifications((state) => state.toasts);
  return (
    <section className="toasts" aria-label={t('notify.region')} aria-live="polite" data-testid="settlement-toasts">
      {toasts.length > 0 && (
        <ul>
          {toasts.map((notice) => (
            <Toast key={notice.tag} notice={notice} />
          ))}
        </ul>
      )}
    </section>
  );
}
