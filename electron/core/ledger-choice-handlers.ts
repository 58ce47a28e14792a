/**
 * The channels of Settings → Ledger: where this workspace keeps its ledger. A saved choice is read
 * when the core starts (workspace/ledger-location.ts), so it takes effect on the next start; the
 * shared database's password goes to the keychain and only "stored or not" ever comes back.
 */
import type { LedgerChoice } from '../../shared/domain/ledger-choice.ts';
import type { ChannelOutput } from '../../shared/ipc/contract.ts';
import type { Auditor } from './audit.ts';
import type { Handlers } from './door.ts';
import { ValidationError } from './errors.ts';
import type { Logger } from './ports.ts';
import type { SettingsStore } from './settings/settings-store.ts';
import type { CredentialStore } from './vault/credential-store.ts';
import { LEDGER_PASSWORD_ACCOUNT, sameServer, savedConnectionString } from './workspace/ledger-location.ts';
import { testPostgresConnection, type ConnectionTestLimits } from './workspace/postgres-connection-test.ts';

export const LEDGER_CHOICE_CHANNELS = ['ledger:get', 'ledger:save', 'ledger:testConnection'] as const;
export type LedgerChoiceChannel = (typeof LEDGER_CHOICE_CHANNELS)[number];

export interface LedgerChoiceDeps {
  readonly settings: SettingsStore;
  /** The data folder's vault (namespaced by its workspace id). */
  readonly vault: CredentialStore;
  readonly auditor: Auditor;
  readonly logger: Logger;
  readonly connectionTest?: Partial<ConnectionTestLimits>;
}

/** What the audit log keeps of a choice: where, never how to get in. */
function auditDetails(choice: LedgerChoice): Record<string, unknown> {
  if (choice.backend === 'sqlite') return { backend: 'sqlite' };
  const url = new URL(choice.connectionString);
  return { backend: 'postgres', host: url.hostname, port: url.port || '5432', database: decodeURIComponent(url.pathname.slice(1)), user: decodeURIComponent(url.username) };
}

export function createLedgerChoiceHandlers(deps: LedgerChoiceDeps): Pick<Handlers, LedgerChoiceChannel> {
  const { settings, vault } = deps;

  async function answer(choice: LedgerChoice): Promise<ChannelOutput<'ledger:get'>> {
    const passwordStored = choice.backend === 'postgres' && (await vault.get(LEDGER_PASSWORD_ACCOUNT)) !== null;
    return { choice, passwordStored, takesEffect: 'on-restart' };
  }

  return {
    'ledger:get': async () => answer(settings.read().ledger),

    'ledger:save': async (input, context) => {
      const { choice, password } = input;
      if (choice.backend === 'sqlite' && password !== undefined) {
        throw new ValidationError('A ledger on this computer has no password', { password: 'Leave the password empty for a ledger on this computer' });
      }
      const before = savedConnectionString(settings.read().ledger);
      // The keychain first: when it does not answer, nothing has changed yet.
      let passwordForgotten = false;
      if (password !== undefined) {
        await vault.set(LEDGER_PASSWORD_ACCOUNT, password);
      } else if (choice.backend === 'postgres' && (before === null || !sameServer(before, choice.connectionString))) {
        // A password given for one server is never sent to another one.
        passwordForgotten = await vault.delete(LEDGER_PASSWORD_ACCOUNT);
      }
      settings.update((current) => ({ ...current, ledger: choice }));
      deps.auditor.record(context, 'ledger.choose', { type: 'workspace', id: null }, 'succeeded', {
        ...auditDetails(choice),
        passwordChanged: password !== undefined,
        passwordForgotten,
      });
      return answer(choice);
    },

    'ledger:testConnection': async (input) => {
      let password = input.password;
      if (password === undefined) {
        // The stored password goes only to the server it was saved for, whatever string is tested.
        const saved = savedConnectionString(settings.read().ledger);
        password = saved !== null && sameServer(saved, input.connectionString) ? ((await vault.get(LEDGER_PASSWORD_ACCOUNT)) ?? '') : '';
      }
      const result = await testPostgresConnection(input.connectionString, password, deps.connectionTest);
      deps.logger.info('ledger connection tested', result.ok ? { ok: true, schemaVersion: result.schemaVersion } : { ok: false, reason: result.reason, code: result.code });
      return result;
    },
  };
}
