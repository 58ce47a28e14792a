/**
 * `npm run bench -- mit-batch [--rows N]`: a batch of N merchant-initiated charges (10,000 by
 * default) against the SIBS emulator, next to the same kind of charge made one after another
 * through `payments:chargeStored` (on N/10 rows: it is the slow path), both measured in this run.
 *
 * The console reaches the emulator through a loopback relay that, when a charge's checkout request
 * arrives, reads the ledger file on a connection of its own for the operation under that merchant
 * reference: it must already be committed as sent. The bench counts the requests whose intent was
 * not durable before its call and exits 1 when there is one. Timings are figures only.
 *
 * Needs the OS keychain (the audit key): run without one, it starts itself again under
 * build/scripts/with-keychain.sh.
 */
import { createServer } from 'node:http';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { batchFile, storedCards, SIBS } from '../helpers/mit-batch-fixture.ts';
import { removeDir, startTestCore } from '../helpers/test-core.ts';
import { reportFigures, rerunUnderKeychainIfNeeded } from './bench-kit.ts';

const argRows = process.argv.indexOf('--rows');
const ROWS = argRows >= 0 ? Number(process.argv[argRows + 1]) : 10_000;
const SEQUENTIAL = Math.max(1, Math.floor(ROWS / 10));

rerunUnderKeychainIfNeeded(import.meta.url);

const t = await startTestCore({ requestTimeoutMs: 30_000, recoverOnStart: false });
const sandbox = t.core.internals.sandbox;
if (sandbox === null) throw new Error('the bench needs the built-in sandbox');
const ledgerFile = join(t.dataDir, 'ledger.sqlite');
const reader = new DatabaseSync(ledgerFile, { readOnly: true });
const sentState = reader.prepare('SELECT state FROM operations WHERE merchant_reference = ?');
const durability = { checked: 0, notDurable: 0 };

// The relay: reads the ledger as each checkout arrives, then passes the request on unchanged.
const target = sandbox.server.baseUrl;
const relay = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const reference = /"merchantTransactionId"\s*:\s*"([^"]+)"/.exec(body)?.[1];
    if (reference !== undefined && /^(B|MIT-)/.test(reference)) {
      durability.checked += 1;
      const row = sentState.get(reference) as { state?: string } | undefined;
      if (row?.state !== 'sent') durability.notDurable += 1;
    }
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== 'host' && name !== 'content-length')) as Record<string, string>;
    fetch(`${target}${request.url ?? ''}`, { method: request.method ?? 'GET', headers, ...(body && request.method !== 'GET' ? { body } : {}) }).then(
      async (answer) => {
        const text = await answer.text();
        response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        response.end(text);
      },
      () => response.destroy(),
    );
  });
});
await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
const address = relay.address();
if (address === null || typeof address === 'string') throw new Error('no relay port');

try {
  // The sandbox profile's gateway, reached through the relay.
  const profile = sandbox.server.emulator('sibs-spg').sandboxProfile();
  const sibs = t.core.internals.profiles.get(SIBS);
  const created = await t.value('profiles:create', {
    name: 'Bench SIBS via relay',
    gatewayId: 'sibs-spg',
    environment: 'sandbox',
    baseUrl: sibs.baseUrl.replace(target, `http://127.0.0.1:${address.port}`),
    options: { ...profile.options, settleWindowMs: 2_000 },
  });
  for (const [field, value] of Object.entries(profile.credentials)) if (value !== '') await t.value('credentials:set', { profileId: created.id, field, value });
  const tokens = await storedCards({ ...t, value: (channel, input) => t.value(channel, channel === 'payments:createMoto' || channel === 'tokens:list' ? { ...input, profileId: created.id } : input) }, 20);

  const sequentialStart = performance.now();
  for (let n = 1; n <= SEQUENTIAL; n += 1) {
    await t.value('payments:chargeStored', {
      tokenId: tokens[n % tokens.length] ?? '',
      money: { amount: '1.00', currency: 'EUR' },
      merchantReference: `MIT-SEQ-${n}`,
      recurrence: 'recurring',
      reason: 'Bench: one charge after another',
    });
  }
  const sequentialMs = performance.now() - sequentialStart;

  const { batch } = await t.value('mitbatch:preview', { profileId: created.id, fileName: 'bench.csv', content: batchFile(tokens, ROWS, 'bench') });
  const batchStart = performance.now();
  await t.value('mitbatch:start', { batchId: batch.id, confirmRows: ROWS });
  await t.core.internals.mitBatches.settled(batch.id);
  const batchMs = performance.now() - batchStart;
  const done = await t.value('mitbatch:get', { batchId: batch.id });

  const rate = (count: number, elapsed: number) => (count / (elapsed / 1000)).toFixed(1);
  process.stdout.write(`\n## MIT batch (${ROWS} rows, SIBS emulator, SQLite ledger)\n\n`);
  process.stdout.write('| path | charges | total s | charges/s |\n|---|---:|---:|---:|\n');
  process.stdout.write(`| payments:chargeStored one after another | ${SEQUENTIAL} | ${(sequentialMs / 1000).toFixed(1)} | ${rate(SEQUENTIAL, sequentialMs)} |\n`);
  process.stdout.write(`| mitbatch (bounded concurrency) | ${ROWS} | ${(batchMs / 1000).toFixed(1)} | ${rate(ROWS, batchMs)} |\n\n`);
  process.stdout.write(`outcomes: ${done.counts.succeeded} succeeded, ${done.counts.failed} failed, ${done.counts.unknown} unknown, ${done.counts.declined} declined\n`);
  process.stdout.write(`intent durable before the call: ${durability.checked - durability.notDurable} of ${durability.checked} checkout requests (relay read the ledger as each arrived)\n`);
  reportFigures([
    {
      group: 'MIT batch, SQLite',
      read: `${ROWS.toLocaleString('en')} charges`,
      unit: 'charges/s',
      value: ROWS / (batchMs / 1000),
      baseline: { label: 'chargeStored one after another', value: SEQUENTIAL / (sequentialMs / 1000) },
      // The "10,000 charges in a minute".
      target: 10_000 / 60,
      higherIsBetter: true,
    },
    { group: 'MIT batch, SQLite', read: 'intents not durable before their call', unit: 'calls', value: durability.notDurable, target: 0 },
  ]);
  if (durability.notDurable > 0 || durability.checked < ROWS + SEQUENTIAL || done.counts.succeeded !== ROWS) process.exitCode = 1;
} finally {
  relay.close();
  reader.close();
  await t.close();
  removeDir(t.dataDir);
}
