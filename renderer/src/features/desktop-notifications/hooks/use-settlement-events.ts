import { useEffect } from 'react';
import { subscribe } from '../../../api/client.ts';
import { localeStore } from '../../../i18n/locale-store.ts';
import { intlLocaleFor, translate } from '../../../i18n/translate.ts';
import { settlementNotificationsStore } from '../stores/settlement-notifications.ts';
import { settlementNotice } from '../utils/settlement-notice.ts';

/** Tells the operator when a payment started here settles without them (poller, webhook). */
export function useSettlementEvents(): void {
  useEffect(
    () =>
      subscribe('payment:settled', (event) => {
        // Read at the moment of the event: the operator may have switched language since mounting.
        const locale = localeStore.getState().locale;
        const notice = settlementNotice(event, (key, vars) => translate(locale, key, vars), intlLocaleFor(locale));
        settlementNotificationsStore.getState().notify(notice);
      }),
    [],
  );
}
