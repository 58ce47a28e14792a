import { useEffect } from 'react';
import { useT } from '../../../i18n/locale-store.ts';
import type { MessageKey } from '../../../i18n/en.ts';
import { settlementNotificationsStore, useSettlementNotifications } from '../stores/settlement-notifications.ts';
import type { DesktopPermission } from '../utils/settlement-notice.ts';

const STATE_TEXT: Readonly<Record<DesktopPermission, MessageKey>> = {
  granted: 'notify.settings.granted',
  denied: 'notify.settings.denied',
  default: 'notify.settings.default',
  unsupported: 'notify.settings.unsupported',
};

/** Settings' switch for desktop notifications: the browser asks once, from this button's click. */
export function DesktopNotificationsPanel() {
  const t = useT();
  const permission = useSettlementNotifications((state) => state.permission);
  const requesting = useSettlementNotifications((state) => state.requesting);

  // The operator may have changed it in the browser's or the system's settings meanwhile.
  useEffect(() => settlementNotificationsStore.getState().refreshPermission(), []);

  return (
    <section className="panel" aria-labelledby="desktop-notifications-title" data-testid="desktop-notifications">
      <h2 id="desktop-notifications-title">{t('notify.settings.title')}</h2>
      <p className="muted">{t('notify.settings.help')}</p>
      <p role="status" data-testid="desktop-notifications-state" data-permission={permission}>
        {t(STATE_TEXT[permission])}
      </p>
      {permission === 'default' && (
        <div className="button-row">
          <button type="button" disabled={requesting} onClick={() => void settlementNotificationsStore.getState().requestPermission()} data-testid="desktop-notifications-enable">
            {t('notify.settings.enable')}
          </button>
        </div>
      )}
    </section>
  );
}
