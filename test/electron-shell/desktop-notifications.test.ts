import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDoor, createEventBus } from '../../electron/core/door.ts';
import { forwardDesktopNotifications, settledNotification, type NotificationLike } from '../../electron/main/desktop-notifications.ts';
import type { Handlers } from '../../electron/core/door.ts';
import { paymentSummaryFixture } from '../helpers/payment-summary.ts';

const quiet = { info() {}, warn() {}, error() {} };

function standIn() {
  const shown: Array<{ title: string; body: string }> = [];
  const clicks: Array<() => void> = [];
  class Notification implements NotificationLike {
    readonly options: { title: string; body: string };
    constructor(options: { title: string; body: string }) {
      this.options = options;
    }
    static isSupported() {
      return true;
    }
    show() {
      shown.push(this.options);
    }
    on(_event: 'click', listener: () => void) {
      clicks.push(listener);
      return this;
    }
  }
  return { Notification, shown, clicks };
}

describe('desktop notifications in the Electron app', () => {
  it('shows a native notification when a payment the console waited on settles, and focuses the window on click', () => {
    const bus = createEventBus(quiet);
    const door = createDoor({} as Handlers, bus, quiet);
    const { Notification, shown, clicks } = standIn();
    let focused = 0;
    const badges: number[] = [];
    const stop = forwardDesktopNotifications(door, { Notification, setBadgeCount: (n) => badges.push(n), focusWindow: () => (focused += 1) });
    bus.emit('payment:settled', { paymentId: 'pay_1', status: 'captured', amount: '19.20', currency: 'EUR', merchantReference: 'MBW-1' });
    bus.emit('poller:summary', { waiting: 3, needsReview: 2 });
    bus.emit('payment:changed', { paymentId: 'pay_1', status: 'captured', source: 'notification', summary: paymentSummaryFixture('pay_1') });
    assert.deepEqual(shown, [{ title: 'Payment received', body: '€19.20 · MBW-1' }]);
    clicks[0]?.();
    assert.equal(focused, 1);
    assert.deepEqual(badges, [2]);
    stop();
    bus.emit('payment:settled', { paymentId: 'pay_2', status: 'declined', amount: '1.00', currency: 'EUR', merchantReference: 'X' });
    assert.equal(shown.length, 1, 'nothing after unsubscribing');
  });

  it('words declines and unknown currencies plainly', () => {
    assert.deepEqual(settledNotification({ paymentId: 'p', status: 'declined', amount: '5000.00', currency: 'NGN', merchantReference: 'R' }).title, 'Payment declined');
    assert.match(settledNotification({ paymentId: 'p', status: 'captured', amount: '5000.00', currency: 'NGN', merchantReference: 'R' }).body, /5,000\.00/);
  });
});
