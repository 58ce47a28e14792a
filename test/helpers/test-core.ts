/**
 * A real core for tests: a fresh data folder, a real SQLite ledger, the real keychain (under a
 * service name of its own, removed afterwards) and the real sandbox on a free loopback port.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createCore, type Core, type CoreOptions } from '../../electron/core/create-core.ts';
import { createNodeSettingsStore } from '../../electron/core/settings/conf-backend.ts';
import { credentialAccount } from '../../electron/core/vault/credential-store.ts';
import { createKeytarVault } from '../../electron/core/vault/keytar-vault.ts';
import type { InvocationContext } from '../../electron/core/door.ts';
import type { Logger } from '../../electron/core/ports.ts';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../shared/ipc/contract.ts';
import type { Envelope } from '../../shared/ipc/envelope.ts';

export const quietLogger: Logger = { info() {}, warn() {}, error() {} };

export interface TestCore {
  readonly core: Core;
  readonly dataDir: string;
  readonly keychainService: string;
  call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Envelope<ChannelOutput<C>>>;
  /** Like `call` but fails the test on an error envelope. */
  value<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  close(): Promise<void>;
}

export const testContext: InvocationContext = { origin: 'cli', operator: 'test-operator' };

export async function startTestCore(options: Partial<CoreOptions> & { dataDir?: string; keychainService?: string } = {}): Promise<TestCore> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'console-test-'));
  const keychainService = options.keychainService ?? `payments-console-test-${randomBytes(6).toString('hex')}`;
  const vault = options.vault ?? createKeytarVault(keychainService);
  const core = await createCore({
    mode: 'cli',
    dataDir,
    vault,
    settings: options.settings ?? createNodeSettingsStore(dataDir),
    logger: quietLogger,
    operator: testContext.operator,
    // Tests run poller passes themselves, so background checks never race their assertions.
    poller: { autoStart: false },
    ...options,
  });
  const call = <C extends ChannelName>(channel: C, input: ChannelInput<C>) =>
    core.door.invoke(channel, input, testContext) as Promise<Envelope<ChannelOutput<C>>>;
  return {
    core,
    dataDir,
    keychainService,
    call,
    async value(channel, input) {
      const envelope = await call(channel, input);
      if (!envelope.ok) throw new Error(`${channel} failed: ${envelope.error.kind}: ${envelope.error.message} ${JSON.stringify(envelope.error.fields ?? {})}`);
      return envelope.value;
    },
    async close() {
      const profiles = core.internals.profiles.list();
      await core.close();
      // This data folder's entries only: another core of the test may share the keychain service.
      const cleanup = core.internals.vault;
      for (const profile of profiles) for (const field of Object.keys(profile.credentials)) await cleanup.delete(credentialAccount(profile.id, field)).catch(() => false);
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
