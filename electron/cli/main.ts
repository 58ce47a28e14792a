/**
 * The CLI: the same core for scripted work.
 *   channels                      every contract channel with its input schema (JSON Schema)
 *   call <channel> [json]         one contract call; prints the envelope; exit 1 when not ok
 *   sandbox [--port N]            the emulators standalone; prints base URLs and credentials as JSON
 *   sandbox statement <gatewayId> …  a gateway's statement file from the sandbox's book, with planted discrepancies
 *   verify-audit                  checks the audit log: its keyed chain and the anchor of its head
 *   poll --once                   one status-poller pass over everything due (for a scheduler), unless a
 *                                 running console polls for the ledger already (it then checks nothing)
 *   mit-batch FILE --profile <id> [--yes]  merchant-initiated charges from a CSV (mit-batch-command.ts)
 *   team init | add-operator | remove-operator | operators  a team ledger and its operators (team-command.ts)
 *   receiver --config FILE        the team's webhook receiver service (receiver-command.ts)
 *   receiver write-secrets …      its secrets file from a console's keychain (receiver-secrets-command.ts)
 */
import { z } from 'zod';
import { channels, CHANNEL_NAMES } from '../../shared/ipc/contract.ts';
import { createCore } from '../core/create-core.ts';
import { defaultDataDir } from '../core/data-dir.ts';
import { ConsoleError } from '../core/errors.ts';
import { gatewayRegistry } from '../core/gateways/gateway-catalog.ts';
import { systemClock } from '../core/ports.ts';
import { createSandboxServer } from '../core/sandbox/sandbox-server.ts';
import { createNodeSettingsStore } from '../core/settings/conf-backend.ts';
import { createKeytarVault } from '../core/vault/keytar-vault.ts';
import { statementArguments, UsageError, writeStatement } from './sandbox-statement-command.ts';
import { mitBatchArguments, MitBatchUsageError, runMitBatch } from './mit-batch-command.ts';
import { exportTeamAuditKey, importTeamAuditKey } from './team-audit-key-command.ts';
import { createTeamLedger, runTeamCommand, teamArguments, TeamUsageError, type TeamCommand } from './team-command.ts';
import { receiverArguments, ReceiverUsageError, runReceiver } from './receiver-command.ts';
import { writeReceiverSecrets, writeSecretsArguments, WRITE_SECRETS_USAGE } from './receiver-secrets-command.ts';
import { consoleLogger } from '../core/console-logger.ts';

const USAGE = `usage: payments-console <command>
  channels                    list contract channels and their input schemas (JSON)
  call <channel> [json]       invoke a channel (input as JSON, default {}); prints the envelope
  sandbox [--port N]          run the gateway emulators standalone; prints base URLs and credentials
  sandbox statement <gatewayId> --from D --to D --out FILE [--plant missing=3,amount=2%] [--seed N]
                              write the gateway's statement from the sandbox's book; prints the manifest
  verify-audit                verify the audit log (keyed chain, anchored head); names the first failing entry
  poll --once                 one pass of the status poller over everything due; prints a JSON summary
                              (none when a running console polls for this ledger: deferredTo names it)
  mit-batch FILE --profile <id> [--yes]
                              preview a CSV of merchant-initiated charges, charge it (with --yes or a typed yes),
                              write the result file; exit 1 when a row could not be charged
  team init --ledger postgresql://<admin>@<host>/<db>
                              create a team ledger as that login (its admin) and make it this data folder's ledger
  team add-operator <login> --role viewer|agent|finance|admin [--add r,…] [--remove r,…] [--create-login]
  team remove-operator <login> | team operators
                              the team ledger's operators (run as an admin's data folder)
  team export-audit-key --out FILE | team import-audit-key FILE
                              carry the team ledger's audit key to another operator's keychain
  receiver --config FILE      the team's webhook receiver service: gateways' webhooks into the shared ledger
                              (config and secrets: README, "Webhook receiver"); stops cleanly on SIGTERM
  receiver write-secrets --config FILE --out FILE
                              on a console: the receiver's secrets file (mode 0600) from this console's keychain
environment: CONSOLE_DATA_DIR (data folder), CONSOLE_NO_SANDBOX=1 (do not start the sandbox)`;

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

