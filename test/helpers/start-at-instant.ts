/**
 * Consoles in a child process that start at given instants, so that several processes open a new
 * data folder at the same moment (closer than processes spawned together ever are, since each
 * spends a varying time loading its modules first). On the i-th folder it starts at
 * `<epoch-ms> + i * <step-ms>`, writes one audited change and closes; it prints the workspace id
 * each folder got, in order, as JSON.
 *   node test/helpers/start-at-instant.ts <epoch-ms> <step-ms> <keychainService> <n> <dataDir>...
 */
import { createCore } from '../../electron/core/create-core.ts';
import { createNodeSettingsStore } from '../../electron/core/settings/conf-backend.ts';
import { createKeytarVault } from '../../electron/core/vault/keytar-vault.ts';
import { quietLogger } from './test-core.ts';

const [at, step, keychainService, n, ...dataDirs] = process.argv.slice(2);
if (!at || !step || !keychainService || !n || dataDirs.length === 0) throw new Error('usage: start-at-instant.ts <epoch-ms> <step-ms> <keychainService> <n> <dataDir>...');

const vault = createKeytarVault(keychainService);
const workspaceIds: string[] = [];
for (const [i, dataDir] of dataDirs.entries()) {
  const settings = createNodeSettingsStore(dataDir);
  // A busy wait on the sub-millisecond clock: a timer would add its own few milliseconds of jitter.
  const instant = Number(at) + i * Number(step);
  while (performance.timeOrigin + performance.now() < instant);
  const core = await createCore({
    mode: 'cli',
    dataDir,
    vault,
    settings,
    logger: quietLogger,
    sandbox: { enabled: false },
    notifications: { enabled: false },
    poller: { autoStart: false },
    recoverOnStart: false,
  });
  try {
    const created = await core.door.invoke('profiles:create', { name: `Desk ${n}`, gatewayId: 'sayswitch', environment: 'sandbox', baseUrl: 'http://127.0.0.1:9/sayswitch' }, { origin: 'cli', operator: `desk-${n}` });
    if (!created.ok) throw new Error(`profiles:create failed: ${created.error.kind}: ${created.error.message}`);
    workspaceIds.push(core.info.workspaceId);
  } finally {
    await core.close();
  }
}
process.stdout.write(`${JSON.stringify(workspaceIds)}\n`);
