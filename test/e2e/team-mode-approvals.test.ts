/**
 * Team mode end to end, in Chromium over browser mode: four consoles on one PostgreSQL ledger, each
 * signed in as its own database login (an admin who created the ledger, an agent, two finance
 * operators). The agent is offered no refund and no Operators screen; a finance operator's refund
 * above the profile's four-eyes threshold is sent for approval, and she is offered no decision on
 * her own request; the second finance operator sees the badge, approves, and the payment reads
 * refunded on every console.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startBrowserServer } from '../../electron/browser/server.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import { launchChromium } from '../helpers/browser.ts';
import { withoutPostgres } from '../helpers/postgres-test-database.ts';
import { createTeamLedger, type TeamLedgerFixture } from '../helpers/team-ledger.ts';
import { quietLogger, removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';

const PROFILE = sandboxProfileId('aci-oppwa');
type Who = 'admin' | 'agent' | 'requester' | 'approver' | 'viewer';

interface Console {
  readonly core: TestCore;
  readonly server: Awaited<ReturnType<typeof startBrowserServer>>;
  readonly page: Page;
}

describe('team mode: rights and four-eyes refunds in the browser', { skip: withoutPostgres }, () => {
  let team: TeamLedgerFixture;
  /** Logins are the server's, shared by every test on it: the fixture names each after its ledger. */
  const LOGINS = {} as Record<Who, string>;
  /** A login the DBA made for someone who has no operator row yet: the admin adds them on the Operators screen. */
  let newcomer = '';
  let browser: Browser;
  const consoles = new Map<Who, Console>();
  const pageErrors: string[] = [];
  let paymentId = '';

  async function openConsole(who: Who, workspace: TestCore | null): Promise<Console> {
    const core = await startTestCore({
      ledger: team.location(LOGINS[who]),
      notifications: { enabled: false },
      // One workspace (data folder, settings, keychain) on every console; the first one's sandbox serves them all.
      ...(workspace === null ? {} : { dataDir: workspace.dataDir, keychainService: workspace.keychainService, sandbox: { enabled: false } }),
    });
    const server = await startBrowserServer({ door: core.core.door, operator: LOGINS[who], staticDir: path.resolve('renderer/dist'), host: '127.0.0.1', logger: quietLogger });
    const page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${who}: ${error.message}`));
    await page.goto(server.url);
    await page.getByTestId('sandbox-banner').waitFor();
    const opened = { core, server, page };
    consoles.set(who, opened);
    return opened;
  }

  function consoleOf(who: Who): Console {
    const found = consoles.get(who);
    assert.ok(found, `${who}'s console is open`);
    return found;
  }

  before(async () => {
    // What a DBA does once: a login per person, and the ledger's database owned by the one who creates the ledger.
    team = await createTeamLedger();
    LOGINS.admin = team.admin;
    LOGINS.agent = await team.login('ana_agent');
    LOGINS.requester = await team.login('filipa_finance');
    LOGINS.approver = await team.login('gil_finance');
    LOGINS.viewer = await team.login('vera_viewer');
    newcomer = await team.login('rui_newcomer');
    browser = await launchChromium();

    const admin = await openConsole('admin', null);
    await admin.core.value('operators:save', { login: LOGINS.agent, role: 'agent' });
    await admin.core.value('operators:save', { login: LOGINS.requester, role: 'finance' });
    await admin.core.value('operators:save', { login: LOGINS.approver, role: 'finance' });
    await admin.core.value('operators:save', { login: LOGINS.viewer, role: 'viewer' });
    await admin.core.value('approvals:saveThresholds', { profileId: PROFILE, thresholds: [{ currency: 'EUR', amount: '100.00' }] });
    for (const who of ['agent', 'requester', 'approver', 'viewer'] as const) await openConsole(who, admin.core);

    const card = { number: '4200000000000000', cvv: '123', expiryMonth: 5, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Lena Berg' };
    const sale = await consoleOf('agent').core.value('payments:createMoto', { profileId: PROFILE, kind: 'sale', money: { amount: '250.00', currency: 'EUR' }, card });
    paymentId = sale.paymentId;
  });

  after(async () => {
    await browser?.close();
    const workspace = consoles.get('admin');
    for (const who of ['agent', 'requester', 'approver', 'viewer', 'admin'] as const) {
      const open = consoles.get(who);
      if (!open) continue;
      await open.server.close();
      if (who === 'admin') await open.core.close();
      else await open.core.core.close();
    }
    if (workspace) removeDir(workspace.core.dataDir);
    await team?.drop();
  });

  test('the agent sees the payment but no refund button, and no Operators entry', async () => {
    const { page, server } = consoleOf('agent');
    await page.goto(`${server.origin}/#/payments/${paymentId}`);
    await page.locator('[data-testid="payment-status"][data-status="captured"]').waitFor();
    const notOffered = page.getByTestId('actions-not-offered');
    await notOffered.waitFor();
    assert.match((await notOffered.getAttribute('data-actions')) ?? '', /refund/);
    assert.equal(await page.getByTestId('refund-button').count(), 0);
    await page.getByTestId('nav-more').click();
    await page.getByTestId('nav-settings').waitFor();
    assert.equal(await page.getByTestId('nav-operators').count(), 0);
    // Approvals are there for everyone in team mode (to follow one's own requests); an agent decides none.
    await page.getByTestId('nav-approvals').waitFor();
  });

  test('a viewer is offered nothing that writes to the ledger: no New payment, no sync, no refund', async () => {
    const { page, server } = consoleOf('viewer');
    await page.goto(`${server.origin}/#/payments/${paymentId}`);
    await page.locator('[data-testid="payment-status"][data-status="captured"]').waitFor();
    await page.locator('[data-testid="actions-not-offered"][data-actions="refund,rebill,sync"]').waitFor();
    assert.equal(await page.getByTestId('sync-button').count(), 0);
    assert.equal(await page.getByTestId('nav-new-payment').count(), 0);
    await page.goto(`${server.origin}/#/new`);
    await page.locator('[data-testid="missing-right"][data-right="moto"]').waitFor();
    assert.equal(await page.getByTestId('moto-amount').count(), 0);
  });

  test('the admin has an Operators entry listing every operator with their role', async () => {
    const { page, server } = consoleOf('admin');
    await page.goto(`${server.origin}/#/operators`);
    for (const [who, role] of [['agent', 'agent'], ['requester', 'finance'], ['approver', 'finance'], ['viewer', 'viewer'], ['admin', 'admin']] as const) {
      await page.locator(`[data-testid="operator-row"][data-login="${LOGINS[who]}"][data-role="${role}"]`).waitFor();
    }
    await page.getByTestId('nav-more').click();
    await page.getByTestId('nav-operators').waitFor();
  });

  test('a finance operator refunds above the threshold and is told it was sent for approval; nothing is refunded yet', async () => {
    const { page, server } = consoleOf('requester');
    await page.goto(`${server.origin}/#/payments/${paymentId}`);
    await page.getByTestId('refund-button').click();
    assert.equal(await page.getByTestId('refund-amount').inputValue(), '250.00');
    await page.getByTestId('refund-reason').fill('Order cancelled by phone');
    await page.getByTestId('refund-submit').click();
    await page.getByTestId('approval-requested').waitFor();
    assert.equal(await page.getByTestId('action-outcome').count(), 0, 'no refund outcome is shown');
    assert.equal(await page.getByTestId('payment-refunded').getAttribute('data-amount'), '0.00');
    // Whoever opens the payment sees the refund already asked for.
    await page.locator('[data-testid="pending-approvals"][data-count="1"]').waitFor();
  });

  test('the requester sees her own request pending, without an approve button', async () => {
    const { page, server } = consoleOf('requester');
    await page.goto(`${server.origin}/#/approvals`);
    const row = page.locator(`[data-testid="approval-row"][data-payment-id="${paymentId}"][data-status="pending"]`);
    await row.waitFor();
    assert.equal(await row.getAttribute('data-requester'), LOGINS.requester);
    await row.click();
    await page.getByTestId('approval-own-request').waitFor();
    assert.equal(await page.getByTestId('approval-approve').count(), 0);
    assert.equal(await page.getByTestId('approval-reject').count(), 0);
    assert.equal(await page.getByTestId('approvals-badge').count(), 0, 'her own request is not counted as waiting for her');
  });

  test('the second finance operator sees the badge, approves, and the payment shows refunded', async () => {
    const { page, server } = consoleOf('approver');
    await page.goto(`${server.origin}/#/transactions`);
    await page.locator('[data-testid="approvals-badge"][data-count="1"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('nav-approvals').click();
    const row = page.locator(`[data-testid="approval-row"][data-payment-id="${paymentId}"][data-status="pending"]`);
    await row.click();
    await page.getByTestId('approval-note').fill('Checked with the customer');
    await page.getByTestId('approval-approve').click();
    const decided = page.getByTestId('approval-decided');
    await decided.waitFor();
    assert.equal(await decided.getAttribute('data-status'), 'approved');
    assert.equal(await decided.getAttribute('data-outcome'), 'succeeded');
    await page.getByTestId('approvals-badge').waitFor({ state: 'detached', timeout: 30_000 });

    await page.getByTestId('approval-decision-payment').click();
    await page.locator('[data-testid="payment-status"][data-status="refunded"]').waitFor();
    assert.equal(await page.getByTestId('payment-refunded').getAttribute('data-amount'), '250.00');
    assert.equal(await page.getByTestId('pending-approvals').count(), 0, 'nothing waits any more');

    // The requester's console, still on the payment it asked about, hears it from the ledger.
    const requester = consoleOf('requester');
    await requester.page.goto(`${requester.server.origin}/#/payments/${paymentId}`);
    await requester.page.locator('[data-testid="payment-status"][data-status="refunded"]').waitFor({ timeout: 30_000 });
    assert.deepEqual(pageErrors, []);
  });

  test("the admin adds an operator on the Operators screen, tunes their rights against the role, changes the role and removes them; the core's refusal is shown on the form", async () => {
    const { page, server, core } = consoleOf('admin');
    await page.goto(`${server.origin}/#/operators`);
    await page.getByTestId('operator-new').click();
    await page.getByTestId('operator-login').fill('Not A Login');
    await page.getByTestId('operator-save').click();
    await page.getByTestId('operator-login-error').waitFor();
    assert.equal(await page.getByTestId('operator-login').getAttribute('aria-invalid'), 'true');

    // A login the DBA never made: the core says so on the login field, and nothing is saved.
    await page.getByTestId('operator-login').fill('nobody_made_this');
    await page.getByTestId('operator-save').click();
    await page.getByTestId('operator-login-error').filter({ hasText: /no database login/i }).waitFor();
    assert.equal(await page.getByTestId('operator-login').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('[data-testid="operator-row"][data-login="nobody_made_this"]').count(), 0);

    await page.getByTestId('operator-login').fill(newcomer);
    await page.getByTestId('operator-role').selectOption('finance');
    await page.locator('[data-testid="operator-right"][data-right="void"] input').uncheck();
    await page.locator('[data-testid="operator-right"][data-right="moto"] input').check();
    assert.equal(await page.locator('[data-testid="operator-right"][data-right="void"]').getAttribute('data-source'), 'removed');
    assert.equal(await page.locator('[data-testid="operator-right"][data-right="moto"]').getAttribute('data-source'), 'added');
    await page.getByTestId('operator-save').click();
    const row = page.locator(`[data-testid="operator-row"][data-login="${newcomer}"]`);
    await row.locator('[data-testid="operator-rights"][data-rights="moto,refund,capture,mit,recon,approve_refund"]').waitFor();
    assert.equal(await row.getAttribute('data-role'), 'finance');
    const saved = (await core.value('operators:list', {})).operators.find((operator) => operator.login === newcomer);
    assert.deepEqual({ role: saved?.role, added: saved?.added, removed: saved?.removed }, { role: 'finance', added: ['moto'], removed: ['void'] });

    await row.getByTestId('operator-edit').click();
    await page.getByTestId('operator-role').selectOption('viewer');
    await page.getByTestId('operator-save').click();
    await page.locator(`[data-testid="operator-row"][data-login="${newcomer}"][data-role="viewer"] [data-testid="operator-rights"][data-rights=""]`).waitFor();

    await page.locator(`[data-testid="operator-row"][data-login="${newcomer}"]`).getByTestId('operator-remove').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await page.locator(`[data-testid="operator-row"][data-login="${newcomer}"]`).waitFor({ state: 'detached' });
    assert.equal(await page.locator(`[data-testid="operator-row"][data-login="${LOGINS.admin}"]`).getByTestId('operator-edit').count(), 0, "the ledger's owner is not offered a change");
    assert.deepEqual(pageErrors, []);
  });

  test('the admin sets a threshold per currency on the Approvals screen; a finance operator sees it and cannot change it', async () => {
    const { page, server, core } = consoleOf('admin');
    const profile = sandboxProfileId('sibs-spg');
    await page.goto(`${server.origin}/#/approvals`);
    const line = page.locator(`[data-testid="threshold-row"][data-profile-id="${profile}"]`);
    await line.getByTestId('threshold-edit').click();
    const form = page.getByTestId('thresholds-form');
    await form.getByTestId('threshold-add').click();
    await form.getByTestId('threshold-input-amount').fill('75,5');
    await form.getByTestId('threshold-add').click();
    await form.getByTestId('threshold-currency').nth(1).fill('EUR');
    await form.getByTestId('threshold-input-amount').nth(1).fill('10');
    await form.getByTestId('thresholds-save').click();
    await form.getByTestId('threshold-problem').waitFor();
    assert.deepEqual((await core.value('approvals:thresholds', {})).thresholds.filter((each) => each.profileId === profile), [], 'a currency given twice saves nothing');

    await form.getByTestId('threshold-currency').nth(1).fill('GBP');
    await form.getByTestId('thresholds-save').click();
    await line.locator('[data-testid="threshold-amount"][data-currency="EUR"][data-amount="75.50"]').waitFor();
    await line.locator('[data-testid="threshold-amount"][data-currency="GBP"][data-amount="10.00"]').waitFor();

    const finance = consoleOf('approver');
    await finance.page.goto(`${finance.server.origin}/#/approvals`);
    await finance.page.locator(`[data-testid="threshold-row"][data-profile-id="${profile}"] [data-testid="threshold-amount"][data-currency="EUR"][data-amount="75.50"]`).waitFor();
    assert.equal(await finance.page.getByTestId('threshold-edit').count(), 0);
    await finance.page.locator('[data-testid="missing-right"][data-right="settings"]').waitFor();
    assert.deepEqual(pageErrors, []);
  });
});
