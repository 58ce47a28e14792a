/**
 * `payments-console receiver write-secrets --config FILE --out FILE`, run on a console of the
 * team as its user: writes the receiver's secrets file from that console's keychain — the team's
 * audit key, the shared ledger's password when one is stored, and for each profile the receiver
 * configuration names, only the credential fields its gateway verifies webhooks with. The file is
 * created with mode 0600 and never over an existing one; what is printed names fields, never values.
 */
import { ValidationError } from '../core/errors.ts';
import { readReceiverConfig } from '../core/receiver/receiver-config.ts';
import { secretsFileSchema, webhookFieldsOf } from '../core/receiver/receiver-secrets.ts';
import { credentialAccount } from '../core/vault/credential-store.ts';
import { storedOf } from '../core/vault/team-audit-key.ts';
import { LEDGER_PASSWORD_ACCOUNT } from '../core/workspace/ledger-location.ts';
import { writeSecretFile } from './secret-file.ts';
import { heldTeamKey, teamLedgerAccess } from './team-audit-key-command.ts';

export const WRITE_SECRETS_USAGE = 'usage: payments-console receiver write-secrets --config FILE --out FILE';

export function writeSecretsArguments(args: readonly string[]): { configFile: string; out: string } | null {
  const value = (flag: string) => {
    const at = args.indexOf(flag);
    const found = at >= 0 ? args[at + 1] : undefined;
    return found === undefined || found.startsWith('--') ? undefined : found;
  };
  const configFile = value('--config');
  const out = value('--out');
  return configFile === undefined || out === undefined || args.length !== 4 ? null : { configFile, out };
}

export interface SecretsWritten {
  readonly written: string;
  readonly ledgerPassword: boolean;
  /** The fields written per profile: names only. */
  readonly profiles: Record<string, string[]>;
}

export async function writeReceiverSecrets(args: { configFile: string; out: string }, env: NodeJS.ProcessEnv = process.env): Promise<SecretsWritten> {
  const config = readReceiverConfig(args.configFile);
  // The ledger as the receiver will reach it: its address, with the password written for it below.
  const access = await teamLedgerAccess(env, config.ledger.connectionString);
  const teamKey = await heldTeamKey(access);
  const vault = access.folderVault;
  const ledgerPassword = await vault.get(LEDGER_PASSWORD_ACCOUNT);
  const profiles: Record<string, Record<string, string>> = {};
  const missing: Record<string, string> = {};
  for (const profile of config.profiles) {
    for (const field of webhookFieldsOf(profile)) {
      const value = await vault.get(credentialAccount(profile.id, field.name));
      if (value === null) missing[`profiles.${profile.id}.${field.name}`] = `${field.label} is not in this console's keychain`;
      else profiles[profile.id] = { ...profiles[profile.id], [field.name]: value };
    }
  }
  if (Object.keys(missing).length > 0) throw new ValidationError('This console does not hold every webhook secret the receiver configuration needs; nothing was written', missing);

  const file = secretsFileSchema.parse({ ...(ledgerPassword === null ? {} : { ledgerPassword }), auditChainKey: storedOf(teamKey), profiles });
  writeSecretFile(args.out, file);
  return { written: args.out, ledgerPassword: ledgerPassword !== null, profiles: Object.fromEntries(Object.entries(profiles).map(([id, fields]) => [id, Object.keys(fields)])) };
}
