import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAppProtocolHandler } from '../../electron/main/app-protocol.ts';
import { buildMenuTemplate } from '../../electron/main/menu.ts';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  hardenSession,
  hardenWebContents,
  isAppUrl,
} from '../../electron/main/security.ts';
import { createMainWindow } from '../../electron/main/window.ts';
import { createRecordingLogger } from './door-fixture.ts';
import { createFakeElectronMain, FakeSession, FakeWebContents } from './fake-electron.ts';

describe('the console window', () => {
  async function preferencesOf(packaged: boolean) {
    const electron = createFakeElectronMain({ userData: '/tmp/user-data', appPath: '/app' });
    electron.app.ready = true;
    await createMainWindow(electron.BrowserWindow, { preloadPath: '/app/dist-electron/preload.cjs', packaged, title: 'Payments Console' });
    const preferences = electron.windows[0]?.options.webPreferences;
    assert.ok(preferences);
    return preferences;
  }

  it('runs the renderer isolated, sandboxed and without Node', async () => {
    const preferences = await preferencesOf(true);
    assert.equal(preferences.preload, '/app/dist-electron/preload.cjs');
    assert.equal(preferences.contextIsolation, true);
    assert.equal(preferences.sandbox, true);
    assert.equal(preferences.nodeIntegration, false);
    assert.equal(preferences.nodeIntegrationInWorker, false);
    assert.equal(preferences.nodeIntegrationInSubFrames, false);
    assert.equal(preferences.webviewTag, false);
    assert.equal(preferences.webSecurity, true);
    assert.equal(preferences.allowRunningInsecureContent, false);
    assert.equal(preferences.spellcheck, false);
    assert.equal(preferences.experimentalFeatures, false);
  });

  it('has DevTools only in development builds', async () => {
    assert.equal((await preferencesOf(true)).devTools, false);
    assert.equal((await preferencesOf(false)).devTools, true);
  });

  it('offers no reload or DevTools in the packaged menu', () => {
    const roles = (packaged: boolean) =>
      buildMenuTemplate({ packaged, platform: 'linux', productName: 'Payments Console' })
        .flatMap((item) => (Array.isArray(item.submenu) ? item.submenu : []))
        .map((item) => item.role);
    for (const role of ['toggleDevTools', 'reload', 'forceReload']) {
      assert.ok(!roles(true).includes(role as never), `${role} in the packaged menu`);
      assert.ok(roles(false).includes(role as never), `${role} missing in development`);
    }
  });
});

describe('the content security policy', () => {
  it('allows only the bundle itself', () => {
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split(';').map((directive) => {
        const [name, ...values] = directive.trim().split(/\s+/);
        return [name, values.join(' ')];
      }),
    );
    assert.deepEqual(directives, {
      'default-src': "'none'",
      'script-src': "'self'",
      'style-src': "'self'",
      'img-src': "'self' data:",
      'font-src': "'self'",
      'connect-src': "'self'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
      'object-src': "'none'",
    });
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-(inline|eval)/);
  });
});

describe('the app:// protocol', () => {
  let root: string;
  let rendererDir: string;
  let handler: (request: Request) => Promise<Response>;

  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'console-protocol-'));
    rendererDir = path.join(root, 'renderer', 'dist');
    await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
    await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Payments Console</title>');
    await writeFile(path.join(rendererDir, 'assets', 'index-abc123.js'), 'console.log("bundle")');
    await writeFile(path.join(root, 'secret.txt'), 'outside the bundle');
    handler = createAppProtocolHandler(rendererDir);
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('serves index.html with the CSP and nosniff headers', async () => {
    const response = await handler(new Request(APP_ENTRY_URL));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await response.text(), /Payments Console/);
  });

  it('serves the bundle\'s scripts as JavaScript, which module scripts require', async () => {
    const response = await handler(new Request('app://console/assets/index-abc123.js'));
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
  });

  it('answers / with index.html', async () => {
    const response = await handler(new Request('app://console/'));
    assert.equal(response.status, 200);
    assert.match(await response.text(), /Payments Console/);
  });

  it('refuses paths that climb out of the bundle', async () => {
    for (const url of [
      'app://console/..%2f..%2fsecret.txt',
      'app://console/%2e%2e/%2e%2e/secret.txt',
      'app://console/assets/..%2F..%2F..%2Fsecret.txt',
      'app://console/..%5c..%5csecret.txt',
      'app://console/index.html%00.js',
    ]) {
      const response = await handler(new Request(url));
      assert.ok(response.status === 400 || response.status === 404, `${url} answered ${response.status}`);
      assert.doesNotMatch(await response.text(), /outside the bundle/);
    }
  });

  it('serves nothing for another host of the scheme', async () => {
    const response = await handler(new Request('app://elsewhere/index.html'));
    assert.equal(response.status, 404);
  });

  it('answers 404 for a missing asset instead of falling back to the page', async () => {
    const response = await handler(new Request('app://console/assets/missing.js'));
    assert.equal(response.status, 404);
  });
});

describe('navigation, new windows and webviews', () => {
  it('keeps the window on the bundle', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents, createRecordingLogger());
    assert.equal(contents.fireCancellable('will-navigate', 'https://attacker.example/phish'), true);
    assert.equal(contents.fireCancellable('will-navigate', 'file:///etc/passwd'), true);
    assert.equal(contents.fireCancellable('will-redirect', 'http://127.0.0.1:9999/'), true);
    assert.equal(contents.fireCancellable('will-navigate', 'app://console.attacker.example/'), true);
    assert.equal(contents.fireCancellable('will-navigate', 'app://console/index.html#/payments'), false);
  });

  it('denies every window.open', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents, createRecordingLogger());
    assert.deepEqual(contents.openWindow('https://attacker.example/'), { action: 'deny' });
    assert.deepEqual(contents.openWindow('app://console/index.html'), { action: 'deny' });
  });

  it('refuses to attach a webview', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents, createRecordingLogger());
    assert.equal(contents.fireCancellable('will-attach-webview'), true);
  });

  it('recognises only app://console as our own', () => {
    assert.equal(isAppUrl('app://console/index.html'), true);
    assert.equal(isAppUrl('app://other/index.html'), false);
    assert.equal(isAppUrl('app://user:pw@console/index.html'), false);
    assert.equal(isAppUrl('https://console/index.html'), false);
    assert.equal(isAppUrl('not a url'), false);
  });
});

describe('the session', () => {
  it('refuses every permission request and check', () => {
    const session = new FakeSession();
    hardenSession(session, createRecordingLogger());
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'serial']) {
      assert.equal(session.requestPermission(permission), false, permission);
      assert.equal(session.permissionCheckHandler?.({}, permission), false, permission);
    }
    assert.equal(session.devicePermissionHandler?.({ deviceType: 'usb' }), false);
  });

  it('lets no request leave for remote content', () => {
    const session = new FakeSession();
    hardenSession(session, createRecordingLogger());
    assert.equal(session.requestAllowed('app://console/assets/index.js'), true);
    assert.equal(session.requestAllowed('data:image/png;base64,AAAA'), true);
    assert.equal(session.requestAllowed('https://cdn.example/lib.js'), false);
    assert.equal(session.requestAllowed('http://127.0.0.1:4100/'), false);
    assert.equal(session.requestAllowed('file:///etc/passwd'), false);
    assert.equal(session.requestAllowed('wss://attacker.example/'), false);
    assert.equal(session.requestAllowed('app://elsewhere/x'), false);
  });
});
