/**
 * A gateway's report fetched by date range through `recon:fetch`, against the running emulators:
 * OPPWA's paged transaction query (with throttling on the way) and Be2bill's exportTransactions,
 * whose CSV the emulator posts to the one-time address the console handed it. The sessions hold
 * what each emulator's book implies; a delivery to any other address, or a second one to a used
 * address, is refused and changes nothing; a report that never comes ends in a timeout and no session.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { ReconClass } from '../../shared/domain/recon.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import { sandboxSale } from '../helpers/sandbox-sale.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';
import { eventually } from '../helpers/eventually.ts';

let t: TestCore;
const OPPWA = sandboxProfileId('aci-oppwa');
const BE2BILL = sandboxProfileId('be2bill');

before(async () => {
  t = await startTestCore({ requestTimeoutMs: 3_000 });
});
after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

function sandboxUrl(path: string): string {
  return `${t.core.info.sandboxBaseUrl ?? ''}${path}`;
}

async function control(gatewayId: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(sandboxUrl(`/control/${gatewayId}${path}`), { method: 'POST', body: JSON.stringify(body) });
  assert.ok(response.ok, `control ${path}: HTTP ${response.status} ${await response.text()}`);
}

async function setOptions(profileId: string, options: Record<string, string | number | boolean>): Promise<void> {
  const profile = (await t.value('profiles:list', {})).find((candidate) => candidate.id === profileId);
  assert.ok(profile);
  await t.value('profiles:update', { id: profileId, options: { ...profile.options, ...options } });
}

/** The last hour up to the next: every sale the test makes, and nothing of another test's run. */
function periodAround(at: Date): { from: string; to: string } {
  return { from: new Date(at.getTime() - 3_600_000).toISOString(), to: new Date(at.getTime() + 3_600_000).toISOString() };
}

async function classesOf(sessionId: string): Promise<Partial<Record<ReconClass, number>>> {
  const summary = await t.value('recon:session', { sessionId });
  const counted: Partial<Record<ReconClass, number>> = {};
  for (const line of summary.totals) counted[line.reconClass] = (counted[line.reconClass] ?? 0) + line.count;
  return counted;
}

async function sessionCount(): Promise<number> {
  return (await t.value('recon:sessions', { limit: 1000 })).length;
}

