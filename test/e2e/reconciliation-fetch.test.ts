/**
 * Browser mode end to end: the Reconciliation page fetches the OPPWA sandbox's transaction report
 * for the period and opens the session it made, every sale matched; on SIBS, which has no report
 * API, the form says to import the file instead and cannot be sent.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import { chooseProfile, startBrowserSession, type BrowserSession } from '../helpers/browser-session.ts';
import { sandboxSale } from '../helpers/sandbox-sale.ts';

const OPPWA = sandboxProfileId('aci-oppwa');
const SALES = 3;

let session: BrowserSession;
const today = new Date();
const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

before(async () => {
  session = await startBrowserSession();
});

after(async () => {
  await session?.close();
});

test('fetches a gateway report for the period into a session, and says when a gateway has none', async () => {
  const { t, server, page, pageErrors } = session;
  for (let index = 0; index < SALES; index += 1) await sandboxSale(t, 'aci-oppwa', `${40 + index}.00`, 'Report Reader');

  await chooseProfile(session, OPPWA);
  await page.goto(`${server.origin}/#/reconciliation`);
  await page.getByTestId('recon-fetch-profile').selectOption(sandboxProfileId('sibs-spg'));
  await page.getByTestId('recon-fetch-none').waitFor();
  assert.equal(await page.getByTestId('recon-fetch-submit').isDisabled(), true, 'nothing to fetch from a gateway without a report API');

  await page.getByTestId('recon-fetch-profile').selectOption(OPPWA);
  await page.locator('[data-testid="recon-fetch-report"] option[value="OPPWA transaction report"]').waitFor({ state: 'attached' });
  await page.getByTestId('recon-fetch-period-from').fill(day(-1));
  await page.getByTestId('recon-fetch-period-to').fill(day(1));
  await page.getByTestId('recon-fetch-submit').click();

  await page.getByTestId('recon-session').waitFor();
  await page.locator('[data-testid="recon-tab-all"][data-count]:not([data-count="0"])').waitFor();
  assert.equal(await page.getByTestId('recon-tab-matched').getAttribute('data-count'), String(SALES));
  assert.equal(await page.getByTestId('recon-tab-missing_in_ledger').getAttribute('data-count'), '0');
  assert.deepEqual(pageErrors, []);
});
