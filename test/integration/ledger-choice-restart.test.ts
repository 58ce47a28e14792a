/**
 * A ledger choice saved in Settings takes effect when the console starts again: with no ledger
 * given by the caller, the core opens the shared PostgreSQL database the workspace chose (what it
 * writes lands there, not in the data folder's SQLite file), and a choice whose server does not
 * answer stops the start with a clear error in bounded time instead of falling back to the file.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, test } from 'node:test';
import { LEDGER_FILE } from '../../electron/core/create-core.ts';
import { ConsoleError } from '../../electron/core/errors.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import { createTestDatabase, withoutPostgres, type TestDatabase } from '../helpers/postgres-test-database.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';

/** How long a start may take to give up on a server that does not answer. */
const START_BOUND_MS = 30_000;

const made: TestCore[] = [];
let database: TestDatabase | null = null;

after(async () => {
  for (const core of made) removeDir(core.dataDir);
  await database?.drop();
});

/** Settings → Ledger through the door, on a console that starts on the data folder's file; then closed. */
async function chooseThroughTheDoor(connectionString: string): Promise<TestCore> {
  const first = await startTestCore({ sandbox: { enabled: false }, notifications: { enabled: false } });
  made.push(first);
  // The test server trusts loopback and ignores the password; a real one would check it.
  await first.value('ledger:save', { choice: { backend: 'postgres', connectionString }, password: 'ignored-by-trust' });
  await first.core.close();
  return first;
}

/** The data folder's ledger files, byte for byte. */
function sqliteFingerprint(dataDir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dataDir).filter((file) => file.startsWith(LEDGER_FILE)).sort()) hash.update(name).update(readFileSync(join(dataDir, name)));
  return hash.digest('hex');
}

function sqlitePaymentIds(dataDir: string): string[] {
  const db = new DatabaseSync(join(dataDir, LEDGER_FILE), { readOnly: true });
  try {
    return db.prepare('SELECT id FROM payments').all().map((row) => String(row['id']));
  } finally {
    db.close();
  }
}

test('after a restart, the console writes to the PostgreSQL database its Settings chose, not to the data folder', { skip: withoutPostgres }, async () => {
  database = await createTestDatabase();
  const first = await chooseThroughTheDoor(database.url);
  assert.ok(existsSync(join(first.dataDir, LEDGER_FILE)), 'the first start used the file');

  const again = await startTestCore({ dataDir: first.dataDir, keychainService: first.keychainService, requestTimeoutMs: 3_000, notifications: { enabled: false } });
  try {
    assert.equal(again.core.internals.ledger.backend, 'postgres');
    const card = { number: '4200000000000000', cvv: '123', expiryMonth: 5, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Lena Berg' };
    const sale = await again.value('payments:createMoto', { profileId: sandboxProfileId('aci-oppwa'), kind: 'sale', money: { amount: '12.00', currency: 'EUR' }, card });
    assert.equal((await again.value('payments:get', { paymentId: sale.paymentId })).payment.amount, '12.00');

    const client = await database.connect();
    const rows = await client.query<{ id: string; amount_minor: string }>('SELECT id, amount_minor::text FROM payments WHERE id = $1', [sale.paymentId]);
    assert.deepEqual(rows.rows, [{ id: sale.paymentId, amount_minor: '1200' }], 'the payment is in the shared database');
    assert.equal((await again.value('ledger:get', {})).choice.backend, 'postgres');
  } finally {
    await again.close();
  }
  assert.ok(!sqlitePaymentIds(first.dataDir).length, 'and nothing in the data folder’s file');
});

/** A server that takes the connection and never says a word (a hung or firewalled database). */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function startsWithin(dataDir: string, keychainService: string): Promise<{ error: unknown; ms: number }> {
  const began = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the start neither failed nor finished within ${START_BOUND_MS} ms`)), START_BOUND_MS);
  });
  try {
    const started = await Promise.race([startTestCore({ dataDir, keychainService, sandbox: { enabled: false }, notifications: { enabled: false } }), bound]);
    await started.core.close();
    return { error: null, ms: Date.now() - began };
  } catch (error) {
    return { error, ms: Date.now() - began };
  } finally {
    clearTimeout(timer);
  }
}

for (const [what, server] of [
  ['nothing listens on its port', async () => ({ port: 9, close: async () => undefined })],
  ['its server takes the connection and never answers', silentServer],
] as const) {
  test(`a choice where ${what} stops the start with a clear error, in bounded time, and leaves the data folder's file alone`, async () => {
    const target = await server();
    try {
      const first = await chooseThroughTheDoor(`postgresql://console@127.0.0.1:${target.port}/ledger`);
      const before = sqliteFingerprint(first.dataDir);
      const { error } = await startsWithin(first.dataDir, first.keychainService);
      assert.ok(error instanceof ConsoleError, `a typed error, got: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      assert.equal(error.kind, 'connection');
      assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${target.port}`), 'it says which server');
      assert.ok(!error.message.includes('ignored-by-trust'), 'never the password');
      assert.equal(sqliteFingerprint(first.dataDir), before, 'nothing was written to the SQLite file in its place');
    } finally {
      await target.close();
    }
  });
}

