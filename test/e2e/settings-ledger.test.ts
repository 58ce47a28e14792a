/**
 * Settings → Ledger as an administrator uses it: a password typed into the connection string is
 * refused with the reason, the password typed in its own field is kept in the keychain and shown
 * only as stored, and Test connection answers what the database said.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startBrowserSession, type BrowserSession } from '../helpers/browser-session.ts';
import { withoutPostgres } from '../helpers/postgres-test-database.ts';

let session: BrowserSession;
let page: Page;

before(async () => {
  session = await startBrowserSession();
  page = session.page;
  await page.goto(session.server.url);
  await page.getByTestId('sandbox-banner').waitFor();
  await page.goto(`${session.server.origin}/#/settings`);
  await page.getByTestId('ledger-panel').waitFor();
});

after(async () => {
  await session?.close();
});

test('a shared ledger is chosen with its password in the keychain, never in the connection string', async () => {
  const panel = page.getByTestId('ledger-panel');
  await panel.getByTestId('ledger-backend-postgres').check();
  await panel.getByTestId('ledger-connection-string').fill('postgresql://ledger:hunter2@db.example.com/ledger');
  await panel.getByTestId('ledger-save').click();
  const error = panel.getByTestId('ledger-error');
  await error.waitFor();
  assert.match(await error.innerText(), /password field/);

  await panel.getByTestId('ledger-connection-string').fill('postgresql://ledger@db.example.com:5432/ledger?sslmode=require');
  await panel.getByTestId('ledger-password').fill('correct-horse');
  await panel.getByTestId('ledger-save').click();
  await panel.getByTestId('ledger-saved').waitFor();
  assert.match(await panel.getByTestId('ledger-saved').innerText(), /next start/);
  assert.equal(await panel.getByTestId('ledger-password').inputValue(), '', 'the typed password is not kept on the screen');
  assert.equal(await panel.getByTestId('ledger-password-state').innerText(), 'stored');
  const settings = readFileSync(path.join(session.t.dataDir, 'settings.json'), 'utf8');
  assert.ok(settings.includes('db.example.com') && !settings.includes('correct-horse') && !settings.includes('hunter2'));

  // Read back after a reload: the choice is there, the password only as “stored”.
  await page.reload();
  await page.getByTestId('ledger-connection-string').waitFor();
  assert.equal(await page.getByTestId('ledger-connection-string').inputValue(), 'postgresql://ledger@db.example.com:5432/ledger?sslmode=require');
  assert.equal(await page.getByTestId('ledger-password-state').innerText(), 'stored');
  assert.deepEqual(session.pageErrors, []);
});

test('Test connection says when nothing answers', async () => {
  const panel = page.getByTestId('ledger-panel');
  await panel.getByTestId('ledger-backend-postgres').check();
  await panel.getByTestId('ledger-connection-string').fill('postgresql://console@127.0.0.1:9/ledger');
  await panel.getByTestId('ledger-test').click();
  const result = panel.getByTestId('ledger-test-result');
  await result.waitFor();
  assert.match(await result.innerText(), /No PostgreSQL server answered/);
});

test('Test connection reaches the real server', { skip: withoutPostgres }, async () => {
  const panel = page.getByTestId('ledger-panel');
  await panel.getByTestId('ledger-connection-string').fill(process.env['CONSOLE_TEST_PG_URL'] ?? '');
  await panel.getByTestId('ledger-test').click();
  await panel.locator('[data-testid="ledger-test-result"]', { hasText: 'Connected: PostgreSQL' }).waitFor();
});
