/**
 * Team mode's operators on a shared PostgreSQL ledger: each console signs in with its own login,
 * and what it may do is decided by the ledger's operator rows — refused by the console first,
 * with `forbidden` and nothing written, and by PostgreSQL itself when the same login writes with
 * plain SQL. The login that created the ledger is its admin; a login without a row gets nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type pg from 'pg';
import { OPERATOR_RIGHTS } from '../../shared/domain/operators.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import { ConsoleError } from '../../electron/core/errors.ts';
import { withoutPostgres } from '../helpers/postgres-test-database.ts';
import { createTeamLedger, type TeamLedgerFixture } from '../helpers/team-ledger.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';

const PROFILE = sandboxProfileId('aci-oppwa');
const card = () => ({ number: '4200000000000000', cvv: '123', expiryMonth: 5, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Lena Berg' });

/** A refund intent as a console would journal it, written with plain SQL. */
async function insertRefundIntent(client: pg.Client, paymentId: string, id: string, amountMinor: number): Promise<void> {
  await client.query(
    `INSERT INTO operations (id, payment_id, kind, amount_minor, currency, merchant_reference, operator, state, created_at)
     VALUES ($1, $2, 'refund', $3, 'EUR', $4, session_user, 'intent', now())`,
    [id, paymentId, amountMinor, `RF-${id}`],
  );
}

async function refusedBy(database: Promise<unknown>): Promise<string> {
  const error = await database.then(
    () => null,
    (caught: unknown) => caught as { code?: string },
  );
  assert.ok(error, 'PostgreSQL accepted it');
  return String(error.code);
}

