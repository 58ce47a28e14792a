/**
 * The README's "Team mode → Operators and roles" commands, run as a person would: `team init`
 * makes a team ledger as the admin's login and this data folder's ledger, `team add-operator`
 * makes logins operators (creating one with --create-login), `team operators` lists them and
 * `team remove-operator` takes one away.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { removeCliWorkspace } from '../helpers/cli-workspace.ts';
import { withoutPostgres } from '../helpers/postgres-test-database.ts';
import { createTeamLedger, type TeamLedgerFixture } from '../helpers/team-ledger.ts';

describe('payments-console team', { skip: withoutPostgres }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'console-team-cli-'));
  const keychainService = `payments-console-test-team-cli-${process.pid}`;
  let team: TeamLedgerFixture;
  let agent: string;

  function cli(args: string[], extra: Record<string, string> = {}) {
    const env = { ...process.env, CONSOLE_DATA_DIR: dataDir, CONSOLE_KEYCHAIN_SERVICE: keychainService, CONSOLE_NO_SANDBOX: '1', ...extra };
    const result = spawnSync(process.execPath, ['electron/cli/main.ts', ...args], { env, encoding: 'utf8', timeout: 120_000 });
    return { status: result.status, json: result.stdout ? (JSON.parse(result.stdout) as { ok: boolean; value?: unknown; error?: { kind: string; message: string } }) : null, stderr: result.stderr };
  }

  before(async () => {
    team = await createTeamLedger();
    agent = await team.login('agent');
  });
  after(async () => {
    await removeCliWorkspace(dataDir, keychainService).catch(() => undefined);
    await team?.drop();
  });

  test('team init creates the ledger as the admin login and makes it the data folder’s ledger', () => {
    const location = team.location(team.admin);
    const init = cli(['team', 'init', '--ledger', location.connectionString], { CONSOLE_LEDGER_PASSWORD: location.password ?? '' });
    assert.equal(init.status, 0, JSON.stringify(init));
    assert.deepEqual(init.json?.value, { ledger: location.connectionString, login: team.admin, role: 'admin', owner: true, auditKey: 'held', takesEffect: 'on-restart' });
    const me = cli(['call', 'operators:me']);
    assert.deepEqual((me.json?.value as { mode: string; login: string }).login, team.admin);
    assert.equal((me.json?.value as { mode: string }).mode, 'team');
  });

  test('team add-operator makes a login an operator, tuned per operator; team operators lists them', () => {
    const added = cli(['team', 'add-operator', agent, '--role', 'agent', '--add', 'refund', '--remove', 'mbway']);
    assert.equal(added.status, 0, JSON.stringify(added));
    assert.deepEqual((added.json?.value as { rights: string[] }).rights, ['moto', 'multibanco', 'refund']);
    const listed = cli(['team', 'operators']);
    assert.deepEqual((listed.json?.value as { operators: Array<{ login: string; role: string }> }).operators.map((operator) => [operator.login, operator.role]), [
      [team.admin, 'admin'],
      [agent, 'agent'],
    ]);
  });

  test('--create-login creates the login first when the admin may create logins', async () => {
    const name = `made_${team.database}`;
    const refused = cli(['team', 'add-operator', name, '--role', 'viewer', '--create-login'], { CONSOLE_OPERATOR_PASSWORD: 'a-long-password' });
    assert.equal(refused.status, 1);
    assert.equal(refused.json?.error?.kind, 'forbidden', JSON.stringify(refused.json));

    await team.allowAdminToCreateLogins();
    team.adopt(name, 'a-long-password');
    const made = cli(['team', 'add-operator', name, '--role', 'viewer', '--create-login'], { CONSOLE_OPERATOR_PASSWORD: 'a-long-password' });
    assert.equal(made.status, 0, JSON.stringify(made));
    const sql = await team.connectAs(name);
    assert.ok((await sql.query('SELECT COUNT(*) AS n FROM operators')).rows[0].n >= 3, 'the new login reads the ledger');
  });

  test('team remove-operator takes an operator away; usage errors exit 2', () => {
    const removed = cli(['team', 'remove-operator', agent]);
    assert.equal(removed.status, 0, JSON.stringify(removed));
    assert.equal(cli(['team', 'remove-operator', agent]).status, 1, 'there is nobody left to remove');
    assert.equal(cli(['team', 'add-operator', agent, '--role', 'boss']).status, 2);
    assert.equal(cli(['team', 'add-operator', agent, '--role', 'agent', '--add', 'everything']).status, 2);
    assert.equal(cli(['team']).status, 2);
  });
});