describe('OPPWA transaction report', () => {
  test('pages through the range, waits out 429s, and finds the payment made outside the console', async () => {
    for (const amount of ['21.00', '22.00', '23.00', '24.00']) await sandboxSale(t, 'aci-oppwa', amount, 'Report Reader');
    // A payment made on the same entity elsewhere (another shop, the back office): in the report, not in the ledger.
    const credentials = await t.core.internals.profiles.readCredentials(OPPWA);
    const entityId = String(t.core.internals.profiles.list().find((profile) => profile.id === OPPWA)?.options['entityId']);
    const elsewhere = await fetch(sandboxUrl('/aci-oppwa/v1/payments'), {
      method: 'POST',
      headers: { authorization: `Bearer ${credentials['accessToken'] ?? ''}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ entityId, amount: '33.00', currency: 'EUR', paymentBrand: 'VISA', paymentType: 'DB', merchantTransactionId: 'ELSEWHERE-1', 'card.number': '4200000000000000', 'card.holder': 'Shop Customer', 'card.expiryMonth': '12', 'card.expiryYear': String(new Date().getUTCFullYear() + 2), 'card.cvv': '123' }),
    });
    assert.equal(elsewhere.status, 200, await elsewhere.clone().text());
    await setOptions(OPPWA, { reportPageSize: 2 });
    await control('aci-oppwa', '/faults', { faults: [{ fault: 'http-429', method: 'GET', pathIncludes: '/v3/query', count: 2 }] });

    const fetched = await t.value('recon:fetch', { profileId: OPPWA, report: 'OPPWA transaction report', period: periodAround(new Date()) });

    assert.equal(fetched.rows, 5, 'five transactions over three pages of two');
    assert.deepEqual(fetched.skipped, []);
    assert.deepEqual(await classesOf(fetched.session.id), { matched: 4, missing_in_ledger: 1 });
    const [lone] = (await t.value('recon:rows', { sessionId: fetched.session.id, reconClass: 'missing_in_ledger' })).rows;
    assert.equal(lone?.merchantReference, 'ELSEWHERE-1');
    const remaining = (await (await fetch(sandboxUrl('/control/aci-oppwa/faults'))).json()) as { faults: unknown[] };
    assert.deepEqual(remaining.faults, [], 'both throttled answers were met and waited out');
  });

  test('a fetch cancelled while the pages come in ends cancelled, with nothing kept', async () => {
    for (const amount of ['25.00', '26.00', '27.00']) await sandboxSale(t, 'aci-oppwa', amount, 'Report Reader');
    await setOptions(OPPWA, { reportPageSize: 1 });
    await fetch(sandboxUrl('/control/aci-oppwa/faults'), { method: 'POST', body: JSON.stringify({ faults: [], latency: [{ ms: 400, method: 'GET', pathIncludes: '/v3/query' }] }) });
    try {
      const fetching = t.value('recon:fetch', { profileId: OPPWA, report: 'OPPWA transaction report', period: periodAround(new Date()) });
      const running = await eventually(async () => (await t.value('recon:sessions', { limit: 10 })).find((session) => session.status === 'running'), 'the fetch’s session');
      await t.value('recon:cancel', { sessionId: running.id });
      const fetched = await fetching;
      assert.equal(fetched.session.status, 'cancelled');
      assert.deepEqual(await classesOf(fetched.session.id), {});
    } finally {
      await control('aci-oppwa', '/faults', { faults: [], latency: [] });
      await setOptions(OPPWA, { reportPageSize: 100 });
    }
  });

  test('a gateway without a report API is refused before anything is asked', async () => {
    const offered = Object.fromEntries((await t.value('gateways:list', {})).map((gateway) => [gateway.id, (gateway.statementReports ?? []).map((report) => report.name)]));
    assert.deepEqual(offered, { 'sibs-spg': [], 'aci-oppwa': ['OPPWA transaction report'], sayswitch: ['Sayswitch transaction list (INFERRED)'], be2bill: ['Be2bill exportTransactions'] });
    const refused = await t.call('recon:fetch', { profileId: sandboxProfileId('sibs-spg'), report: 'OPPWA transaction report', period: periodAround(new Date()) });
    assert.equal(refused.ok ? 'ok' : refused.error.kind, 'validation');
  });
});

describe('Sayswitch transaction list (INFERRED)', () => {
  test('pages through the list and matches the sales', async () => {
    for (const amount of ['1500.00', '1600.00', '1700.00']) await sandboxSale(t, 'sayswitch', amount, 'Report Reader');
    const profileId = sandboxProfileId('sayswitch');
    await setOptions(profileId, { reportPageSize: 2 });
    const fetched = await t.value('recon:fetch', { profileId, report: 'Sayswitch transaction list (INFERRED)', period: periodAround(new Date()) });
    assert.equal(fetched.rows, 3);
    assert.deepEqual(fetched.skipped, []);
    assert.deepEqual(await classesOf(fetched.session.id), { matched: 3 });
  });
});

describe('Be2bill exportTransactions', () => {
  test('the report delivered to its one-time address makes the session; other and repeated deliveries are refused', async () => {
    for (const amount of ['31.00', '32.00', '33.00']) await sandboxSale(t, 'be2bill', amount, 'Report Reader');
    const receiver = t.core.internals.notifications?.baseUrl ?? '';
    await control('be2bill', '/settings', { reportDelayMs: 800 });
    const before = await sessionCount();

    const fetching = t.value('recon:fetch', { profileId: BE2BILL, report: 'Be2bill exportTransactions', period: periodAround(new Date()) });
    // While the console waits: a delivery to an address it never handed out is refused unread.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stray = await fetch(`${receiver}/reports/${randomBytes(32).toString('hex')}`, { method: 'POST', body: 'TRANSACTIONID;AMOUNT\r\nA1;100\r\n' });
    assert.equal(stray.status, 404);
    const fetched = await fetching;

    assert.equal(fetched.rows, 3);
    assert.deepEqual(await classesOf(fetched.session.id), { matched: 3 });
    assert.equal(await sessionCount(), before + 1);
    const exports = (await (await fetch(sandboxUrl('/control/be2bill/exports'))).json()) as { deliveries: Array<{ url: string }> };
    const used = exports.deliveries.at(-1)?.url ?? '';
    assert.match(used, /\/reports\/[0-9a-f]{64}$/);
    const replay = await fetch(used, { method: 'POST', body: 'TRANSACTIONID;AMOUNT\r\nA1;100\r\n' });
    assert.equal(replay.status, 404, 'an address answers once');
    assert.equal(await sessionCount(), before + 1);
  });

  test('a report that never comes ends in a timeout, with no session; its late delivery is refused', async () => {
    await setOptions(BE2BILL, { reportTimeoutSeconds: 1 });
    await control('be2bill', '/settings', { reportDelayMs: 2_500 });
    const before = await sessionCount();
    try {
      const late = await t.call('recon:fetch', { profileId: BE2BILL, report: 'Be2bill exportTransactions', period: periodAround(new Date()) });
      assert.equal(late.ok ? 'ok' : late.error.kind, 'timeout');
      assert.equal(await sessionCount(), before);
      await eventually(async () => {
        const exports = (await (await fetch(sandboxUrl('/control/be2bill/exports'))).json()) as { deliveries: Array<{ state: string; attempts: Array<{ status: number | null }> }> };
        return exports.deliveries.at(-1)?.attempts.some((attempt) => attempt.status === 404) === true ? true : undefined;
      }, 'the late delivery is refused');
      assert.equal(await sessionCount(), before);
    } finally {
      await setOptions(BE2BILL, { reportTimeoutSeconds: 300 });
      await control('be2bill', '/settings', { reportDelayMs: 300 });
    }
  });
});
