/**
 * The core host (electron/core-host/host.ts) with leases of `argv[2]` milliseconds instead of the
 * console's 30 s, so a test that kills it sees the next process take over a batch or a charge in
 * seconds. Nothing else differs: the same serveCore over Node's fork channel, the same createCore
 * (notifications and the poller off, as the killed-batch tests run it; the sandbox is a process
 * of its own that outlives the host). Started by browser-over-core-process.ts through forkCoreHost.
 */
import { createCore } from '../../electron/core/create-core.ts';
import { createNodeSettingsStore } from '../../electron/core/settings/conf-backend.ts';
import { createKeytarVault } from '../../electron/core/vault/keytar-vault.ts';
import { connectToParent } from '../../electron/core-host/parent-link.ts';
import { serveCore, type ServingHost } from '../../electron/core-host/serve-core.ts';

const leaseMs = Number(process.argv[2]);
if (!Number.isInteger(leaseMs) || leaseMs <= 0) throw new Error(`a lease in milliseconds, not ${process.argv[2]}`);
const quiet = { info() {}, warn() {}, error() {} };
let serving: ServingHost | null = null;
const link = await connectToParent(() => (serving ? void serving.close() : process.exit(0)));
serving = serveCore({
  link,
  logger: quiet,
  onClosed: () => process.exit(0),
  startCore: (options) =>
    createCore({
      mode: 'browser',
      version: options.version,
      dataDir: options.dataDir,
      vault: createKeytarVault(options.keychainService),
      settings: createNodeSettingsStore(options.dataDir),
      logger: quiet,
      sandbox: options.sandbox,
      notifications: { enabled: false },
      poller: { autoStart: false },
      leaseTtlMs: leaseMs,
      mitBatchLeaseMs: leaseMs,
    }),
});
