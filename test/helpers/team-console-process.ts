/**
 * One operator's console in a process of its own on a team ledger: starts a core as the given
 * login on the given data folder (its sandbox profiles and keychain entries), prints `ready`, waits
 * for `go` on stdin, makes one contract call and prints its envelope as JSON. Two of these told
 * `go` together race as two operators' consoles would.
 * Run as `node team-console-process.ts '<json>'`.
 */
import { createInterface } from 'node:readline';
import { createCore } from '../../electron/core/create-core.ts';
import { createNodeSettingsStore } from '../../electron/core/settings/conf-backend.ts';
import { createKeytarVault } from '../../electron/core/vault/keytar-vault.ts';
import { quietLogger } from './test-core.ts';

interface Input {
  readonly dataDir: string;
  readonly keychainService: string;
  readonly connectionString: string;
  readonly password: string | null;
  readonly channel: string;
  readonly input: unknown;
}

const input = JSON.parse(process.argv[2] ?? '{}') as Input;
const core = await createCore({
  mode: 'cli',
  dataDir: input.dataDir,
  vault: createKeytarVault(input.keychainService),
  settings: createNodeSettingsStore(input.dataDir),
  logger: quietLogger,
  ledger: { kind: 'postgres', connectionString: input.connectionString, password: input.password },
  sandbox: { enabled: false },
  notifications: { enabled: false },
  poller: { autoStart: false },
  recoverOnStart: false,
  mitBatchWatch: false,
});
try {
  process.stdout.write('ready\n');
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) if (line.trim() === 'go') break;
  lines.close();
  const envelope = await core.door.invoke(input.channel, input.input, { origin: 'cli', operator: core.operator });
  process.stdout.write(`${JSON.stringify(envelope)}\n`);
} finally {
  await core.close();
}
