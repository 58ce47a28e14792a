/**
 * `sandbox statement <gatewayId> --from D --to D [--plant missing=3,amount=2%,…] [--seed N] --out FILE`:
 * asks the sandbox for its gateway's statement through the `sandbox:statement` channel, writes the
 * file and prints the manifest of what was planted (JSON), so a script can check a matcher against it.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { PLANT_KINDS, type PlantKind, type SandboxStatementAnswer } from '../../shared/domain/sandbox-statement.ts';
import type { Envelope } from '../../shared/ipc/envelope.ts';

export const STATEMENT_USAGE = `usage: payments-console sandbox statement <gatewayId> --from YYYY-MM-DD --to YYYY-MM-DD --out FILE
  [--plant kind=N|kind=P%,…]   kinds: ${PLANT_KINDS.join(', ')} (a count, or a share of the booked rows)
  [--seed N] [--fee-bp N --fee-fixed MINOR] [--settlement-days N] [--manifest FILE]`;

export class UsageError extends Error {
  override name = 'UsageError';
}

/** `missing=3,amount=2%` → counts and shares. */
export function parsePlant(text: string): { counts: Partial<Record<PlantKind, number>>; shares: Partial<Record<PlantKind, number>> } {
  const counts: Partial<Record<PlantKind, number>> = {};
  const shares: Partial<Record<PlantKind, number>> = {};
  for (const part of text.split(',').filter((piece) => piece.trim() !== '')) {
    const match = /^\s*([a-z_]+)\s*=\s*(\d+(?:\.\d+)?)(%?)\s*$/.exec(part);
    const kind = match?.[1] as PlantKind | undefined;
    if (!match || kind === undefined || !PLANT_KINDS.includes(kind)) throw new UsageError(`--plant: "${part}" is not kind=N or kind=P% (kinds: ${PLANT_KINDS.join(', ')})`);
    const value = Number(match[2]);
    if (match[3] === '%') shares[kind] = value / 100;
    else if (Number.isInteger(value)) counts[kind] = value;
    else throw new UsageError(`--plant: a count is a whole number ("${part}")`);
  }
  return { counts, shares };
}

function optionalInteger(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} takes a whole number`);
  return Number(value);
}

/** The channel input and the output paths the arguments ask for. */
export function statementArguments(args: readonly string[]): { input: Record<string, unknown>; out: string; manifest: string | null } {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      plant: { type: 'string' },
      seed: { type: 'string' },
      'fee-bp': { type: 'string' },
      'fee-fixed': { type: 'string' },
      'settlement-days': { type: 'string' },
      out: { type: 'string' },
      manifest: { type: 'string' },
    },
  });
  const [gatewayId] = positionals;
  if (gatewayId === undefined || positionals.length > 1 || values.from === undefined || values.to === undefined || values.out === undefined) throw new UsageError(STATEMENT_USAGE);
  const basisPoints = optionalInteger(values['fee-bp'], '--fee-bp');
  const fixedMinor = optionalInteger(values['fee-fixed'], '--fee-fixed');
  const input: Record<string, unknown> = { gatewayId, from: values.from, to: values.to, plant: values.plant === undefined ? {} : parsePlant(values.plant) };
  const seed = optionalInteger(values.seed, '--seed');
  if (seed !== undefined) input['seed'] = seed;
  if (basisPoints !== undefined || fixedMinor !== undefined) input['fees'] = { basisPoints: basisPoints ?? 0, fixedMinor: fixedMinor ?? 0 };
  const settlementDays = optionalInteger(values['settlement-days'], '--settlement-days');
  if (settlementDays !== undefined) input['settlementDays'] = settlementDays;
  return { input, out: values.out, manifest: values.manifest ?? null };
}

/** Writes the file (and the manifest where asked); answers what to print. */
export async function writeStatement(envelope: Envelope<unknown>, out: string, manifestPath: string | null): Promise<unknown> {
  if (!envelope.ok) return envelope;
  const answer = envelope.value as SandboxStatementAnswer;
  await writeFile(out, answer.encoding === 'base64' ? Buffer.from(answer.content, 'base64') : answer.content);
  if (manifestPath !== null) await writeFile(manifestPath, `${JSON.stringify(answer.manifest, null, 2)}\n`);
  return { ok: true, file: out, fileName: answer.fileName, rows: answer.rows, manifest: answer.manifest };
}
