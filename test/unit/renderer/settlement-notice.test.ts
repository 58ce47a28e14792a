import { test } from 'node:test';
import assert from 'node:assert/strict';
import { translate } from '../../../renderer/src/i18n/translate.ts';
import { addToast, chooseDelivery, settlementNotice, type PaymentSettled } from '../../../renderer/src/features/desktop-notifications/utils/settlement-notice.ts';
import { createSettlementNotificationsStore } from '../../../renderer/src/features/desktop-notifications/stores/settlement-notifications-store.ts';
import type { DesktopNotificationPort } from '../../../renderer/src/features/desktop-notifications/api/desktop-notification-port.ts';
import type { DesktopPermission } from '../../../renderer/src/features/desktop-notifications/utils/settlement-notice.ts';

const captured: PaymentSettled = { paymentId: 'pay_1', status: 'captured', amount: '19.2', currency: 'EUR', merchantReference: 'MBW-20250301-0001' };

test('tells the operator a payment was captured, with amount and reference', () => {
  const notice = settlementNotice(captured, (key, vars) => translate('en', key, vars), 'en-GB');
  assert.equal(notice.title, 'Payment captured');
  assert.equal(notice.body, '€19.20 · MBW-20250301-0001');
  assert.equal(notice.paymentId, 'pay_1');
  assert.equal(notice.tone, 'ok');
  assert.equal(notice.tag, 'payment-settled:pay_1');
});

test('writes the notice in the operator’s language and number format', () => {
  const notice = settlementNotice({ ...captured, status: 'declined', amount: '1234.5' }, (key, vars) => translate('pt-PT', key, vars), 'pt-PT');
  assert.equal(notice.title, 'Pagamento recusado');
  assert.equal(notice.body.replace(/\s/g, ' '), '1234,50 € · MBW-20250301-0001');
  assert.equal(notice.tone, 'bad');
});

test('uses a desktop notification only when the operator allowed it', () => {
  assert.equal(chooseDelivery('granted'), 'desktop');
  assert.equal(chooseDelivery('default'), 'toast');
  assert.equal(chooseDelivery('denied'), 'toast');
  assert.equal(chooseDelivery('unsupported'), 'toast');
});

test('keeps one toast per payment and only the newest few', () => {
  const make = (tag: string) => ({ tag });
  assert.deepEqual(addToast([make('a'), make('b')], make('a')), [make('b'), make('a')]);
  assert.deepEqual(addToast([make('a'), make('b'), make('c')], make('d'), 3), [make('b'), make('c'), make('d')]);
});

/** The browser's Notification API does not exist in Node: this stands in for it at the edge. */
function portWith(permission: DesktopPermission, options: { refuseShow?: boolean; answer?: DesktopPermission } = {}) {
  const shown: Array<{ title: string; onClick: () => void }> = [];
  let current = permission;
  const port: DesktopNotificationPort = {
    permission: () => current,
    async requestPermission() {
      current = options.answer ?? current;
      return current;
    },
    show(notice, onClick) {
      if (options.refuseShow) return false;
      shown.push({ title: notice.title, onClick });
      return true;
    },
  };
  return { port, shown };
}

test('shows a desktop notification that opens the payment, or an in-app toast when it cannot', async () => {
  const notice = settlementNotice(captured, (key, vars) => translate('en', key, vars), 'en-GB');
  const opened: string[] = [];

  const allowed = portWith('granted');
  const desktop = createSettlementNotificationsStore({ port: allowed.port, openPayment: (id) => opened.push(id) });
  desktop.getState().notify(notice);
  assert.equal(allowed.shown.length, 1);
  assert.deepEqual(desktop.getState().toasts, []);
  allowed.shown[0]!.onClick();
  assert.deepEqual(opened, ['pay_1']);

  const broken = portWith('granted', { refuseShow: true });
  const fallback = createSettlementNotificationsStore({ port: broken.port, openPayment: (id) => opened.push(id) });
  fallback.getState().notify(notice);
  assert.equal(fallback.getState().toasts.length, 1, 'a refused constructor still tells the operator');

  const neverAsked = portWith('default', { answer: 'denied' });
  const inApp = createSettlementNotificationsStore({ port: neverAsked.port, openPayment: (id) => opened.push(id) });
  inApp.getState().notify(notice);
  assert.equal(inApp.getState().toasts.length, 1);
  inApp.getState().open(inApp.getState().toasts[0]!);
  assert.deepEqual(inApp.getState().toasts, []);
  assert.deepEqual(opened, ['pay_1', 'pay_1']);
  await inApp.getState().requestPermission();
  assert.equal(inApp.getState().permission, 'denied');
});
