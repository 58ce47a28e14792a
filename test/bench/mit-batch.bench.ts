/**
 * `npm run bench -- mit-batch [--rows N]`: a batch of N merchant-initiated charges (10,000 by
 * default) against the SIBS emulator, next to the same kind of charge made one after another
 * through `payments:chargeStored` (on N/10 rows: it is the slow path), both measured in this run.
 * Each is run twice: with the built-in sandbox in the console's own process, as a new user's first
 * batch runs, and with the sandbox in a process of its own (the CLI's `sandbox` command), as a
 * gateway is elsewhere, so the console's figure is not shared with the emulator's work. There the
 * emulator's webhooks go to the console's receiver, as the built-in one's do.
 *
 * The console reaches the emulator through a relay on a thread of its own (durability-relay.ts)
 * that, when a charge's checkout request arrives, reads the ledger file on a connection of its own
 * for the operation under that merchant reference: it must already be committed as sent. The bench
 * counts the requests whose intent was not durable before its call and exits 1 when there is one.
 * Timings are figures only.
 *
 * Needs the OS keychain (the audit key): run without one, it starts itself again under
 * build/scripts/with-keychain.sh.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { batchFile, storedCards, SIBS } from '../helpers/mit-batch-fixture.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';
import { startSandboxProcess, type SandboxProcess } from '../soak/lib/sandbox-process.ts';
import { reportFigures, rerunUnderKeychainIfNeeded, type Figure } from './bench-kit.ts';

const argRows = process.argv.indexOf('--rows');
const ROWS = argRows >= 0 ? Number(process.argv[argRows + 1]) : 10_000;
const SEQUENTIAL = Math.max(1, Math.floor(ROWS / 10));

rerunUnderKeychainIfNeeded(import.meta.url);

type Placement = 'in the console process' | 'in its own process';

interface Relay {
  readonly url: string;
  counts(): Promise<{ checked: number; notDurable: number }>;
  close(): Promise<void>;
}

async function startRelay(ledgerFile: string, target: string): Promise<Relay> {
  const worker = new Worker(new URL('./durability-relay.ts', import.meta.url), { workerData: { ledgerFile, target } });
  const next = <T>() => new Promise<T>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const { port } = await next<{ port: number }>();
  return {
    url: `http://127.0.0.1:${port}`,
    async counts() {
      const answer = next<{ checked: number; notDurable: number }>();
      worker.postMessage('counts');
      return answer;
    },
    async close() {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage('close');
      await exited;
    },
  };
}

/** Where the SIBS emulator is and what its sandbox profile holds. */
function gatewayOf(t: TestCore, own: SandboxProcess | null): { root: string; baseUrl: string; options: Record<string, string | number | boolean>; credentials: Record<string, string> } {
  if (own !== null) {
    const gateway = own.gateways.find((candidate) => candidate.gatewayId === 'sibs-spg');
    if (gateway === undefined) throw new Error('the sandbox process has no sibs-spg');
    return { root: own.baseUrl, ...gateway };
  }
  const sandbox = t.core.internals.sandbox;
  if (sandbox === null) throw new Error('the bench needs the built-in sandbox');
  const profile = sandbox.server.emulator('sibs-spg').sandboxProfile();
  return { root: sandbox.server.baseUrl, baseUrl: t.core.internals.profiles.get(SIBS).baseUrl, options: profile.options, credentials: profile.credentials };
}

interface Run {
  readonly placement: Placement;
  readonly sequentialMs: number;
  readonly batchMs: number;
  readonly succeeded: number;
  readonly outcomes: string;
  readonly checked: number;
  readonly notDurable: number;
}

async function runWith(placement: Placement): Promise<Run> {
  const own = placement === 'in its own process' ? await startSandboxProcess() : null;
  const t = await startTestCore({ requestTimeoutMs: 30_000, recoverOnStart: false, ...(own !== null ? { sandbox: { enabled: false } } : {}) });
  let relay: Relay | null = null;
  try {
    const gateway = gatewayOf(t, own);
    relay = await startRelay(join(t.dataDir, 'ledger.sqlite'), gateway.root);
    const created = await t.value('profiles:create', {
      name: 'Bench SIBS via relay',
      gatewayId: 'sibs-spg',
      environment: 'sandbox',
      baseUrl: gateway.baseUrl.replace(gateway.root, relay.url),
      options: { ...gateway.options, settleWindowMs: 2_000 },
    });
    for (const [field, value] of Object.entries(gateway.credentials)) if (value !== '') await t.value('credentials:set', { profileId: created.id, field, value });
    const receiver = t.core.internals.notifications?.urlFor(created.id) ?? null;
    if (own !== null) await own.notifyTo('sibs-spg', receiver);
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
    const { counts } = await t.value('mitbatch:get', { batchId: batch.id });
    const { checked, notDurable } = await relay.counts();
    return {
      placement,
      sequentialMs,
      batchMs,
      succeeded: counts.succeeded,
      outcomes: `${counts.succeeded} succeeded, ${counts.failed} failed, ${counts.unknown} unknown, ${counts.declined} declined`,
      checked,
      notDurable,
    };
  } finally {
    await relay?.close();
    await t.close();
    removeDir(t.dataDir);
    await own?.stop();
  }
}

const runs: Run[] = [];
for (const placement of ['in the console process', 'in its own process'] as const) runs.push(await runWith(placement));

const rate = (count: number, elapsed: number) => count / (elapsed / 1000);
process.stdout.write(`\n## MIT batch (${ROWS} rows, SIBS emulator, SQLite ledger)\n\n`);
process.stdout.write('| emulator | path | charges | total s | charges/s |\n|---|---|---:|---:|---:|\n');
for (const run of runs) {
  process.stdout.write(`| ${run.placement} | payments:chargeStored one after another | ${SEQUENTIAL} | ${(run.sequentialMs / 1000).toFixed(1)} | ${rate(SEQUENTIAL, run.sequentialMs).toFixed(1)} |\n`);
  process.stdout.write(`| ${run.placement} | mitbatch (bounded concurrency) | ${ROWS} | ${(run.batchMs / 1000).toFixed(1)} | ${rate(ROWS, run.batchMs).toFixed(1)} |\n`);
}
process.stdout.write('\n');
for (const run of runs) {
  process.stdout.write(`emulator ${run.placement}: outcomes: ${run.outcomes}\n`);
  process.stdout.write(`emulator ${run.placement}: intent durable before the call: ${run.checked - run.notDurable} of ${run.checked} checkout requests (relay read the ledger as each arrived)\n`);
}
reportFigures(
  runs.flatMap((run): Figure[] => [
    {
      group: 'MIT batch, SQLite',
      read: `${ROWS.toLocaleString('en')} charges, emulator ${run.placement}`,
      unit: 'charges/s',
      value: rate(ROWS, run.batchMs),
      baseline: { label: 'chargeStored one after another', value: rate(SEQUENTIAL, run.sequentialMs) },
      // The "10,000 charges in a minute".
      target: 10_000 / 60,
      higherIsBetter: true,
    },
    { group: 'MIT batch, SQLite', read: `intents not durable before their call, emulator ${run.placement}`, unit: 'calls', value: run.notDurable, target: 0 },
  ]),
);
if (runs.some((run) => run.notDurable > 0 || run.checked < ROWS + SEQUENTIAL || run.succeeded !== ROWS)) process.exitCode = 1;
