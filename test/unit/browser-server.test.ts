import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startBrowserServer, type BrowserServer } from '../../electron/browser/server.ts';
import { chromiumAppArguments, planLaunch } from '../../electron/browser/launch.ts';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/renderer-content.ts';
import { appInfoValue, createTestDoor, type TestDoor } from '../electron-shell/door-fixture.ts';
import { paymentSummaryFixture } from '../helpers/payment-summary.ts';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function send(server: BrowserServer, method: string, pathname: string, options: { headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: '127.0.0.1', port: server.port, method, path: pathname, headers: { Host: `127.0.0.1:${server.port}`, ...options.headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/**
 * Opens the event stream; once it says connected, emits a payment change on the door's bus; answers
 * the stream's text once `done` says so. `opened` is called with the response's head.
 */
function streamEvents(server: BrowserServer, cookie: string, testDoor: TestDoor, paymentId: string, done: (text: string) => boolean, opened: (response: IncomingMessage) => void = () => undefined): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port: server.port, path: '/api/events', headers: { Host: `127.0.0.1:${server.port}`, Cookie: cookie } }, (response) => {
      opened(response);
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        if (text.includes(': connected') && !text.includes('event:')) {
          testDoor.bus.emit('payment:changed', { paymentId, status: 'refunded', source: 'operation', summary: paymentSummaryFixture(paymentId, { status: 'refunded' }) });
        }
        if (done(text)) {
          outgoing.destroy();
          resolve(text);
        }
      });
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('browser mode server', () => {
  let workDir: string;
  let staticDir: string;
  let server: BrowserServer;
  let testDoor: TestDoor;
  let cookie: string;
  let token: string;
  let firstLogin: Answer;

  const invoke = (channel: string, body: string, headers: Record<string, string> = {}) =>
    send(server, 'POST', `/api/invoke/${channel}`, {
      headers: { Cookie: cookie, Origin: server.origin, 'Content-Type': 'application/json', ...headers },
      body,
    });

  before(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'console-browser-'));
    staticDir = path.join(workDir, 'dist');
    await mkdir(path.join(staticDir, 'assets'), { recursive: true });
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Payments Console</title>');
    await writeFile(path.join(staticDir, 'assets', 'app.js'), 'export {}');
    await writeFile(path.join(workDir, 'console-browser-outside.txt'), 'outside the bundle');
    testDoor = createTestDoor({ 'app:info': async () => ({ ...appInfoValue, mode: 'browser' as const }) });
    server = await startBrowserServer({ door: testDoor.door, staticDir, host: '127.0.0.1', operator: 'alice', heartbeatMs: 50 });
    token = new URL(server.url).searchParams.get('token') ?? '';
    firstLogin = await send(server, 'GET', `/?token=${token}`);
    cookie = String(firstLogin.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
  });

  after(async () => {
    await server.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 and gives a URL carrying a 32-byte launch token', () => {
    assert.equal(server.origin, `http://127.0.0.1:${server.port}`);
    assert.ok(server.url.startsWith(`${server.origin}/?token=`));
    assert.equal(Buffer.from(token, 'base64url').length, 32);
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  });

  it('trades the launch token for an HttpOnly, SameSite=Strict session cookie and redirects to /', async () => {
    assert.equal(firstLogin.status, 302);
    assert.equal(firstLogin.headers.location, '/');
    const [setCookie] = firstLogin.headers['set-cookie'] ?? [];
    assert.match(setCookie ?? '', /^console_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/$/);
    assert.notEqual(cookie, `console_session=${token}`, 'the session secret is not the launch token');
    const page = await send(server, 'GET', '/', { headers: { Cookie: cookie } });
    assert.equal(page.status, 200);
    assert.match(page.body, /Payments Console/);
  });

  it('takes the launch token once: a replay is refused and the token itself opens no session', async () => {
    const replay = await send(server, 'GET', `/?token=${token}`);
    assert.equal(replay.status, 401);
    assert.equal(replay.headers['set-cookie'], undefined);
    assert.equal((await send(server, 'GET', '/', { headers: { Cookie: `console_session=${token}` } })).status, 401);
    // The browser that holds the session may load the launch link again; it is sent home without a new cookie.
    const reload = await send(server, 'GET', `/?token=${token}`, { headers: { Cookie: cookie } });
    assert.equal(reload.status, 302);
    assert.equal(reload.headers['set-cookie'], undefined);
    assert.equal((await send(server, 'GET', '/', { headers: { Cookie: cookie } })).status, 200);
  });

  it('answers 401 without the cookie or with a wrong token', async () => {
    assert.equal((await send(server, 'GET', '/')).status, 401);
    assert.equal((await send(server, 'GET', '/?token=wrong')).status, 401);
    assert.equal((await send(server, 'GET', `/?token=${token.slice(0, -1)}`)).status, 401);
    assert.equal((await send(server, 'GET', '/', { headers: { Cookie: 'console_session=wrong' } })).status, 401);
    assert.equal((await send(server, 'GET', '/api/events', { headers: { Cookie: `other=${token}` } })).status, 401);
    const refused = await send(server, 'POST', '/api/invoke/app:info', { headers: { Origin: server.origin, 'Content-Type': 'application/json' }, body: '{}' });
    assert.equal(refused.status, 401);
    assert.equal(testDoor.calls.length, 0);
  });

  it('refuses a Host that is not this server (DNS rebinding)', async () => {
    for (const host of ['attacker.example', `attacker.example:${server.port}`, `127.0.0.1:${server.port + 1}`, '127.0.0.1', `[::1]:${server.port}`]) {
      const answer = await send(server, 'GET', `/?token=${token}`, { headers: { Host: host } });
      assert.ok(answer.status === 421 || answer.status === 400, `${host} answered ${answer.status}`);
      assert.equal(answer.headers['set-cookie'], undefined);
    }
    const localhost = await send(server, 'GET', '/', { headers: { Host: `localhost:${server.port}`, Cookie: cookie } });
    assert.equal(localhost.status, 200);
  });

  it('refuses a foreign Origin and a POST without one', async () => {
    const foreign = await invoke('app:info', '{}', { Origin: 'https://attacker.example' });
    assert.equal(foreign.status, 403);
    const otherPort = await invoke('app:info', '{}', { Origin: `http://127.0.0.1:${server.port + 1}` });
    assert.equal(otherPort.status, 403);
    const nullOrigin = await invoke('app:info', '{}', { Origin: 'null' });
    assert.equal(nullOrigin.status, 403);
    const withoutOrigin = await send(server, 'POST', '/api/invoke/app:info', { headers: { Cookie: cookie, 'Content-Type': 'application/json' }, body: '{}' });
    assert.equal(withoutOrigin.status, 403);
    assert.equal(testDoor.calls.length, 0);
    const foreignGet = await send(server, 'GET', '/', { headers: { Cookie: cookie, Origin: 'https://attacker.example' } });
    assert.equal(foreignGet.status, 403);
  });

  it('never sends CORS headers, not even to a preflight', async () => {
    const answers = [
      await send(server, 'OPTIONS', '/api/invoke/app:info', {
        headers: { Cookie: cookie, Origin: 'https://attacker.example', 'Access-Control-Request-Method': 'POST' },
      }),
      await send(server, 'OPTIONS', '/api/invoke/app:info', { headers: { Cookie: cookie, Origin: server.origin } }),
      await invoke('app:info', '{}'),
      await send(server, 'GET', '/', { headers: { Cookie: cookie } }),
    ];
    for (const answer of answers) {
      assert.deepEqual(
        Object.keys(answer.headers).filter((name) => name.startsWith('access-control-')),
        [],
      );
    }
  });

  it('runs a contract call through the door and answers with its envelope', async () => {
    const answer = await invoke('app:info', '{}');
    assert.equal(answer.status, 200);
    assert.match(String(answer.headers['content-type']), /^application\/json/);
    assert.deepEqual(JSON.parse(answer.body), { ok: true, value: { ...appInfoValue, mode: 'browser' } });
    assert.deepEqual(testDoor.calls.at(-1)?.context, { origin: 'browser', operator: 'alice' });
    const encoded = await invoke(encodeURIComponent('app:info'), '{}');
    assert.equal(JSON.parse(encoded.body).ok, true);
  });

  it('answers malformed JSON, bad input and unknown channels with envelopes', async () => {
    const calls = testDoor.calls.length;
    const badJson = JSON.parse((await invoke('app:info', '{"unterminated": ')).body);
    assert.equal(badJson.error.kind, 'validation');
    assert.ok(badJson.error.fields);
    const badInput = JSON.parse((await invoke('payments:get', JSON.stringify({ paymentId: 7 }))).body);
    assert.equal(badInput.error.kind, 'validation');
    assert.ok(badInput.error.fields.paymentId);
    const unknown = JSON.parse((await invoke('payments:teleport', '{}')).body);
    assert.equal(unknown.error.kind, 'not_found');
    const badEscape = JSON.parse((await invoke('%E0%A4%A', '{}')).body);
    assert.equal(badEscape.error.kind, 'not_found');
    assert.equal(testDoor.calls.length, calls);
  });

  it('wants application/json and at most 1 MiB', async () => {
    assert.equal((await invoke('app:info', '{}', { 'Content-Type': 'text/plain' })).status, 415);
    assert.equal((await invoke('app:info', '{}', { 'Content-Type': 'application/x-www-form-urlencoded' })).status, 415);
    assert.equal((await invoke('app:info', '{}', { 'Content-Type': 'application/json; charset=utf-8' })).status, 200);
    const huge = JSON.stringify({ text: 'x'.repeat(1024 * 1024) });
    assert.equal((await invoke('payments:search', huge)).status, 413);
    assert.equal((await send(server, 'GET', '/api/invoke/app:info', { headers: { Cookie: cookie } })).status, 405);
  });

  it('streams door events as Server-Sent Events, with heartbeats', async () => {
    const received = await streamEvents(server, cookie, testDoor, 'pay_1', (text) => text.includes('event: payment:changed') && text.includes(': heartbeat'), (response) => {
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^text\/event-stream/);
    });
    assert.ok(received.includes('event: payment:changed\ndata: {"paymentId":"pay_1","status":"refunded","source":"operation","summary":{"id":"pay_1",'), received);
  });

  it('serves the bundle with the Electron CSP, nosniff, no-referrer and no-store HTML', async () => {
    const page = await send(server, 'GET', '/', { headers: { Cookie: cookie } });
    assert.equal(page.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    assert.equal(page.headers['cache-control'], 'no-store');
    const script = await send(server, 'GET', '/assets/app.js', { headers: { Cookie: cookie } });
    assert.equal(script.status, 200);
    assert.match(String(script.headers['content-type']), /^text\/javascript/);
  });

  it('refuses paths that climb out of the bundle', async () => {
    for (const pathname of ['/../console-browser-outside.txt', '/..%2fconsole-browser-outside.txt', '/assets/%2e%2e/%2e%2e/console-browser-outside.txt', '/..%5cconsole-browser-outside.txt']) {
      const answer = await send(server, 'GET', pathname, { headers: { Cookie: cookie } });
      assert.ok(answer.status === 400 || answer.status === 404, `${pathname} answered ${answer.status}`);
      assert.doesNotMatch(answer.body, /outside the bundle/);
    }
  });

  it('refuses to listen anywhere but 127.0.0.1', async () => {
    await assert.rejects(startBrowserServer({ door: testDoor.door, staticDir, host: '0.0.0.0' as '127.0.0.1' }), /127\.0\.0\.1/);
  });
});

