/**
 * A console started where the OS keychain does not answer: it starts read-only and says why,
 * every read answers, every audited action is refused with vault_unavailable and changes nothing
 * — through the door, and through the webhook receiver, which reaches the ledger without it — and
 * the next start with the keychain seals the log again. The keychain is a stand-in here (an
 * in-memory one, or one that always fails), so this runs in plain Node.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { LEDGER_FILE } from '../../electron/core/create-core.ts';
import { VaultUnavailableError } from '../../electron/core/errors.ts';
import { AUDIT_ANCHOR_FILE } from '../../electron/core/ledger/audit-anchor.ts';
import { AUDIT_KEY_ACCOUNT } from '../../electron/core/vault/audit-key.ts';
import type { CredentialStore } from '../../electron/core/vault/credential-store.ts';
import { namespacedAccount } from '../../electron/core/vault/keychain-namespace.ts';
import { WORKSPACE_FILE } from '../../electron/core/workspace/workspace-id.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';
import { sibsDelivery } from '../helpers/sibs-webhook.ts';
import { refunded } from '../helpers/refund-outcome.ts';

const SIBS = sandboxProfileId('sibs-spg');
const NO_KEYCHAIN = 'No OS keychain answered (test stand-in)';
const folders: string[] = [];

after(() => {
  for (const dir of folders) removeDir(dir);
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'console-no-keychain-'));
  folders.push(dir);
  return dir;
}

/** A keychain that answers, kept in memory so that it outlives each console started on it. */
function memoryVault(): CredentialStore & { readonly entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    set: async (account, secret) => void entries.set(account, secret),
    get: async (account) => entries.get(account) ?? null,
    delete: async (account) => entries.delete(account),
  };
}

/** What keytar-vault gives when no Secret Service answers: every call fails. */
const noKeychain: CredentialStore = {
  set: () => Promise.reject(new VaultUnavailableError(NO_KEYCHAIN)),
  get: () => Promise.reject(new VaultUnavailableError(NO_KEYCHAIN)),
  delete: () => Promise.reject(new VaultUnavailableError(NO_KEYCHAIN)),
};

const LEDGER_TABLES = ['payments', 'operations', 'status_events', 'wire_log', 'tokens', 'mandates', 'notifications', 'poll_schedule', 'audit_log'];

/** Everything a console keeps in its data folder, to compare before and after. */
function folderState(dataDir: string): Record<string, unknown> {
  // readBigInts: payments.list_key (migration 16) is past 2^53.
  const db = new DatabaseSync(join(dataDir, LEDGER_FILE), { readOnly: true, readBigInts: true });
  try {
    const state: Record<string, unknown> = {};
    // Some tables have no rowid, so rows are compared as a sorted set.
    for (const table of LEDGER_TABLES) state[table] = db
        .prepare(`SELECT * FROM ${table}`)
        .all()
        .map((row) => JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)))
        .sort();
    for (const file of ['settings.json', WORKSPACE_FILE, AUDIT_ANCHOR_FILE]) state[file] = fileText(join(dataDir, file));
    return state;
  } finally {
    db.close();
  }
}

function fileText(path: string): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

