/**
 * One phase of the reconciliation bench in a process of its own (recon-import.bench.ts runs it,
 * bundled as the core host is, with the statement's reading thread bundled beside it): its result
 * as JSON on the last line of stdout.
 *
 *   node recon-phases.cjs parse|match|import STATEMENT LEDGER
 */
import { importPhase, matchPhase, parsePhase } from './recon-phases.ts';

export const RECON_PHASES = { parse: parsePhase, match: matchPhase, import: importPhase } as const;
export type ReconPhaseName = keyof typeof RECON_PHASES;

async function run(): Promise<void> {
  const [name, statementFile, ledgerFile] = process.argv.slice(2);
  if (name === undefined || !(name in RECON_PHASES) || statementFile === undefined || ledgerFile === undefined) throw new Error('usage: recon-phases parse|match|import STATEMENT LEDGER');
  const result = await RECON_PHASES[name as ReconPhaseName](statementFile, ledgerFile);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

run().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
