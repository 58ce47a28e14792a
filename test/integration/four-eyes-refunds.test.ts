/**
 * Four-eyes refunds on a shared PostgreSQL ledger: above its profile's threshold a refund becomes
 * a request that another operator approves or rejects. The requester can never decide their own —
 * not through the console, not by calling the database's function — and a refund intent above the
 * threshold cannot be journaled without an approved request naming it. Two approvers clicking at
 * once, in two processes, refund once at the gateway; an expired request cannot be approved.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import { sandboxBookSchema } from '../../electron/core/sandbox/sandbox-book.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import type { Envelope } from '../../shared/ipc/envelope.ts';
import type { ChannelOutput, EventPayload } from '../../shared/ipc/contract.ts';
import { eventually } from '../helpers/eventually.ts';
import { withoutPostgres } from '../helpers/postgres-test-database.ts';
import { refunded } from '../helpers/refund-outcome.ts';
import { createTeamLedger, type TeamLedgerFixture } from '../helpers/team-ledger.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';

const GATEWAY = 'aci-oppwa';
const PROFILE = sandboxProfileId(GATEWAY);
const card = () => ({ number: '4200000000000000', cvv: '123', expiryMonth: 5, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Rui Costa' });
const processEntry = fileURLToPath(new URL('../helpers/team-console-process.ts', import.meta.url));

interface RacingConsole {
  go(): void;
  readonly answer: Promise<Envelope<ChannelOutput<'approvals:decide'>>>;
}

describe('four-eyes refunds on a team ledger', { skip: withoutPostgres }, () => {
  let team: TeamLedgerFixture;
  let admin: TestCore;
  let requester: TestCore;
  let approver: TestCore;
  const logins = { requester: '', approver: '', second: '', agent: '' };

  async function consoleOf(login: string): Promise<TestCore> {
    return startTestCore({
      ledger: team.location(login),
      dataDir: admin.dataDir,
      keychainService: admin.keychainService,
      sandbox: { enabled: false },
      notifications: { enabled: false },
      recoverOnStart: false,
      mitBatchWatch: false,
    });
  }

  /** `login`'s console in a process of its own, started and waiting to make one call. */
  async function racingConsole(login: string, input: unknown): Promise<RacingConsole> {
    const location = team.location(login);
    const child = spawn(process.execPath, [processEntry, JSON.stringify({ dataDir: admin.dataDir, keychainService: admin.keychainService, ...location, channel: 'approvals:decide', input })], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        if (out.startsWith('ready\n')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`the console of ${login} exited (${code}) before it was ready: ${err}`)));
    });
    const answer = new Promise<Envelope<ChannelOutput<'approvals:decide'>>>((resolve, reject) => {
      child.once('exit', (code) => {
        const line = out.split('\n').find((candidate) => candidate.startsWith('{'));
        if (line === undefined) reject(new Error(`the console of ${login} answered nothing (${code}): ${err}`));
        else resolve(JSON.parse(line) as Envelope<ChannelOutput<'approvals:decide'>>);
      });
    });
    await ready;
    return { go: () => child.stdin.end('go\n'), answer };
  }

  async function sale(amount: string): Promise<string> {
    return (await admin.value('payments:createMoto', { profileId: PROFILE, kind: 'sale', money: { amount, currency: 'EUR' }, card: card() })).paymentId;
  }

  async function refundsAtGateway(paymentId: string): Promise<string[]> {
    const merchantReference = (await admin.value('payments:get', { paymentId })).payment.merchantReference;
    const response = await request(`${admin.core.info.sandboxBaseUrl}/control/${GATEWAY}/book`);
    const booked = sandboxBookSchema.parse(await response.body.json()).payments.find((payment) => payment.merchantReference === merchantReference);
    assert.ok(booked, 'the gateway has the sale');
    return booked.operations.filter((operation) => operation.kind === 'refund' && operation.state !== 'refused').map((operation) => operation.amountMinor);
  }

  async function requestAbove(paymentId: string, amount: string, expectedRefundable: string): Promise<string> {
    const answer = await requester.value('payments:refund', { paymentId, amount, expectedRefundable, reason: 'Whole order returned' });
    assert.ok('approvalRequested' in answer, `an approval was requested: ${JSON.stringify(answer)}`);
    return answer.approvalRequested.id;
  }

  before(async () => {
    team = await createTeamLedger();
    for (const name of Object.keys(logins) as Array<keyof typeof logins>) logins[name] = await team.login(name);
    admin = await startTestCore({ ledger: team.location(team.admin), requestTimeoutMs: 5_000, notifications: { enabled: false } });
    for (const login of [logins.requester, logins.approver, logins.second]) await admin.value('operators:save', { login, role: 'finance', added: [], removed: [] });
    await admin.value('operators:save', { login: logins.agent, role: 'agent', added: [], removed: [] });
    await admin.value('approvals:saveThresholds', { profileId: PROFILE, thresholds: [{ currency: 'EUR', amount: '50.00' }] });
    requester = await consoleOf(logins.requester);
    approver = await consoleOf(logins.approver);
  });
  after(async () => {
    await approver?.core.close();
    await requester?.core.close();
    await admin?.close();
    if (admin) removeDir(admin.dataDir);
    await team?.drop();
  });

  test('thresholds are per profile and currency; a refund up to it runs at once', async () => {
    assert.deepEqual(await requester.value('approvals:thresholds', {}), { thresholds: [{ profileId: PROFILE, currency: 'EUR', amount: '50.00' }] });
    const paymentId = await sale('80.00');
    const refund = refunded(await requester.value('payments:refund', { paymentId, amount: '50.00', expectedRefundable: '80.00', reason: 'Half returned' }));
    assert.equal(refund.state, 'succeeded');
  });

  test('above the threshold a refund becomes a request: nothing is refunded, the approvers hear of it and see it pending', async () => {
    const paymentId = await sale('100.00');
    const heard: Array<EventPayload<'approval:changed'>> = [];
    const stop = approver.core.door.subscribe((event, payload) => {
      if (event === 'approval:changed') heard.push(payload as EventPayload<'approval:changed'>);
    });
    try {
      const requestId = await requestAbove(paymentId, '60.00', '100.00');
      assert.equal((await admin.value('payments:get', { paymentId })).payment.refunded, '0.00');
      assert.deepEqual(await refundsAtGateway(paymentId), []);
      await eventually(() => (heard.some((event) => event.requestId === requestId && event.status === 'pending') ? true : undefined), 'the approver console hears of the request');

      const queue = await approver.value('approvals:list', { limit: 50 });
      const shown = queue.requests.find((candidate) => candidate.id === requestId);
      assert.ok(shown);
      assert.equal(queue.requests[0]?.status, 'pending', 'pending first');
      assert.deepEqual([shown.amount, shown.currency, shown.reason, shown.requestedBy, shown.status, shown.paymentId], ['60.00', 'EUR', 'Whole order returned', logins.requester, 'pending', paymentId]);
      assert.ok(queue.pending >= 1);
      const own = await requester.value('approvals:list', { status: 'pending', limit: 50 });
      assert.equal(own.pending, 0, "the requester's badge does not count their own request");
      const entries = (await admin.value('audit:search', { actions: ['refund.approval-requested'], targetId: paymentId, limit: 5 })).entries;
      assert.equal(entries.length, 1);
      assert.equal(entries[0]?.outcome, 'pending');
    } finally {
      stop();
    }
  });

  test('the requester cannot approve their own request, through the console or by calling the database', async () => {
    const paymentId = await sale('90.00');
    const requestId = await requestAbove(paymentId, '70.00', '90.00');

    const own = await requester.call('approvals:decide', { requestId, decision: 'approve', note: 'Mine' });
    assert.equal(own.ok ? null : own.error.kind, 'forbidden');
    assert.match(own.ok ? '' : own.error.message, /requested this refund/);
    const refusals = (await admin.value('audit:search', { actions: ['refund.approval-approved'], targetId: paymentId, limit: 5 })).entries;
    assert.deepEqual(refusals.map((entry) => entry.outcome), ['refused']);
    const sql = await team.connectAs(logins.requester);
    const direct = await sql.query("SELECT console_decide_refund($1, true, 'Mine', 'op_self_approved')", [requestId]).then(
      () => null,
      (error: unknown) => (error as { code?: string }).code,
    );
    assert.equal(direct, '42501');
    // Nor can anyone journal the refund without an approved request naming it.
    const intent = sql.query(
      `INSERT INTO operations (id, payment_id, kind, amount_minor, currency, merchant_reference, operator, state, created_at)
       VALUES ('op_skip_approval', $1, 'refund', 7000, 'EUR', 'RF-skip-approval', session_user, 'intent', now())`,
      [paymentId],
    );
    assert.equal(await intent.then(() => null, (error: unknown) => (error as { code?: string }).code), '42501');
    const agent = await team.connectAs(logins.agent);
    assert.equal(await agent.query("SELECT console_decide_refund($1, true, '', 'op_agent')", [requestId]).then(() => null, (error: unknown) => (error as { code?: string }).code), '42501');

    const stored = await admin.value('approvals:list', { limit: 50 });
    assert.equal(stored.requests.find((candidate) => candidate.id === requestId)?.status, 'pending');
    assert.deepEqual(await refundsAtGateway(paymentId), []);
  });

  test('two approvers approving at once, in two processes, refund once at the gateway', async () => {
    // Room for two such refunds: only the request's single use stands between it and a second one.
    const paymentId = await sale('200.00');
    const requestId = await requestAbove(paymentId, '75.00', '200.00');
    const input = { requestId, decision: 'approve', note: 'Checked the returned goods' };
    const first = await racingConsole(logins.approver, input);
    const second = await racingConsole(logins.second, input);
    first.go();
    second.go();
    const answers = await Promise.all([first.answer, second.answer]);

    const approved = answers.filter((answer) => answer.ok);
    assert.equal(approved.length, 1, JSON.stringify(answers));
    const refused = answers.find((answer) => !answer.ok);
    assert.ok(refused && !refused.ok);
    assert.ok(['conflict', 'forbidden'].includes(refused.error.kind), refused.error.message);
    const winner = approved[0];
    assert.ok(winner?.ok);
    assert.equal(winner.value.request.status, 'approved');
    assert.equal(winner.value.outcome?.state, 'succeeded');

    const late = await approver.call('approvals:decide', input as { requestId: string; decision: 'approve'; note: string });
    assert.equal(late.ok ? null : late.error.kind, 'conflict', 'a request approved once is not approved again');

    assert.deepEqual(await refundsAtGateway(paymentId), ['7500']);
    const detail = await admin.value('payments:get', { paymentId });
    assert.equal(detail.payment.refunded, '75.00');
    assert.deepEqual(detail.operations.filter((operation) => operation.kind === 'refund').map((operation) => operation.id), [winner.value.request.operationId]);
    const decided = (await admin.value('audit:search', { actions: ['refund.approval-approved'], targetId: paymentId, limit: 5 })).entries;
    assert.deepEqual(decided.map((entry) => entry.outcome).sort(), ['refused', 'refused', 'succeeded']);
  });

  test('an expired request cannot be approved, and shows as expired', async () => {
    const paymentId = await sale('110.00');
    const requestId = await requestAbove(paymentId, '65.00', '110.00');
    const owner = await team.connectAs(team.admin);
    await owner.query("UPDATE refund_approvals SET requested_at = now() - interval '2 days', expires_at = now() - interval '1 day' WHERE id = $1", [requestId]);

    const late = await approver.call('approvals:decide', { requestId, decision: 'approve', note: 'Too late' });
    assert.equal(late.ok ? null : late.error.kind, 'conflict');
    assert.match(late.ok ? '' : late.error.message, /expired/);
    const shown = (await approver.value('approvals:list', { status: 'expired', limit: 50 })).requests.map((candidate) => candidate.id);
    assert.ok(shown.includes(requestId));
    assert.deepEqual(await refundsAtGateway(paymentId), []);
  });

  test('a rejected request is final and refunds nothing', async () => {
    const paymentId = await sale('95.00');
    const requestId = await requestAbove(paymentId, '90.00', '95.00');
    const rejected = await approver.value('approvals:decide', { requestId, decision: 'reject', note: 'Goods not returned' });
    assert.deepEqual([rejected.request.status, rejected.request.decidedBy, rejected.request.note, rejected.outcome], ['rejected', logins.approver, 'Goods not returned', null]);
    const again = await approver.call('approvals:decide', { requestId, decision: 'approve', note: 'Changed my mind' });
    assert.equal(again.ok ? null : again.error.kind, 'conflict');
    assert.deepEqual(await refundsAtGateway(paymentId), []);
    const entries = (await admin.value('audit:search', { actions: ['refund.approval-rejected'], targetId: paymentId, limit: 5 })).entries;
    assert.deepEqual(entries.map((entry) => entry.outcome), ['rejected']);
  });
});
