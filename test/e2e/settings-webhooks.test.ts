/**
 * Settings → Webhooks with the team's receiver: a public address over plain HTTP is refused with
 * the reason; a saved one lists each profile's team URL (to paste into the gateway's back office)
 * next to this console's loopback one, and is still there after a reload (it lives in the ledger).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startBrowserSession, type BrowserSession } from '../helpers/browser-session.ts';

let session: BrowserSession;
let page: Page;

before(async () => {
  session = await startBrowserSession();
  page = session.page;
  await page.goto(session.server.url);
  await page.getByTestId('sandbox-banner').waitFor();
  await page.goto(`${session.server.origin}/#/settings`);
  await page.getByTestId('webhooks-panel').waitFor();
});

after(async () => {
  await session?.close();
});

test("the team receiver's address is refused over plain HTTP, then saved and shown under every profile next to the loopback one", async () => {
  const panel = page.getByTestId('webhooks-panel');
  await panel.getByTestId('webhooks-team-base-url').fill('http://hooks.example.com');
  await panel.getByTestId('webhooks-team-save').click();
  await panel.getByTestId('webhooks-team-error').waitFor();
  assert.match(await panel.getByTestId('webhooks-team-error').innerText(), /https/);
  assert.equal(await panel.getByTestId('webhook-team-url').count(), 0, 'nothing was saved');

  await panel.getByTestId('webhooks-team-base-url').fill('https://hooks.example.com');
  await panel.getByTestId('webhooks-team-save').click();
  await panel.getByTestId('webhooks-team-saved').waitFor();
  const rows = panel.getByTestId('webhook-row');
  const count = await rows.count();
  assert.ok(count > 0);
  for (let index = 0; index < count; index++) {
    const row = rows.nth(index);
    const profileId = (await row.getAttribute('data-profile-id')) ?? '';
    assert.equal(await row.getByTestId('webhook-team-url').innerText(), `https://hooks.example.com/notifications/${encodeURIComponent(profileId)}`);
    assert.match(await row.getByTestId('webhook-url').innerText(), new RegExp(`^http://127\\.0\\.0\\.1:\\d+/notifications/${profileId}$`));
  }

  await page.reload();
  await page.getByTestId('webhook-team-url').first().waitFor();
  assert.equal(await page.getByTestId('webhooks-team-base-url').inputValue(), 'https://hooks.example.com');
  assert.deepEqual(session.pageErrors, []);
});
