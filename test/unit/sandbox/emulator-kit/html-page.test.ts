import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeHtml, htmlPage } from '../../../../electron/core/sandbox/emulator-kit/html-page.ts';

test('escapes what a request or record puts into a page, quotes of both kinds included', () => {
  assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
});

test('a page for one step of one payment is never cached', () => {
  const page = htmlPage(200, 'Verify', '<p>Enter the code</p>');
  assert.equal(page.headers?.['cache-control'], 'no-store');
  assert.equal(page.headers?.['content-type'], 'text/html; charset=utf-8');
  assert.match(String(page.body), /<main><h1>Verify<\/h1><p>Enter the code<\/p><\/main>/);
});