describe('browser mode launch', () => {
  it('only prints the URL when there is no display', () => {
    assert.deepEqual(planLaunch({ PATH: '/usr/bin:/bin' }), { kind: 'print' });
  });

  it('prints the URL when no Chromium is installed', () => {
    assert.deepEqual(planLaunch({ DISPLAY: ':0', PATH: '/nonexistent' }), { kind: 'print' });
  });

  it('opens Chromium in app mode with a throwaway profile', () => {
    assert.deepEqual(chromiumAppArguments('http://127.0.0.1:5000/?token=abc', '/tmp/profile').slice(0, 2), [
      '--app=http://127.0.0.1:5000/?token=abc',
      '--user-data-dir=/tmp/profile',
    ]);
  });
});

describe('browser mode server started before the core', () => {
  it('serves the bundle at once, and answers calls and opens event streams once the core is ready', async () => {
    const workDir = await mkdtemp(path.join(tmpdir(), 'console-browser-early-'));
    await writeFile(path.join(workDir, 'index.html'), '<!doctype html><title>Payments Console</title>');
    const testDoor = createTestDoor({ 'app:info': async () => ({ ...appInfoValue, mode: 'browser' as const }) });
    let ready!: (door: TestDoor['door']) => void;
    const door = new Promise<TestDoor['door']>((resolve) => {
      ready = resolve;
    });
    const server = await startBrowserServer({ door, operator: door.then(() => 'bob'), staticDir: workDir, host: '127.0.0.1' });
    try {
      const login = await send(server, 'GET', `/?token=${new URL(server.url).searchParams.get('token') ?? ''}`);
      const cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
      assert.equal((await send(server, 'GET', '/', { headers: { Cookie: cookie } })).status, 200, 'the bundle does not wait for the core');

      let answered = false;
      const call = send(server, 'POST', '/api/invoke/app:info', { headers: { Cookie: cookie, Origin: server.origin, 'Content-Type': 'application/json' }, body: '{}' }).then((answer) => {
        answered = true;
        return answer;
      });
      let streamOpened = false;
      const stream = streamEvents(server, cookie, testDoor, 'pay_2', (text) => text.includes('event: payment:changed'), () => {
        streamOpened = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(answered, false, 'a call waits for the core');
      assert.equal(streamOpened, false, 'an event stream opens once it can carry events');
      assert.equal(testDoor.calls.length, 0);

      ready(testDoor.door);
      assert.deepEqual(JSON.parse((await call).body), { ok: true, value: { ...appInfoValue, mode: 'browser' } });
      assert.deepEqual(testDoor.calls.at(-1)?.context, { origin: 'browser', operator: 'bob' });
      assert.match(await stream, /event: payment:changed\ndata: \{"paymentId":"pay_2"/);
    } finally {
      await server.close();
      await rm(workDir, { recursive: true, force: true });
    }
  });
});
