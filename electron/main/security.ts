/**
 * The window's security settings and the guards every webContents gets: the renderer only ever
 * shows our own bundle from `app://console/`, cannot navigate away, open windows, attach webviews,
 * ask for permissions or reach the network.
 */
import type { Logger } from '../core/ports.ts';
import type { PermissionSessionLike, WebContentsLike } from './electron-ports.ts';

export { CONTENT_SECURITY_POLICY } from './renderer-content.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'console';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * `standard` gives the scheme a real origin (web storage, relative URLs); `corsEnabled` is what lets
 * Chromium load the bundle's `<script type="module" crossorigin>` from a custom scheme.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
};

/** True for URLs of our own bundle. The WHATWG parser gives custom schemes a null origin, so compare parts. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/** Blocks navigation away from the bundle, new windows and webviews on one webContents. */
export function hardenWebContents(contents: WebContentsLike, logger: Logger): void {
  const stayInApp = (event: { preventDefault(): void }, url: string): void => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    logger.warn('blocked navigation away from the console', { url: String(url).slice(0, 200) });
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn('blocked a webview');
  });
  contents.setWindowOpenHandler((details) => {
    logger.warn('blocked a new window', { url: String(details.url).slice(0, 200) });
    return { action: 'deny' };
  });
}

/** Only our scheme (and data: images, and DevTools in development) may be loaded. */
const ALLOWED_REQUEST_PROTOCOLS = new Set([`${APP_SCHEME}:`, 'data:', 'devtools:']);

export function isAllowedRequestUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === `${APP_SCHEME}:`) return isAppUrl(url);
    return ALLOWED_REQUEST_PROTOCOLS.has(parsed.protocol);
  } catch {
    return false;
  }
}

/** The console needs no camera, notifications, clipboard-read or any other permission: all are refused. */
export function hardenSession(session: PermissionSessionLike, logger: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    logger.warn('refused a permission request', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequestUrl(details.url);
    if (!allowed) logger.warn('blocked a request to remote content', { url: String(details.url).slice(0, 200) });
    callback({ cancel: !allowed });
  });
}
