/**
 * The sandbox issuer page: GET shows the session's page, the browser's POST hands the gateway the
 * posted answer (or null when the form carried none), and a session with nothing to decide shows
 * the page again. Text from records is escaped in the decision page.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acsDecisionPage, acsPageRoutes, type AcsPage } from '../../../../electron/core/sandbox/emulator-kit/acs-page.ts';
import { htmlPage } from '../../../../electron/core/sandbox/emulator-kit/html-page.ts';
import type { EmulatorRequest, EmulatorRoute } from '../../../../electron/core/gateways/types.ts';

function request(method: 'GET' | 'POST', sessionId: string, rawBody = ''): EmulatorRequest {
  return { method, path: `/acs/${sessionId}`, params: { sessionId }, query: new URLSearchParams(), headers: {}, rawBody };
}

function route(routes: EmulatorRoute[], method: string): EmulatorRoute {
  const found = routes.find((candidate) => candidate.method === method && candidate.path === '/acs/:sessionId');
  assert.ok(found, `no ${method} /acs/:sessionId route`);
  return found;
}

function recorder(field?: string): { page: AcsPage; answers: (string | null)[] } {
  const answers: (string | null)[] = [];
  const page: AcsPage = {
    ...(field === undefined ? {} : { field }),
    show: (sessionId) => htmlPage(200, 'Page', `<p>${sessionId}</p>`),
    answer(sessionId, answer) {
      answers.push(answer);
      return answer === null ? null : { status: 302, headers: { location: `https://shop.test/back?s=${sessionId}` }, body: '' };
    },
  };
  return { page, answers };
}

describe('ACS page routes', () => {
  it('shows the page on GET and hands the posted decision to the gateway', async () => {
    const { page, answers } = recorder();
    const routes = acsPageRoutes(page);
    const shown = await route(routes, 'GET').handle(request('GET', 's-1'));
    assert.equal(shown.status, 200);
    assert.match(String(shown.body), /<p>s-1<\/p>/);
    const done = await route(routes, 'POST').handle(request('POST', 's-1', 'decision=pass&MD=x'));
    assert.equal(done.status, 302);
    assert.equal(done.headers?.['location'], 'https://shop.test/back?s=s-1');
    assert.deepEqual(answers, ['pass']);
  });

  it('shows the page again when the POST carries no answer', async () => {
    const { page, answers } = recorder();
    const shown = await route(acsPageRoutes(page), 'POST').handle(request('POST', 's-2', 'PaReq=abc&TermUrl=https%3A%2F%2Fshop.test'));
    assert.equal(shown.status, 200);
    assert.match(String(shown.body), /<p>s-2<\/p>/);
    assert.deepEqual(answers, [null]);
  });

  it('reads the field the gateway names', async () => {
    const { page, answers } = recorder('password');
    await route(acsPageRoutes(page), 'POST').handle(request('POST', 's-3', 'decision=pass&password=1234'));
    assert.deepEqual(answers, ['1234']);
  });
});

describe('ACS decision page', () => {
  it('posts each choice back to the session and escapes what it shows', () => {
    const page = acsDecisionPage('a b"<', 'Sandbox 3-D Secure', '<p>intro</p>', [
      { decision: 'pass', label: 'Pay <now>' },
      { decision: 'fail', label: 'Abandon' },
    ]);
    assert.equal(page.status, 200);
    assert.equal(page.headers?.['content-type'], 'text/html; charset=utf-8');
    const body = String(page.body);
    assert.match(body, /<p>intro<\/p>/);
    assert.equal(body.split('action="a%20b%22%3C"').length - 1, 2);
    assert.match(body, /name="decision" value="pass"><button>Pay &lt;now&gt;<\/button>/);
    assert.match(body, /name="decision" value="fail"><button>Abandon<\/button>/);
  });
});