describe('operators and roles on a team ledger', { skip: withoutPostgres }, () => {
  let team: TeamLedgerFixture;
  let admin: TestCore;
  const consoles: TestCore[] = [];
  const logins: Record<'agent' | 'finance' | 'viewer' | 'stranger', string> = { agent: '', finance: '', viewer: '', stranger: '' };

  /** Another operator's console on the admin's workspace (its sandbox profiles), signed in as `login`. */
  async function consoleOf(login: string): Promise<TestCore> {
    const started = await startTestCore({
      ledger: team.location(login),
      dataDir: admin.dataDir,
      keychainService: admin.keychainService,
      sandbox: { enabled: false },
      notifications: { enabled: false },
      recoverOnStart: false,
      mitBatchWatch: false,
    });
    consoles.push(started);
    return started;
  }

  async function operationsOf(paymentId: string): Promise<number> {
    const client = await team.connectAs(team.admin);
    return Number((await client.query('SELECT COUNT(*) AS n FROM operations WHERE payment_id = $1', [paymentId])).rows[0].n);
  }

  before(async () => {
    team = await createTeamLedger();
    for (const role of Object.keys(logins) as Array<keyof typeof logins>) logins[role] = await team.login(role);
    admin = await startTestCore({ ledger: team.location(team.admin), requestTimeoutMs: 5_000, notifications: { enabled: false } });
  });
  after(async () => {
    for (const started of consoles) await started.core.close();
    await admin?.close();
    if (admin) removeDir(admin.dataDir);
    await team?.drop();
  });

  test('the login that created the ledger is its admin, with every right', async () => {
    const me = await admin.value('operators:me', {});
    assert.deepEqual(me, { mode: 'team', login: team.admin, role: 'admin', rights: [...OPERATOR_RIGHTS] });
    const { operators } = await admin.value('operators:list', {});
    assert.deepEqual(operators.map((operator) => [operator.login, operator.role, operator.owner]), [[team.admin, 'admin', true]]);
  });

  test('the admin adds operators with roles, tuned per operator, and each change is audited', async () => {
    const agent = await admin.value('operators:save', { login: logins.agent, role: 'agent', added: [], removed: [] });
    assert.deepEqual(agent.rights, ['moto', 'mbway', 'multibanco']);
    const finance = await admin.value('operators:save', { login: logins.finance, role: 'finance', added: ['moto'], removed: ['void'] });
    assert.deepEqual(finance.rights, ['moto', 'refund', 'capture', 'mit', 'recon', 'approve_refund']);
    const viewer = await admin.value('operators:save', { login: logins.viewer, role: 'viewer', added: [], removed: [] });
    assert.deepEqual(viewer.rights, []);

    const entries = (await admin.value('audit:search', { actions: ['operator.save'], limit: 10 })).entries;
    assert.deepEqual(entries.map((entry) => [entry.targetId, entry.outcome, entry.operator]).sort(), [
      [logins.agent, 'succeeded', 'test-operator'],
      [logins.finance, 'succeeded', 'test-operator'],
      [logins.viewer, 'succeeded', 'test-operator'],
    ].sort());

    const refused = await admin.call('operators:save', { login: team.admin, role: 'finance', added: [], removed: [] });
    assert.equal(refused.ok ? null : refused.error.kind, 'conflict', 'the owner stays an admin: a typed refusal, not an internal error');
    const unknown = await admin.call('operators:save', { login: 'nobody_by_that_name', role: 'agent', added: [], removed: [] });
    assert.equal(unknown.ok ? null : unknown.error.kind, 'validation');
    assert.match(unknown.ok ? '' : (unknown.error.fields?.['login'] ?? ''), /no database login/, 'said on the login field');
  });

  test("an agent's console takes a MOTO sale but is refused a refund with forbidden, and nothing is written", async () => {
    const agent = await consoleOf(logins.agent);
    assert.deepEqual(await agent.value('operators:me', {}), { mode: 'team', login: logins.agent, role: 'agent', rights: ['moto', 'mbway', 'multibanco'] });
    const sale = await agent.value('payments:createMoto', { profileId: PROFILE, kind: 'sale', money: { amount: '30.00', currency: 'EUR' }, card: card() });
    assert.equal(sale.paymentStatus, 'captured');
    const before = await operationsOf(sale.paymentId);

    const refund = await agent.call('payments:refund', { paymentId: sale.paymentId, amount: '5.00', expectedRefundable: '30.00', reason: 'Returned one item' });
    assert.equal(refund.ok, false);
    assert.equal(refund.ok ? null : refund.error.kind, 'forbidden');
    assert.match(refund.ok ? '' : refund.error.message, /refund/);
    assert.equal(await operationsOf(sale.paymentId), before, 'no operation was journaled');
    const detail = await admin.value('payments:get', { paymentId: sale.paymentId });
    assert.equal(detail.payment.refunded, '0.00');
  });

  test("PostgreSQL itself refuses the agent's login a refund intent written with plain SQL, and takes the finance login's", async () => {
    const sale = await admin.value('payments:createMoto', { profileId: PROFILE, kind: 'sale', money: { amount: '12.00', currency: 'EUR' }, card: card() });
    const agent = await team.connectAs(logins.agent);
    assert.equal(await refusedBy(insertRefundIntent(agent, sale.paymentId, 'op_agent_sql', 500)), '42501');
    const finance = await team.connectAs(logins.finance);
    await insertRefundIntent(finance, sale.paymentId, 'op_finance_sql', 500);
    // Nor can the agent make its refused refund out of another kind after the fact.
    assert.equal(await refusedBy(agent.query("UPDATE operations SET kind = 'capture' WHERE id = 'op_finance_sql'")), '42501');
    assert.equal(await refusedBy(finance.query("UPDATE operations SET amount_minor = 1200 WHERE id = 'op_finance_sql'")), '42501');
    // Reconciliation and batches of charges take their own rights (recon, mit), which an agent lacks.
    assert.equal(
      await refusedBy(agent.query("INSERT INTO mit_batches (id, profile_id, gateway_id, operator, file_name, status, row_count, created_at) VALUES ('mb_agent', $1, 'aci-oppwa', session_user, 'charges.csv', 'previewed', 0, now())", [PROFILE])),
      '42501',
    );
    assert.equal(
      await refusedBy(agent.query("INSERT INTO recon_sessions (id, operator, created_at, profile_id, source, mapping, period_from, period_to, status) VALUES ('rs_agent', session_user, now(), $1, 'statement.csv', 'aci-oppwa', now(), now(), 'running')", [PROFILE])),
      '42501',
    );
  });

  test('a viewer reads but writes nothing: refused by the console and by PostgreSQL', async () => {
    const viewer = await consoleOf(logins.viewer);
    const sale = await admin.value('payments:createMoto', { profileId: PROFILE, kind: 'sale', money: { amount: '9.00', currency: 'EUR' }, card: card() });
    assert.equal((await viewer.value('payments:get', { paymentId: sale.paymentId })).payment.amount, '9.00');

    const moto = await viewer.call('payments:createMoto', { profileId: PROFILE, kind: 'sale', money: { amount: '9.00', currency: 'EUR' }, card: card() });
    assert.equal(moto.ok ? null : moto.error.kind, 'forbidden');
    const settings = await viewer.call('approvals:saveThresholds', { profileId: PROFILE, thresholds: [] });
    assert.equal(settings.ok ? null : settings.error.kind, 'forbidden');
    const sync = await viewer.call('payments:sync', { paymentId: sale.paymentId });
    assert.equal(sync.ok ? null : sync.error.kind, 'forbidden');
    assert.match(sync.ok ? '' : sync.error.message, /only reads/);

    const sql = await team.connectAs(logins.viewer);
    assert.equal(await refusedBy(insertRefundIntent(sql, sale.paymentId, 'op_viewer_sql', 100)), '42501');
    assert.equal(await refusedBy(sql.query("UPDATE payments SET status = 'refunded' WHERE id = $1", [sale.paymentId])), '42501');
    assert.equal(await refusedBy(sql.query("INSERT INTO audit_log (seq, at, operator, origin, action, target_type, outcome, details, prev_hash, hash) VALUES (99, now(), 'x', 'x', 'x', 'x', 'x', '{}', 'x', 'x')")), '42501');
    assert.equal(await refusedBy(sql.query("SELECT console_save_operator($1, 'admin', '{}', '{}')", [logins.viewer])), '42501');
    assert.equal((await sql.query('SELECT COUNT(*) AS n FROM payments')).rows[0].n > 0, true, 'it reads');
  });

  test('a login without an operator row gets nothing: its console does not open and plain SQL reads nothing', async () => {
    await assert.rejects(consoleOf(logins.stranger), (error: unknown) => error instanceof ConsoleError && error.kind === 'forbidden' && error.message.includes(logins.stranger));
    const refused = await team.connectAs(logins.stranger).then(
      async (client) => refusedBy(client.query('SELECT id FROM payments LIMIT 1')),
      (error: unknown) => String((error as { code?: string }).code),
    );
    assert.equal(refused, '42501');
  });

  test('an operator the admin removes loses the ledger', async () => {
    const sql = await team.connectAs(logins.agent);
    assert.equal((await admin.value('operators:remove', { login: logins.agent })).removed, true);
    assert.equal(await refusedBy(sql.query('SELECT id FROM payments LIMIT 1')), '42501');
    const entries = (await admin.value('audit:search', { actions: ['operator.remove'], limit: 10 })).entries;
    assert.deepEqual(entries.map((entry) => [entry.targetId, entry.outcome]), [[logins.agent, 'succeeded']]);
    const owner = await admin.call('operators:remove', { login: team.admin });
    assert.equal(owner.ok ? null : owner.error.kind !== undefined, true);
  });
});

describe('solo mode', () => {
  test('the OS user is the operator with every right, and operators are a team-mode matter', async () => {
    const solo = await startTestCore({ sandbox: { enabled: false }, notifications: { enabled: false } });
    try {
      const me = await solo.value('operators:me', {});
      assert.equal(me.mode, 'solo');
      assert.deepEqual(me.rights, [...OPERATOR_RIGHTS]);
      assert.deepEqual(await solo.value('approvals:list', { limit: 10 }), { requests: [], pending: 0 });
      const save = await solo.call('operators:save', { login: 'ana', role: 'agent', added: [], removed: [] });
      assert.equal(save.ok ? null : save.error.kind, 'not_supported');
    } finally {
      await solo.close();
      removeDir(solo.dataDir);
    }
  });
});
