/**
 * A console process running one batch, for the killed-batch test: the whole core on the given
 * workspace against the sandbox process, starts the batch and prints a line of counts per progress
 * event until it is killed. Run as `node mit-batch-process.ts '<json>'`.
 */
import { createCore } from '../../electron/core/create-core.ts';
import type { LedgerLocation } from '../../electron/core/ledger/port.ts';
import { createNodeSettingsStore } from '../../electron/core/settings/conf-backend.ts';
import { createKeytarVault } from '../../electron/core/vault/keytar-vault.ts';

interface Input {
  readonly dataDir: string;
  readonly keychainService: string;
  readonly ledger: LedgerLocation | null;
  readonly batchId: string;
  readonly confirmRows: number;
  readonly leaseMs: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as Input;
const quiet = { info() {}, warn() {}, error() {} };
const core = await createCore({
  ...(input.ledger === null ? {} : { ledger: input.ledger }),
  mode: 'cli',
  dataDir: input.dataDir,
  vault: createKeytarVault(input.keychainService),
  settings: createNodeSettingsStore(input.dataDir),
  logger: quiet,
  sandbox: { enabled: false },
  notifications: { enabled: false },
  poller: { autoStart: false },
  leaseTtlMs: input.leaseMs,
  mitBatchLeaseMs: input.leaseMs,
});
core.door.subscribe((event, payload) => {
  if (event === 'mitbatch:progress') process.stdout.write(`${JSON.stringify((payload as { counts: unknown }).counts)}\n`);
});
const started = await core.door.invoke('mitbatch:start', { batchId: input.batchId, confirmRows: input.confirmRows }, { origin: 'cli', operator: 'killed-batch' });
if (!started.ok) throw new Error(started.error.message);
