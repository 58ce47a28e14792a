import type { DesktopPermission } from '../utils/settlement-notice.ts';

/** The part of the browser's Notification API the console uses, so the store can run without one. */
export interface DesktopNotificationPort {
  permission(): DesktopPermission;
  /** Must run inside a user gesture: browsers ignore permission prompts that are not. */
  requestPermission(): Promise<DesktopPermission>;
  show(notice: { title: string; body: string; tag: string }, onClick: () => void): boolean;
}

function readPermission(value: string): DesktopPermission {
  return value === 'granted' || value === 'denied' ? value : 'default';
}

/**
 * Electron's renderer and Chromium both implement `Notification`; in Electron the main process
 * decides the permission (the hardened session may refuse it, and the toast takes over).
 */
export function browserNotificationPort(scope: typeof globalThis): DesktopNotificationPort {
  const api = typeof scope.Notification === 'function' ? scope.Notification : null;
  return {
    permission() {
      return api ? readPermission(api.permission) : 'unsupported';
    },
    async requestPermission() {
      if (!api) return 'unsupported';
      try {
        return readPermission(await api.requestPermission());
      } catch {
        return readPermission(api.permission);
      }
    },
    show(notice, onClick) {
      if (!api || api.permission !== 'granted') return false;
      try {
        const notification = new api(notice.title, { body: notice.body, tag: notice.tag });
        notification.onclick = () => {
          onClick();
          notification.close();
        };
        return true;
      } catch {
        // Some platforms allow the permission yet refuse the constructor (e.g. no notification daemon).
        return false;
      }
    },
  };
}