async function withCore<T>(work: (core: Awaited<ReturnType<typeof createCore>>) => Promise<T>): Promise<T> {
  const dataDir = defaultDataDir();
  const core = await createCore({
    // One-shot commands: the poller's passes run only when asked (`poll --once`).
    poller: { autoStart: false },
    mode: 'cli',
    dataDir,
    vault: createKeytarVault(process.env.CONSOLE_KEYCHAIN_SERVICE || undefined),
    settings: createNodeSettingsStore(dataDir),
    sandbox: { enabled: process.env.CONSOLE_NO_SANDBOX !== '1' },
  });
  try {
    return await work(core);
  } finally {
    await core.close();
  }
}

export async function runCli(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'channels': {
      print(
        CHANNEL_NAMES.map((name) => ({
          channel: name,
          description: channels[name].description,
          sensitive: channels[name].sensitive,
          input: z.toJSONSchema(channels[name].input, { io: 'input', unrepresentable: 'any' }),
        })),
      );
      return 0;
    }
    case 'call': {
      const [channel, json] = rest;
      if (!channel) {
        process.stderr.write(`${USAGE}\n`);
        return 2;
      }
      let input: unknown = {};
      if (json !== undefined) {
        try {
          input = JSON.parse(json);
        } catch {
          print({ ok: false, error: { kind: 'validation', message: 'The input is not valid JSON' } });
          return 1;
        }
      }
      const envelope = await withCore((core) => core.door.invoke(channel, input, { origin: 'cli', operator: core.operator }));
      print(envelope);
      return envelope.ok ? 0 : 1;
    }
    case 'verify-audit': {
      const envelope = await withCore((core) => core.door.invoke('audit:verify', {}, { origin: 'cli', operator: core.operator }));
      print(envelope);
      return envelope.ok && (envelope.value as { ok: boolean }).ok ? 0 : 1;
    }
    case 'poll': {
      if (rest[0] !== '--once') {
        process.stderr.write('usage: payments-console poll --once\n');
        return 2;
      }
      const summary = await withCore((core) => {
        // A pass could only ask gateways for answers the audit log could not record.
        if (core.internals.auditRefusal !== null) throw core.internals.auditRefusal();
        return core.internals.poller.passForTeam();
      });
      print(summary);
      if (summary.deferredTo !== null) process.stderr.write(`nothing checked: ${summary.deferredTo} polls for every console on this ledger\n`);
      // A scheduler sees only the exit code: a check that could not run is money left waiting unseen.
      if (summary.failed > 0) {
        process.stderr.write(`${summary.failed} of ${summary.checked} status checks could not be made; they stay due and are tried again on the next pass\n`);
        return 1;
      }
      return 0;
    }
    case 'mit-batch': {
      let parsed: ReturnType<typeof mitBatchArguments>;
      try {
        parsed = mitBatchArguments(rest);
      } catch (error) {
        if (!(error instanceof MitBatchUsageError)) throw error;
        process.stderr.write(`${error.message}\n`);
        return 2;
      }
      return withCore(async (core) => {
        try {
          return await runMitBatch(core, parsed);
        } catch (error) {
          const envelope = (error as { envelope?: unknown }).envelope;
          if (envelope === undefined) throw error;
          print(envelope);
          return 1;
        }
      });
    }
    case 'team': {
      let parsed: TeamCommand;
      try {
        parsed = teamArguments(rest);
      } catch (error) {
        if (!(error instanceof TeamUsageError)) throw error;
        process.stderr.write(`${error.message}\n`);
        return 2;
      }
      if (parsed.kind === 'init') {
        const password = process.env['CONSOLE_LEDGER_PASSWORD'] || null;
        const made = await createTeamLedger(parsed.connectionString, password, createKeytarVault(process.env.CONSOLE_KEYCHAIN_SERVICE || undefined), defaultDataDir());
        const saved = await withCore((core) =>
          core.door.invoke('ledger:save', { choice: { backend: 'postgres', connectionString: parsed.connectionString }, ...(password ? { password } : {}) }, { origin: 'cli', operator: core.operator }),
        );
        print(saved.ok ? { ok: true, value: { ledger: parsed.connectionString, login: made.login, role: made.role, owner: made.owner, auditKey: made.auditKey, takesEffect: 'on-restart' } } : saved);
        return saved.ok ? 0 : 1;
      }
      if (parsed.kind === 'export-audit-key') {
        print({ ok: true, value: await exportTeamAuditKey(parsed.out) });
        return 0;
      }
      if (parsed.kind === 'import-audit-key') {
        print({ ok: true, value: await importTeamAuditKey(parsed.file) });
        return 0;
      }
      const command = parsed;
      const result = await withCore((core) => runTeamCommand(core, command));
      print(result.envelope);
      return result.ok ? 0 : 1;
    }
    case 'receiver': {
      if (rest[0] === 'write-secrets') {
        const secretsArgs = writeSecretsArguments(rest.slice(1));
        if (secretsArgs === null) {
          process.stderr.write(`${WRITE_SECRETS_USAGE}\n`);
          return 2;
        }
        print(await writeReceiverSecrets(secretsArgs));
        return 0;
      }
      let parsed: ReturnType<typeof receiverArguments>;
      try {
        parsed = receiverArguments(rest);
      } catch (error) {
        if (!(error instanceof ReceiverUsageError)) throw error;
        process.stderr.write(`${error.message}\n`);
        return 2;
      }
      return runReceiver(parsed, consoleLogger);
    }
    case 'sandbox': {
      if (rest[0] === 'statement') {
        let parsed: ReturnType<typeof statementArguments>;
        try {
          parsed = statementArguments(rest.slice(1));
        } catch (error) {
          if (!(error instanceof UsageError || (error instanceof TypeError && 'code' in error))) throw error;
          process.stderr.write(`${error.message}\n`);
          return 2;
        }
        const envelope = await withCore((core) => core.door.invoke('sandbox:statement', parsed.input, { origin: 'cli', operator: core.operator }));
        print(await writeStatement(envelope, parsed.out, parsed.manifest));
        return envelope.ok ? 0 : 1;
      }
      const portFlag = rest.indexOf('--port');
      const port = portFlag >= 0 ? Number(rest[portFlag + 1]) : 0;
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        process.stderr.write('--port takes a number from 0 to 65535\n');
        return 2;
      }
      const definitions = [...gatewayRegistry.values()];
      const server = await createSandboxServer({ definitions, clock: systemClock, port, host: '127.0.0.1' });
      print({
        baseUrl: server.baseUrl,
        gateways: definitions.map((definition) => {
          const profile = server.emulator(definition.descriptor.id).sandboxProfile();
          return { gatewayId: definition.descriptor.id, baseUrl: `${server.baseUrl}${profile.baseUrlPath}`, options: profile.options, credentials: profile.credentials };
        }),
        scenarios: server.scenarios(),
      });
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
      return 0;
    }
    default:
      process.stderr.write(`${USAGE}\n`);
      return command === undefined || command === '--help' || command === 'help' ? 0 : 2;
  }
}

/** The whole command line: what `bin.mjs` (installed) and `node electron/cli/main.ts` run; sets the exit code. */
export async function runCliEntry(argv: readonly string[]): Promise<void> {
  try {
    process.exitCode = await runCli(argv);
  } catch (error) {
    if (!(error instanceof ConsoleError)) throw error;
    // The core could not start (no keychain, say): the same envelope a failed call prints.
    print({ ok: false, error: { kind: error.kind, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } });
    process.exitCode = 1;
  }
}

if (import.meta.main) await runCliEntry(process.argv.slice(2));
