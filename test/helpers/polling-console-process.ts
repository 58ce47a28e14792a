/**
 * A running console as a process of its own, for the tests of one poller per ledger: the core on a
 * workspace's data folder and ledger with its status poller running (as the desktop console runs
 * it; the webhook receiver off, so only polling settles anything), printing one JSON line when it
 * is up and one each time it starts or stops polling for the team. SIGTERM closes it properly.
 * Run as `node polling-console-process.ts '<json>'`.
 */
import { createCore } from '../../electron/core/create-core.ts';
import type { LedgerLocation } from '../../electron/core/ledger/port.ts';
import { createNodeSettingsStore } from '../../electron/core/settings/conf-backend.ts';
import { createKeytarVault } from '../../electron/core/vault/keytar-vault.ts';

interface Input {
  readonly dataDir: string;
  readonly keychainService: string;
  readonly ledger: LedgerLocation | null;
  /** How often the poller's timer fires (it passes only while this console leads). */
  readonly intervalMs: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as Input;
const quiet = { info() {}, warn() {}, error() {} };

function say(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ pid: process.pid, at: Date.now(), ...line })}\n`);
}

const core = await createCore({
  ...(input.ledger === null ? {} : { ledger: input.ledger }),
  mode: 'browser',
  dataDir: input.dataDir,
  vault: createKeytarVault(input.keychainService),
  settings: createNodeSettingsStore(input.dataDir),
  logger: quiet,
  operator: `console-${process.pid}`,
  sandbox: { enabled: false },
  notifications: { enabled: false },
  poller: { autoStart: true, intervalMs: input.intervalMs },
  mitBatchWatch: false,
});
say({ ready: true });

let leading = false;
const watch = setInterval(() => {
  const now = core.internals.poller.leading();
  if (now === leading) return;
  leading = now;
  say({ leading });
}, 25);

process.once('SIGTERM', () => {
  clearInterval(watch);
  void core.close().then(() => process.exit(0));
});