function sale(amount: string) {
  return {
    profileId: SIBS,
    kind: 'sale',
    money: { amount, currency: 'EUR' },
    card: { number: '4761340000000035', cvv: '536', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Ana Silva' },
  } as const;
}

async function refused(t: TestCore, channel: Parameters<TestCore['call']>[0], input: unknown): Promise<void> {
  const envelope = await t.call(channel, input as never);
  assert.equal(envelope.ok, false, `${channel} was not refused`);
  if (!envelope.ok) {
    assert.equal(envelope.error.kind, 'vault_unavailable', `${channel}: ${envelope.error.message}`);
    assert.match(envelope.error.message, /Nothing was done/, channel);
  }
}

describe('a console without a keychain', () => {
  test('on a new data folder it starts read-only and says why', async () => {
    const t = await startTestCore({ dataDir: folder(), vault: noKeychain });
    try {
      assert.equal(t.core.info.auditUnavailable, NO_KEYCHAIN);
      const info = await t.value('app:info', {});
      assert.equal(info.notices.length, 1);
      assert.match(info.notices[0] ?? '', /read-only/);
      assert.ok(info.notices[0]?.includes(NO_KEYCHAIN), 'the notice says what the keychain answered');
      assert.match(t.core.info.sandboxWarning ?? '', /sandbox payments are refused.*audit log/);
      assert.equal(info.sandbox.running, true, 'the sandbox emulators still answer');

      assert.deepEqual((await t.value('payments:search', { limit: 50 })).rows, []);
      assert.deepEqual(await t.value('profiles:list', {}), [], 'no sandbox profile was made: making one is audited');
      const report = await t.value('audit:verify', {});
      assert.deepEqual({ ok: report.ok, kind: report.problem?.kind, checked: report.checked, keyed: report.keyed }, { ok: false, kind: 'key_unavailable', checked: 0, keyed: false });

      const settingsBefore = fileText(join(t.dataDir, 'settings.json'));
      await refused(t, 'profiles:create', { name: 'Desk', gatewayId: 'sayswitch', environment: 'sandbox', baseUrl: 'http://127.0.0.1:9/sayswitch' });
      assert.equal(fileText(join(t.dataDir, 'settings.json')), settingsBefore, 'the refused profile was not written to the settings');
      assert.deepEqual(await t.value('audit:list', { limit: 10 }), []);
    } finally {
      await t.close();
    }
  });

  test('on a folder used before, every read answers, every audited action is refused and changes nothing, and the keychain back seals again', async () => {
    const dataDir = folder();
    const keychain = memoryVault();

    // With a keychain: a sale, part of it refunded.
    const first = await startTestCore({ dataDir, vault: keychain });
    const { paymentId } = await first.value('payments:createMoto', sale('20.00'));
    refunded(await first.value('payments:refund', { paymentId, amount: '5.00', expectedRefundable: '20.00', reason: 'Returned one item' }));
    const entries = (await first.value('audit:verify', {})).checked;
    // Closed as a console closes: its keychain entries stay.
    await first.core.close();
    const before = folderState(dataDir);

    const keyless = await startTestCore({ dataDir, vault: noKeychain });
    try {
      assert.match((await keyless.value('app:info', {})).notices[0] ?? '', /read-only/);
      const [row] = (await keyless.value('payments:search', { limit: 50 })).rows;
      assert.equal(row?.id, paymentId);
      const detail = await keyless.value('payments:get', { paymentId });
      assert.equal(detail.payment.refundable, '15.00');
      assert.equal((await keyless.value('audit:list', { limit: 100 })).length, entries);
      const report = await keyless.value('audit:verify', {});
      assert.deepEqual(
        { ok: report.ok, kind: report.problem?.kind, checked: report.checked, keyed: report.keyed },
        { ok: false, kind: 'key_unavailable', checked: entries, keyed: false },
        'the entries are counted and still follow one another; their seals cannot be checked',
      );
      assert.equal((await keyless.value('profiles:list', {})).length > 0, true);
      await keyless.value('poller:queue', { limit: 50 });
      await keyless.value('sandbox:info', {});

      // Each would pass every other check: the amounts are what the form would show.
      await refused(keyless, 'payments:refund', { paymentId, amount: '5.00', expectedRefundable: '15.00', reason: 'Returned another item' });
      await refused(keyless, 'payments:sync', { paymentId });
      await refused(keyless, 'payments:createMoto', sale('9.00'));
      await refused(keyless, 'profiles:update', { id: SIBS, name: 'Renamed sandbox' });
      await refused(keyless, 'credentials:delete', { profileId: SIBS, field: 'authToken' });
      await refused(keyless, 'sandbox:act', { targetId: paymentId, action: 'token.revoke' });
      await refused(keyless, 'poller:syncNow', { paymentIds: [paymentId] });
    } finally {
      await keyless.close();
    }
    assert.deepEqual(folderState(dataDir), before, 'the ledger, the settings, the workspace and the anchor are as they were');

    // The keychain answers again: the log verifies with its key, and new entries are sealed with it.
    const again = await startTestCore({ dataDir, vault: keychain });
    try {
      assert.equal(again.core.info.auditUnavailable, null);
      assert.deepEqual((await again.value('app:info', {})).notices, []);
      const verified = await again.value('audit:verify', {});
      assert.equal(verified.ok, true, verified.problem?.message);
      assert.equal(verified.keyed, true);
      // The sandbox's emulators forget earlier payments on a restart, so the new work is a new sale.
      const next = await again.value('payments:createMoto', sale('7.00'));
      refunded(await again.value('payments:refund', { paymentId: next.paymentId, amount: '7.00', expectedRefundable: '7.00', reason: 'Cancelled order' }));
      const sealed = await again.value('audit:verify', {});
      assert.equal(sealed.ok, true, sealed.problem?.message);
      assert.equal(sealed.legacyEntries, 0, 'not one entry of the log is unkeyed');
      assert.ok(sealed.checked > verified.checked);
      assert.equal(sealed.anchoredEntries, sealed.checked);
    } finally {
      await again.close();
    }
  });

  test('a webhook reaching the receiver while the audit key is out of reach changes nothing and is answered with an error', async () => {
    const dataDir = folder();
    const keychain = memoryVault();
    const first = await startTestCore({ dataDir, vault: keychain });
    const workspaceId = first.core.info.workspaceId;
    await first.core.close();
    // The keychain answers, but the key stored there cannot be read: the console does not replace it.
    keychain.entries.set(namespacedAccount(workspaceId, AUDIT_KEY_ACCOUNT), 'not a key');
    const before = folderState(dataDir);

    const t = await startTestCore({ dataDir, vault: keychain });
    try {
      assert.match(t.core.info.auditUnavailable ?? '', /unreadable/);
      const receiver = t.core.internals.notifications;
      assert.ok(receiver, 'the receiver runs');
      const secret = await t.core.internals.vault.get(`${SIBS}/webhookSecret`);
      assert.ok(secret, 'the webhook secret is still readable');

      // A genuine delivery, about a transaction this console never made: without the audit entry
      // it would be recorded as received, and its retry then ignored as a duplicate.
      const genuine = sibsDelivery(secret);
      assert.equal((await post(receiver.baseUrl, `/notifications/${SIBS}`, genuine.body, genuine.headers)).status, 500);
      // A forged one is still refused as forged, though the refusal cannot be audited.
      const forged = sibsDelivery(secret, true);
      assert.equal((await post(receiver.baseUrl, `/notifications/${SIBS}`, forged.body, forged.headers)).status, 401);
    } finally {
      await t.close();
    }
    assert.deepEqual(folderState(dataDir), before);
  });
});

function post(baseUrl: string, path: string, body: string, headers: Record<string, string>): Promise<{ status: number }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: hostname, port, method: 'POST', path, agent: false, headers: { Host: `${hostname}:${port}`, 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(body)), ...headers } },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
